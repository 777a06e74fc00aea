// Loading journeyctl.yaml into a WorkspaceConfig and finding the workspace.
// Problems become diagnostics (codes in core/workspace/codes.md); loading
// reads every key it can instead of stopping at the first problem.
#pragma once

#include <filesystem>
#include <optional>

#include <yaml-cpp/yaml.h>

#include "core/workspace/model.hpp"
#include "core/yaml/document.hpp"

namespace journeyctl::core::workspace {

// Parses the file of ctx and reads it; syntax errors leave loaded = false.
WorkspaceConfig load_config(yaml::FileContext& ctx);
// Reads an already parsed document.
WorkspaceConfig read_config(yaml::FileContext& ctx, const YAML::Node& root);

// The folder holding journeyctl.yaml: `start` itself or its nearest
// ancestor; nothing when there is none up to the filesystem root.
std::optional<std::filesystem::path> find_workspace_root(const std::filesystem::path& start);
// As `git -C`: search upward from `dir` (the -C folder, or the current
// one); throws UsageError naming the folder when no workspace is found.
std::filesystem::path locate_workspace(const std::filesystem::path& dir);

}  // namespace journeyctl::core::workspace
