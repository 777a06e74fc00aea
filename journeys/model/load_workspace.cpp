// Loads a whole workspace as a pipeline of named passes:
//   1. journeyctl.yaml                         -> Workspace::config
//   2. journeys/, segments/, templates/ files  -> the models (sorted by file name)
//   3. files named by templates (html_file, text_file, relative to the
//      template, inside the workspace: core/workspace/paths.hpp)
//   4. names unique per kind; a file's name matching the name it declares
// Each file's text is kept in Workspace::sources for caret lines. Problems
// are diagnostics; nothing here throws for a bad file.
#include <algorithm>
#include <system_error>
#include <variant>

#include "core/workspace/load.hpp"
#include "core/workspace/paths.hpp"
#include "journeys/model/load.hpp"

namespace journeyctl::journeys {

namespace fs = std::filesystem;
using core::yaml::FileContext;
using core::yaml::SourceFile;

namespace {

std::string relative_name(const fs::path& root, const fs::path& path) {
    return path.lexically_relative(root).generic_string();
}

void report(Workspace& ws, std::string path, SourcePos pos, std::string code, std::string message,
            uint32_t length = 1, core::diag::Severity severity = core::diag::Severity::Error) {
    core::diag::Diagnostic d;
    d.path = std::move(path);
    d.line = pos.line;
    d.column = pos.column;
    d.length = std::max<uint32_t>(length, 1);
    d.severity = severity;
    d.message = std::move(message);
    d.code = std::move(code);
    ws.diagnostics.push_back(std::move(d));
}

// Keeps a file's text (and its line index) for caret lines.
void keep_source(Workspace& ws, const std::string& path, std::string text) {
    ws.line_indexes[path] = core::diag::LineIndex(text);
    ws.sources[path] = std::move(text);
}

// Reads and parses one file, then hands its root to `read`; keeps its text.
template <typename Read>
void load_file(Workspace& ws, const fs::path& path, Read read) {
    SourceFile file{relative_name(ws.root, path), {}};
    auto text = core::workspace::read_file_text(path);
    if (auto* why = std::get_if<1>(&text)) {
        report(ws, file.path, {}, "read-error", "cannot read " + file.path + ": " + why->reason);
        return;
    }
    file.text = std::move(std::get<0>(text));
    FileContext ctx(file, ws.diagnostics);
    if (auto root = ctx.parse()) read(ctx, *root);
    keep_source(ws, file.path, std::move(file.text));
}

// The .yaml / .yml files of a workspace folder, sorted. A folder that is
// absent is empty; one that cannot be listed (permissions, a symlink loop,
// a file in its place) is a read error, not a folder without files.
std::vector<fs::path> yaml_files(Workspace& ws, const fs::path& dir) {
    std::vector<fs::path> files;
    const std::string name = relative_name(ws.root, dir);
    auto unreadable = [&](const std::string& why) {
        report(ws, name, {}, "read-error", "cannot read the folder " + name + "/: " + why);
        return std::vector<fs::path>();
    };
    std::error_code ec;
    const fs::file_status status = fs::status(dir, ec);
    if (status.type() == fs::file_type::not_found) return files;
    if (ec) return unreadable(core::workspace::reason_of(ec));
    if (!fs::is_directory(status)) return unreadable("not a directory");
    fs::directory_iterator it(dir, ec);
    if (ec) return unreadable(core::workspace::reason_of(ec));
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const auto ext = it->path().extension();
        std::error_code entry_ec;
        if ((ext == ".yaml" || ext == ".yml") && !it->is_directory(entry_ec)) files.push_back(it->path());
    }
    if (ec) return unreadable(core::workspace::reason_of(ec));
    std::sort(files.begin(), files.end());
    return files;
}

// The model's name must be unique in its kind, and should be its file's.
template <typename Model>
void check_names(Workspace& ws, const std::vector<Model>& models, std::string_view kind) {
    for (std::size_t i = 0; i < models.size(); ++i) {
        const Text& name = models[i].name;
        if (name.empty()) continue;
        for (std::size_t j = 0; j < i; ++j) {
            const Model& first = models[j];
            if (first.name.value != name.value) continue;
            report(ws, models[i].file, name.pos, "duplicate-name",
                   std::string(kind) + " '" + name.value + "' is already defined in " + first.file + ":" +
                       std::to_string(first.name.pos.line) + ":" + std::to_string(first.name.pos.column),
                   static_cast<uint32_t>(name.value.size()));
            break;
        }
        const std::string stem = fs::path(models[i].file).stem().string();
        if (stem != name.value) {
            report(ws, models[i].file, name.pos, "name-mismatch",
                   std::string(kind) + " '" + name.value + "' is in a file named '" + fs::path(models[i].file).filename().string() +
                       "'; name the file " + name.value + ".yaml",
                   static_cast<uint32_t>(name.value.size()), core::diag::Severity::Warning);
        }
    }
}

// A path written in a workspace file, checked to lead inside the
// workspace (core/workspace/paths.hpp); a problem is reported at the value
// and nothing is returned.
std::optional<core::workspace::WorkspacePath> inside_path(Workspace& ws, const std::string& file, const Text& written) {
    const std::string base = fs::path(file).parent_path().generic_string();
    auto resolved = core::workspace::resolve_inside(ws.root, base, written.value);
    if (auto* path = std::get_if<core::workspace::WorkspacePath>(&resolved)) return std::move(*path);
    const auto& problem = std::get<core::workspace::PathProblem>(resolved);
    const bool outside = problem.kind == core::workspace::PathProblem::Kind::Outside;
    report(ws, file, written.content_pos(), outside ? "path-outside-workspace" : "read-error", problem.message,
           static_cast<uint32_t>(written.value.size()));
    return std::nullopt;
}

// html_file / text_file: read relative to the template's folder; the text
// becomes the template's html / text with a line-by-line map over that file.
void load_template_file(Workspace& ws, Template& tmpl, const std::optional<Text>& file_key,
                        std::optional<TemplateText>& target) {
    if (!file_key || target) return;
    const auto path = inside_path(ws, tmpl.file, *file_key);
    if (!path) return;
    const std::string& rel = path->relative;
    auto text = core::workspace::read_file_text(path->file);
    if (auto* why = std::get_if<1>(&text)) {
        std::error_code ec;
        const bool exists = fs::exists(fs::symlink_status(path->file, ec));
        report(ws, tmpl.file, file_key->content_pos(), exists ? "read-error" : "missing-file",
               exists ? "cannot read " + rel + ": " + why->reason : "no such file: " + rel,
               static_cast<uint32_t>(file_key->value.size()));
        return;
    }
    std::string& body_text = std::get<0>(text);
    TemplateText body;
    body.path = rel;
    body.text.value = body_text;
    body.text.pos = SourcePos{1, 1, 0};
    body.text.key_pos = file_key->key_pos;
    body.text.map = core::yaml::ScalarMap::for_file(body_text);
    target = std::move(body);
    keep_source(ws, rel, std::move(body_text));
}

// Paths journeyctl.yaml names that must be inside the workspace: the state
// database (written by run), and the path settings of channels (a file
// channel's folder, which send writes to, and its known_hosts). Data files
// may be anywhere (paths.hpp).
void check_config_paths(Workspace& ws) {
    const std::string config(core::workspace::k_config_file);
    if (ws.config.state) inside_path(ws, config, *ws.config.state);
    for (const core::workspace::Channel& channel : ws.config.channels) {
        const core::workspace::ProviderSpec* provider = core::workspace::find_provider(channel.provider.value);
        if (provider == nullptr) continue;
        for (const auto& [key, value] : channel.settings) {
            const core::yaml::KeySpec* spec = provider->settings->find(key);
            if (spec != nullptr && spec->kind == core::yaml::ValueKind::Path) inside_path(ws, config, value);
        }
    }
}

}  // namespace

