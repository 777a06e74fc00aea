// What every command that loads the workspace's data shows on stderr: a
// progress bar while loading (only when stderr is a terminal), then, when
// rows were rejected, a warning with the count per reason and the first
// rows as `path:line: reason: detail` (the command goes on; --strict makes
// the first bad row an error, exit 3, before this is reached).
#pragma once

#include <filesystem>

#include "cmd/context.hpp"
#include "core/data/dataset.hpp"
#include "core/workspace/model.hpp"

namespace journeyctl::cmd {

// Sets options.progress to draw a bar on stderr when it is a terminal and
// -q is not given.
void attach_progress(core::data::LoadOptions& options, const Context& context);

// The rejected-rows warning on stderr; nothing when no row was rejected or
// with -q.
void warn_rejected_rows(const core::data::LoadReport& report, const Context& context);

// load_dataset with both of the above.
core::data::Dataset load_data(const core::workspace::WorkspaceConfig& config, const std::filesystem::path& root,
                              core::data::LoadOptions options, const Context& context);

}  // namespace journeyctl::cmd
