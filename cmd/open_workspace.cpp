// Opening the workspace (see open_workspace.hpp).
#include "cmd/open_workspace.hpp"

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "core/workspace/load.hpp"
#include "journeys/model/load.hpp"

namespace journeyctl::cmd {

journeys::Workspace open_workspace(const Context& context) {
    return open_workspace_at(core::workspace::locate_workspace(context.start_folder()));
}

journeys::Workspace open_workspace_at(const std::filesystem::path& root) {
    journeys::Workspace workspace = journeys::load_workspace(root);
    for (const core::diag::Diagnostic& d : workspace.diagnostics) {
        if (d.code == "read-error" && d.path == core::workspace::k_config_file) {
            throw core::ConfigError(fmt::format("cannot read {}", (root / d.path).string()));
        }
    }
    return workspace;
}

}  // namespace journeyctl::cmd