Workspace load_workspace(const fs::path& root) {
    Workspace ws;
    ws.root = root;
    const fs::path config = root / core::workspace::k_config_file;
    load_file(ws, config, [&](FileContext& ctx, const YAML::Node& node) {
        ws.config = core::workspace::read_config(ctx, node);
    });
    check_config_paths(ws);
    for (const fs::path& path : yaml_files(ws, root / "journeys")) {
        load_file(ws, path, [&](FileContext& ctx, const YAML::Node& node) { ws.journeys.push_back(read_journey(ctx, node)); });
    }
    for (const fs::path& path : yaml_files(ws, root / "segments")) {
        load_file(ws, path, [&](FileContext& ctx, const YAML::Node& node) { ws.segments.push_back(read_segment(ctx, node)); });
    }
    for (const fs::path& path : yaml_files(ws, root / "templates")) {
        load_file(ws, path, [&](FileContext& ctx, const YAML::Node& node) { ws.templates.push_back(read_template(ctx, node)); });
    }
    for (Template& tmpl : ws.templates) {
        load_template_file(ws, tmpl, tmpl.html_file, tmpl.html);
        load_template_file(ws, tmpl, tmpl.text_file, tmpl.text);
    }
    check_names(ws, ws.journeys, "journey");
    check_names(ws, ws.segments, "segment");
    check_names(ws, ws.templates, "template");
    core::diag::sort_diagnostics(ws.diagnostics);
    return ws;
}

}  // namespace journeyctl::journeys
