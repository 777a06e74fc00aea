// The column cache (core/data/cache.hpp) as the commands use it: where it
// lives (the `cache` folder beside the state database, so that one
// `.journeyctl/` in .gitignore covers both), --no-cache, and its warnings.
// Every command that loads data sets its LoadOptions here.
#pragma once

#include <filesystem>

#include "cmd/context.hpp"
#include "core/data/dataset.hpp"
#include "core/workspace/model.hpp"

namespace journeyctl::cmd {

// The workspace's cache folder: `cache/` in the folder of `state:`
// (.journeyctl/cache by default), or `.journeyctl-cache/` when the state
// database sits at the root. ConfigError when `state:` leads outside the
// workspace.
std::filesystem::path cache_folder(const core::workspace::WorkspaceConfig& config, const std::filesystem::path& root);

// Sets options.cache_folder, unless --no-cache or `state:` leads outside
// the workspace.
void attach_cache(core::data::LoadOptions& options, const core::workspace::WorkspaceConfig& config,
                  const std::filesystem::path& root, const Context& context);

// The cache's warning on stderr (a damaged cache rebuilt, a cache that
// could not be written); nothing with -q.
void warn_cache(const core::data::LoadReport& report, const Context& context);

}  // namespace journeyctl::cmd
