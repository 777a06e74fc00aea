// `journeyctl data inspect [--format text|json] [--strict]`: load the
// workspace's profiles and events (every field) and show, per source, the
// rows read and kept, each field with its type (declared in journeyctl.yaml,
// inferred from the data, or fixed by its role: key, event type, event
// time) and fill rate, and the rejected rows per reason with the first
// examples as `path:line: reason: detail`, and whether the data cache was
// fresh (read from it) or what the load did instead. Exit 0; 3 with
// --strict on the first bad row; 2 without a workspace or when a data file is missing.
#include <cstdio>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/commands.hpp"
#include "cmd/data/load_report.hpp"
#include "cmd/data_cache.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/open_workspace.hpp"
#include "core/data/dataset.hpp"
#include "core/diag/errors.hpp"
#include "core/workspace/data_sources.hpp"
#include "core/workspace/load.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::cmd {
namespace {

namespace fs = std::filesystem;
namespace data = core::data;
using core::util::escape_controls;

struct InspectOptions {
    std::string format = "text";
    bool strict = false;
};

struct FieldRow {
    std::string name;
    std::string type;
    std::string source;  // key, type, time, declared, inferred
    uint64_t present = 0;
};

struct SourceView {
    std::string role;  // profiles, events
    const data::SourceReport* report = nullptr;
    std::vector<FieldRow> fields;
};

std::vector<FieldRow> field_rows(const data::Table& table, const std::vector<std::pair<uint32_t, std::string>>& roles) {
    std::vector<FieldRow> rows;
    for (uint32_t i = 0; i < table.columns().size(); ++i) {
        const data::Column& c = table.columns()[i];
        FieldRow row{c.name(), std::string(data::column_type_name(c.type())), c.declared() ? "declared" : "inferred",
                     c.present_count()};
        for (const auto& [column, role] : roles) {
            if (column == i) row.source = role;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

double fill(uint64_t present, uint64_t rows) {
    return rows == 0 ? 0.0 : 100.0 * static_cast<double>(present) / static_cast<double>(rows);
}

std::string format_name(data::FileFormat format) {
    return format == data::FileFormat::Csv ? "csv" : "jsonl";
}

// The cache file as shown: relative to the workspace root.
std::string cache_file_shown(const data::CacheReport& cache, const fs::path& root) {
    const fs::path relative = cache.file.lexically_relative(root);
    return relative.empty() || *relative.begin() == ".." ? cache.file.string() : relative.string();
}

// "fresh: .journeyctl/cache/data-….cache", "written (no cache yet): ...",
// "off (--no-cache)": whether the cache was fresh for this load, and what
// the load did with it.
std::string cache_line(const data::CacheReport& cache, const fs::path& root) {
    if (cache.use == data::CacheUse::Off) return "off (--no-cache)";
    const std::string why = cache.why.empty() ? "" : fmt::format(" ({})", cache.why);
    return fmt::format("{}{}: {}", data::cache_use_name(cache.use), why, cache_file_shown(cache, root));
}

std::string render_text(const std::vector<SourceView>& sources, const data::LoadReport& report, const fs::path& root) {
    std::string out;
    for (const SourceView& s : sources) {
        if (!s.report->loaded) {
            out += fmt::format("{:<9} (not configured)\n", s.role);
            continue;
        }
        const data::SourceReport& r = *s.report;
        out += fmt::format("{:<9} {} ({})\n", s.role, escape_controls(r.path), format_name(r.format));
        out += fmt::format("  {} rows read, {} loaded, {} rejected\n", r.rows, r.kept, r.rejected_total());
        std::size_t width = 5;
        for (const FieldRow& f : s.fields) width = std::max(width, escape_controls(f.name).size());
        out += fmt::format("  {:<{}}  {:<9}  {:<8}  {:>6}\n", "FIELD", width, "TYPE", "SOURCE", "FILL");
        for (const FieldRow& f : s.fields) {
            out += fmt::format("  {:<{}}  {:<9}  {:<8}  {:>5.1f}%\n", escape_controls(f.name), width, f.type, f.source, fill(f.present, r.kept));
        }
        if (r.rejected_total() > 0) {
            std::string reasons;
            for (const auto& [reason, count] : r.rejected) {
                reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", count, data::reject_reason_name(reason));
            }
            out += fmt::format("  rejected: {}\n", reasons);
            for (const data::RejectedRow& row : report.examples) {
                if (row.path != r.path) continue;
                out += fmt::format("    {}:{}: {}: {}\n", escape_controls(row.path), row.line, data::reject_reason_name(row.reason),
                                   escape_controls(row.detail));
            }
        }
    }
    out += fmt::format("{:<9} {}\n", "cache", escape_controls(cache_line(report.cache, root)));
    return out;
}

std::string render_json(const std::vector<SourceView>& sources, const data::LoadReport& report, const fs::path& root) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const SourceView& s : sources) {
        nlohmann::ordered_json source = {{"source", s.role}};
        if (!s.report->loaded) {
            source["configured"] = false;
            list.push_back(source);
            continue;
        }
        const data::SourceReport& r = *s.report;
        source["configured"] = true;
        source["path"] = r.path;
        source["format"] = format_name(r.format);
        source["rows"] = r.rows;
        source["loaded"] = r.kept;
        nlohmann::ordered_json rejected = {{"total", r.rejected_total()}};
        for (const auto& [reason, count] : r.rejected) rejected[std::string(data::reject_reason_name(reason))] = count;
        source["rejected"] = rejected;
        nlohmann::ordered_json examples = nlohmann::ordered_json::array();
        for (const data::RejectedRow& row : report.examples) {
            if (row.path != r.path) continue;
            examples.push_back({{"path", row.path},
                                {"line", row.line},
                                {"reason", std::string(data::reject_reason_name(row.reason))},
                                {"detail", row.detail}});
        }
        source["examples"] = examples;
        nlohmann::ordered_json fields = nlohmann::ordered_json::array();
        for (const FieldRow& f : s.fields) {
            const double rate = std::round(fill(f.present, r.kept) * 10.0) / 10.0;
            fields.push_back({{"name", f.name}, {"type", f.type}, {"source", f.source}, {"present", f.present}, {"fill", rate}});
        }
        source["fields"] = fields;
        list.push_back(source);
    }
    nlohmann::ordered_json cache = {{"state", std::string(data::cache_use_name(report.cache.use))}};
    if (report.cache.use != data::CacheUse::Off) {
        cache["fresh"] = report.cache.use == data::CacheUse::Fresh;
        cache["file"] = cache_file_shown(report.cache, root);
        if (!report.cache.why.empty()) cache["why"] = report.cache.why;
    }
    return nlohmann::ordered_json{{"sources", list}, {"cache", cache}}.dump(2) + "\n";
}

int run_data_inspect(const InspectOptions& options, const Context& context) {
    const journeys::Workspace workspace = open_workspace(context);
    if (!workspace.config.loaded) {
        throw core::ConfigError(fmt::format("cannot read {} (run 'journeyctl validate')",
                                            (workspace.root / core::workspace::k_config_file).string()));
    }
    data::LoadOptions load;
    load.strict = options.strict;
    attach_progress(load, context);
    attach_cache(load, workspace.config, workspace.root, context);
    const data::Dataset dataset = data::load_dataset(core::workspace::data_sources(workspace.config), workspace.root, load);
    const data::LoadReport& report = dataset.report();
    warn_cache(report, context);

    std::vector<SourceView> sources;
    sources.push_back({"profiles", &report.profiles,
                       field_rows(dataset.profiles(), {{dataset.key_field(), "key"}})});
    std::vector<std::pair<uint32_t, std::string>> event_roles = {{dataset.event_type_field(), "type"},
                                                                 {dataset.event_time_field(), "time"}};
    if (report.events.loaded) {
        if (const auto key = dataset.events().field_index(workspace.config.events.key.value)) {
            event_roles.emplace_back(*key, "key");
        }
    }
    sources.push_back({"events", &report.events,
                       report.events.loaded ? field_rows(dataset.events(), event_roles) : std::vector<FieldRow>{}});
    const std::string out = options.format == "json" ? render_json(sources, report, workspace.root)
                                                     : render_text(sources, report, workspace.root);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

}  // namespace

// `data inspect`, registered by the data command group (cmd/data/data.cpp).
void register_data_inspect(CLI::App& command, Context& context) {
    auto options = std::make_shared<InspectOptions>();
    command.add_option("--format", options->format, "Output: text (a table per source) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Stop at the first rejected row (exit 3)");
    command.callback([options, &context] { context.exit_code = run_data_inspect(*options, context); });
}

}  // namespace journeyctl::cmd
