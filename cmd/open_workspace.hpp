// The workspace a command works on: found upward from the context's start
// folder (-C DIR or the current one) and loaded. Every command but
// validate (which reports every problem itself) opens it this way.
#pragma once

#include <filesystem>

#include "cmd/context.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::cmd {

// ConfigError (exit 2) when no journeyctl.yaml is found or it cannot be
// read; other problems stay in Workspace::diagnostics for the caller.
journeys::Workspace open_workspace(const Context& context);
// The workspace whose journeyctl.yaml is in `root` (diff's base).
journeys::Workspace open_workspace_at(const std::filesystem::path& root);

}  // namespace journeyctl::cmd
