#include "cmd/workspace_inputs.hpp"

#include <sys/stat.h>

#include <set>
#include <system_error>

#include <fmt/format.h>

#include "core/diag/errors.hpp"

namespace journeyctl::cmd {
namespace fs = std::filesystem;
namespace {

std::string config_key(std::string_view key) {
    return fmt::format("{} in {}", key, core::workspace::k_config_file);
}

// The same file: one inode when both exist (symlinks followed, hard links
// caught), else the same path once `..`, `.` and symlinked folders are
// resolved (a file that does not exist yet, like a first state database).
bool same_file(const fs::path& a, const fs::path& b) {
    struct stat sa {};
    struct stat sb {};
    const bool a_exists = ::stat(a.c_str(), &sa) == 0;
    const bool b_exists = ::stat(b.c_str(), &sb) == 0;
    if (a_exists && b_exists) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (a_exists != b_exists) return false;
    std::error_code ea;
    std::error_code eb;
    const fs::path ca = fs::weakly_canonical(fs::absolute(a), ea);
    const fs::path cb = fs::weakly_canonical(fs::absolute(b), eb);
    return !ea && !eb && ca == cb;
}

}  // namespace

std::vector<WorkspaceInput> workspace_inputs(const journeys::Workspace& workspace) {
    const fs::path root = fs::absolute(workspace.root);
    const auto& config = workspace.config;
    std::vector<WorkspaceInput> inputs;
    std::set<std::string> named;  // relative paths described so far
    auto add = [&](const std::string& relative, std::string what) {
        std::string name = fs::path(relative).lexically_normal().generic_string();
        named.insert(name);
        inputs.push_back({(root / relative).lexically_normal(), std::move(name), std::move(what)});
    };
    add(std::string(core::workspace::k_config_file), "the workspace's configuration");
    if (config.profiles.present && !config.profiles.file.empty()) {
        add(config.profiles.file.value, fmt::format("the workspace's profiles data ({})", config_key("data.profiles.file")));
    }
    if (config.events.present && !config.events.file.empty()) {
        add(config.events.file.value, fmt::format("the workspace's events data ({})", config_key("data.events.file")));
    }
    if (config.policies.suppress) {
        add(config.policies.suppress->value, fmt::format("the workspace's suppression list ({})", config_key("policies.suppress")));
    }
    add(std::string(config.state_path()),
        config.state ? fmt::format("the workspace's state database ({})", config_key("state"))
                     : fmt::format("the workspace's state database (state in {}, by default {})", core::workspace::k_config_file,
                                   core::workspace::k_default_state));
    for (const journeys::Template& tmpl : workspace.templates) {
        if (tmpl.html_file && tmpl.html) {
            add(tmpl.html->path, fmt::format("template {}'s html (html_file in {})", tmpl.name.value, tmpl.file));
        }
        if (tmpl.text_file && tmpl.text) {
            add(tmpl.text->path, fmt::format("template {}'s text (text_file in {})", tmpl.name.value, tmpl.file));
        }
    }
    // Every other file read: the journey, segment and template files.
    for (const auto& [relative, text] : workspace.sources) {
        if (named.count(fs::path(relative).lexically_normal().generic_string()) > 0) continue;
        const std::string folder = fs::path(relative).begin()->string();
        add(relative, folder == "journeys"    ? "a journey file of the workspace"
                      : folder == "segments"  ? "a segment file of the workspace"
                      : folder == "templates" ? "a template file of the workspace"
                                              : "a file of the workspace");
    }
    return inputs;
}

void refuse_overwriting_input(const fs::path& output, const std::vector<WorkspaceInput>& inputs,
                              const std::string& option, bool force) {
    if (force) return;
    for (const WorkspaceInput& input : inputs) {
        if (!same_file(output, input.path)) continue;
        throw core::UsageError(fmt::format("{} {}: refusing to write over {}, {}; use --force to "
                                           "replace it anyway",
                                           option, output.string(), input.name, input.what));
    }
}

}  // namespace journeyctl::cmd
