// `journeyctl validate [PATH...]`: load the whole workspace, run every
// check of journeys::validate_workspace and print the problems sorted by
// file and position, as text (the default, on stdout: the diagnostics are
// this command's output), json, GitHub workflow commands or SARIF. PATHs
// only narrow what is printed and counted; the whole workspace is always
// validated, since references cross files. Exit 0 when clean (warnings
// allowed unless --strict), 1 on errors, 2 when the workspace cannot be
// found or read (any of its files or folders: read-error) or a PATH is not
// in it.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "cmd/commands.hpp"
#include "cmd/diagnostic_output.hpp"
#include "cmd/exit_codes.hpp"
#include "core/diag/errors.hpp"
#include "core/workspace/load.hpp"
#include "journeys/model/load.hpp"
#include "journeys/validation/validate.hpp"

namespace journeyctl::cmd {
namespace {

namespace fs = std::filesystem;
namespace diag = core::diag;

struct ValidateOptions {
    std::vector<std::string> paths;
    std::string format = "text";
    bool strict = false;
};

fs::path canonical_or_same(const fs::path& path) {
    std::error_code ec;
    fs::path resolved = fs::weakly_canonical(path, ec);
    return ec ? path.lexically_normal() : resolved;
}

// Each PATH as a '/'-separated prefix relative to the workspace root ("" for
// the root itself). Throws UsageError for a PATH that does not exist or
// lies outside the workspace.
std::vector<std::string> path_filters(const std::vector<std::string>& paths, const fs::path& start,
                                      const fs::path& root) {
    std::vector<std::string> filters;
    const fs::path canonical_root = canonical_or_same(root);
    for (const std::string& given : paths) {
        std::error_code ec;
        const fs::path absolute = fs::path(given).is_absolute() ? fs::path(given) : start / given;
        if (!fs::exists(absolute, ec)) {
            throw core::UsageError(fmt::format("{}: no such file or folder", given));
        }
        const fs::path relative = canonical_or_same(absolute).lexically_relative(canonical_root);
        const std::string text = relative.generic_string();
        if (relative.empty() || text == ".." || text.rfind("../", 0) == 0) {
            throw core::UsageError(
                fmt::format("{}: not inside the workspace {}", given, canonical_root.generic_string()));
        }
        filters.push_back(text == "." ? std::string() : text);
    }
    return filters;
}

bool selected(std::string_view path, const std::vector<std::string>& filters) {
    if (filters.empty()) {
        return true;
    }
    for (const std::string& filter : filters) {
        if (filter.empty() || path == filter ||
            (path.size() > filter.size() && path.rfind(filter, 0) == 0 && path[filter.size()] == '/')) {
            return true;
        }
    }
    return false;
}

// Every file the workspace consists of: the ones read, and the ones that a
// diagnostic names without having been read (read-error, missing-file).
std::set<std::string> checked_files(const journeys::Workspace& workspace,
                                    const std::vector<diag::Diagnostic>& diagnostics) {
    std::set<std::string> files;
    for (const auto& [path, text] : workspace.sources) {
        files.insert(path);
    }
    for (const diag::Diagnostic& d : diagnostics) {
        if (!d.path.empty() && d.code == "read-error") {
            files.insert(d.path);
        }
    }
    return files;
}

// Where the workspace root is seen from the folder journeyctl was started
// in, as a path prefix ("" or "lifecycle/"): GitHub and code scanning
// resolve file paths against the checkout, not against -C.
std::string ci_path_prefix(const fs::path& root) {
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    if (ec) {
        return {};
    }
    const std::string relative = canonical_or_same(root).lexically_relative(canonical_or_same(cwd)).generic_string();
    return relative.empty() || relative == "." ? std::string() : relative + "/";
}

int run_validate(const ValidateOptions& options, const Context& context) {
    const fs::path start = context.start_folder();
    const fs::path root = core::workspace::locate_workspace(start);
    const std::vector<std::string> filters = path_filters(options.paths, start, root);

    const journeys::Workspace workspace = journeys::load_workspace(root);
    for (const diag::Diagnostic& d : workspace.diagnostics) {
        if (d.code == "read-error" && d.path == core::workspace::k_config_file) {
            // The message says why after its path: "cannot read journeyctl.yaml: permission denied".
            const auto why = d.message.find(": ");
            throw core::ConfigError(fmt::format("cannot read {}{}", (root / d.path).string(),
                                                why == std::string::npos ? "" : d.message.substr(why)));
        }
    }
    journeys::ValidateOptions validate_options;
    validate_options.strict = options.strict;
    const journeys::ValidationReport report = journeys::validate_workspace(workspace, validate_options);

    std::vector<diag::Diagnostic> shown;
    for (const diag::Diagnostic& d : report.diagnostics) {
        if (!selected(d.path, filters)) {
            continue;
        }
        shown.push_back(d);
        // --strict works like a compiler's -Werror: the warning is printed
        // and counted as the error it now is.
        if (options.strict && shown.back().severity == diag::Severity::Warning) {
            shown.back().severity = diag::Severity::Error;
        }
    }
    diag::sort_diagnostics(shown);
    int files = 0;
    for (const std::string& file : checked_files(workspace, report.diagnostics)) {
        files += selected(file, filters) ? 1 : 0;
    }
    const DiagnosticCounts counts = count_diagnostics(shown, files);

    std::string output;
    if (options.format == "json") {
        output = render_json_report(shown, counts);
    } else if (options.format == "github") {
        output = render_github_report(shown, ci_path_prefix(root));
    } else if (options.format == "sarif") {
        output = render_sarif_report(shown, all_diagnostic_codes(), ci_path_prefix(root));
    } else {
        auto source_line = [&workspace](const diag::Diagnostic& d) { return workspace.source_line(d); };
        output = render_text_report(shown, source_line, counts, context.color_for(STDOUT_FILENO));
    }
    std::fwrite(output.data(), 1, output.size(), stdout);
    // A file or folder that could not be read is a usage error, not a
    // problem found: what was not read was not checked.
    const bool unreadable = std::any_of(report.diagnostics.begin(), report.diagnostics.end(),
                                        [](const diag::Diagnostic& d) { return d.code == "read-error"; });
    if (unreadable) return k_exit_usage;
    return counts.errors > 0 ? k_exit_failed : k_exit_ok;
}

}  // namespace

void register_validate(CLI::App& command, Context& context) {
    auto options = std::make_shared<ValidateOptions>();
    command.add_option("PATH", options->paths, "Only report problems in these files or folders (default: all)");
    command.add_option("--format", options->format, "Output: text, json, github (workflow commands) or sarif")
        ->check(CLI::IsMember({"text", "json", "github", "sarif"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Treat warnings as errors (exit 1 on any problem)");
    command.callback([options, &context] { context.exit_code = run_validate(*options, context); });
}

}  // namespace journeyctl::cmd
