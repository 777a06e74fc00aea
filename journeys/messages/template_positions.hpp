// Where a template diagnostic is in the user's file. core/template reports
// positions inside the template text, each with its byte offset there (and
// names the place a block was opened in its message: "unclosed 'if' block
// opened at 1:4", with a note at that place); the text came from a YAML
// scalar or an html_file / text_file whose Text maps offsets to file
// positions. validate and render (dry-run, send) both map through this, so
// they show the same positions.
#pragma once

#include <string>

#include "core/diag/diagnostic.hpp"
#include "core/yaml/located.hpp"

namespace journeyctl::journeys {

// The diagnostic's message with the "opened at LINE:COL" of its first note
// turned into that note's file position, so that it agrees with the
// diagnostic's own position.
std::string message_in_file(const core::diag::Diagnostic& d, const core::yaml::Text& text);

}  // namespace journeyctl::journeys
