// Loading journeys, segments and templates into the model, and a whole
// workspace: journeyctl.yaml, then journeys/*.yaml, segments/*.yaml and
// templates/*.yaml (each folder sorted by file name, .yaml or .yml) and the
// files templates name. Every problem becomes a diagnostic (codes in
// core/workspace/codes.md) and loading goes on; a file with a YAML syntax
// error gets one diagnostic and the other files are still loaded.
#pragma once

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "core/yaml/document.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

// One parsed document of each kind (file set to ctx.path()). A template's
// html_file / text_file are recorded, not read: load_workspace reads them.
Journey read_journey(core::yaml::FileContext& ctx, const YAML::Node& root);
Segment read_segment(core::yaml::FileContext& ctx, const YAML::Node& root);
Template read_template(core::yaml::FileContext& ctx, const YAML::Node& root);

// The workspace whose journeyctl.yaml is in `root` (see
// core::workspace::locate_workspace to find it). Never throws for problems
// in the files; they are in Workspace::diagnostics, sorted.
Workspace load_workspace(const std::filesystem::path& root);

}  // namespace journeyctl::journeys
