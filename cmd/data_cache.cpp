// Where the column cache lives, and its warnings (see data_cache.hpp).
#include "cmd/data_cache.hpp"

#include <cstdio>
#include <variant>

#include "core/diag/errors.hpp"
#include "core/util/escape.hpp"
#include "core/workspace/paths.hpp"

namespace journeyctl::cmd {

namespace fs = std::filesystem;

fs::path cache_folder(const core::workspace::WorkspaceConfig& config, const fs::path& root) {
    // The state path is checked as the state database's own: a workspace
    // cannot make journeyctl write outside it.
    const auto resolved = core::workspace::resolve_inside(root, "", config.state_path());
    if (const auto* problem = std::get_if<core::workspace::PathProblem>(&resolved)) {
        throw core::ConfigError(problem->message);
    }
    const auto& state = std::get<core::workspace::WorkspacePath>(resolved);
    const fs::path relative_folder = fs::path(state.relative).parent_path();
    const bool at_root = relative_folder.empty() || relative_folder == ".";
    return at_root ? root / ".journeyctl-cache" : state.file.parent_path() / "cache";
}

void attach_cache(core::data::LoadOptions& options, const core::workspace::WorkspaceConfig& config,
                  const fs::path& root, const Context& context) {
    if (context.options.no_cache) return;
    // A `state:` that leads outside the workspace is validate's error to
    // report (and send's to refuse); reading data goes on without a cache.
    const auto resolved = core::workspace::resolve_inside(root, "", config.state_path());
    if (std::holds_alternative<core::workspace::PathProblem>(resolved)) return;
    options.cache_folder = cache_folder(config, root);
}

void warn_cache(const core::data::LoadReport& report, const Context& context) {
    if (report.cache.warning.empty() || context.options.quiet) return;
    std::fprintf(stderr, "journeyctl: warning: %s\n", core::util::escape_controls(report.cache.warning).c_str());
}

}  // namespace journeyctl::cmd
