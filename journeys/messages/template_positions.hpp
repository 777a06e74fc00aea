// Where a template diagnostic is in the user's file. core/template reports
// line and column inside the template text (and names other places in
// that text in its messages: "unclosed 'if' block opened at 1:4"); the
// text came from a YAML scalar or an html_file / text_file whose Text maps
// offsets to file positions. validate and render (dry-run, send) both map
// through this, so they show the same positions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/yaml/located.hpp"

namespace journeyctl::journeys {

class TemplatePositions {
public:
    // `text` must outlive this object.
    explicit TemplatePositions(const core::yaml::Text& text);

    // The offset in the template text of a line and column (1-based) in it.
    uint32_t offset_of(uint32_t line, uint32_t column) const;
    // The file position of a line and column in the template text.
    core::yaml::SourcePos file_pos(uint32_t line, uint32_t column) const;
    // The message with each "opened at LINE:COL" turned into its file
    // position, so it agrees with the diagnostic's own position.
    std::string map_message(std::string message) const;

private:
    const core::yaml::Text& m_text;
    std::vector<uint32_t> m_line_starts;  // built once: positions cost log(lines) each
};

}  // namespace journeyctl::journeys
