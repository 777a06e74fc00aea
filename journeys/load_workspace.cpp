// Loads a whole workspace as a pipeline of named passes:
//   1. journeyctl.yaml                         -> Workspace::config
//   2. journeys/, segments/, templates/ files  -> the models (sorted by file name)
//   3. files named by templates (html_file, text_file, relative to the template)
//   4. names unique per kind; a file's name matching the name it declares
// Each file's text is kept in Workspace::sources for caret lines. Problems
// are diagnostics; nothing here throws for a bad file.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/workspace/load.hpp"
#include "journeys/load.hpp"

namespace journeyctl::journeys {

namespace fs = std::filesystem;
using core::yaml::FileContext;
using core::yaml::SourceFile;

namespace {

std::optional<std::string> read_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(out).str();
}

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

// Reads and parses one file, then hands its root to `read`; keeps its text.
template <typename Read>
void load_file(Workspace& ws, const fs::path& path, Read read) {
    SourceFile file{relative_name(ws.root, path), {}};
    auto text = read_file(path);
    if (!text) {
        report(ws, file.path, {}, "read-error", "cannot read " + file.path);
        return;
    }
    file.text = std::move(*text);
    FileContext ctx(file, ws.diagnostics);
    if (auto root = ctx.parse()) read(ctx, *root);
    ws.sources[file.path] = std::move(file.text);
}

std::vector<fs::path> yaml_files(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const auto ext = entry.path().extension();
        if ((ext == ".yaml" || ext == ".yml") && !entry.is_directory(ec)) files.push_back(entry.path());
    }
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

// html_file / text_file: read relative to the template's folder; the text
// becomes the template's html / text with a line-by-line map over that file.
void load_template_file(Workspace& ws, Template& tmpl, const std::optional<Text>& file_key,
                        std::optional<TemplateText>& target) {
    if (!file_key || target) return;
    const fs::path path = (ws.root / fs::path(tmpl.file).parent_path() / file_key->value).lexically_normal();
    const std::string rel = relative_name(ws.root, path);
    auto text = read_file(path);
    if (!text) {
        std::error_code ec;
        const bool exists = fs::exists(path, ec);
        report(ws, tmpl.file, file_key->content_pos(), exists ? "read-error" : "missing-file",
               (exists ? "cannot read " : "no such file: ") + rel, static_cast<uint32_t>(file_key->value.size()));
        return;
    }
    TemplateText body;
    body.path = rel;
    body.text.value = *text;
    body.text.pos = SourcePos{1, 1, 0};
    body.text.key_pos = file_key->key_pos;
    body.text.map = core::yaml::ScalarMap::for_file(*text);
    target = std::move(body);
    ws.sources[rel] = std::move(*text);
}

}  // namespace

Workspace load_workspace(const fs::path& root) {
    Workspace ws;
    ws.root = root;
    const fs::path config = root / core::workspace::k_config_file;
    load_file(ws, config, [&](FileContext& ctx, const YAML::Node& node) {
        ws.config = core::workspace::read_config(ctx, node);
    });
    for (const fs::path& path : yaml_files(root / "journeys")) {
        load_file(ws, path, [&](FileContext& ctx, const YAML::Node& node) { ws.journeys.push_back(read_journey(ctx, node)); });
    }
    for (const fs::path& path : yaml_files(root / "segments")) {
        load_file(ws, path, [&](FileContext& ctx, const YAML::Node& node) { ws.segments.push_back(read_segment(ctx, node)); });
    }
    for (const fs::path& path : yaml_files(root / "templates")) {
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
