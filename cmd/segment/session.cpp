// The segment commands' shared steps (see session.hpp).
#include "cmd/segment/session.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

#include "cmd/find_by_name.hpp"
#include "cmd/open_workspace.hpp"
#include "core/diag/diagnostic.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "core/util/escape.hpp"
#include "core/workspace/data_sources.hpp"
#include "journeys/model/expression_env.hpp"
#include "journeys/model/load.hpp"
#include "journeys/runtime/segment_membership.hpp"

namespace journeyctl::cmd::segment {

namespace fs = std::filesystem;
using core::expr::Value;

namespace {

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

Session::Session(const Context& context)
    : m_context(context), m_workspace(open_workspace(context)), m_engine(journeys::segment_engine(m_workspace)) {
    m_show_progress = !context.options.quiet && isatty(STDERR_FILENO) != 0;
}

std::vector<size_t> Session::resolve(const std::vector<std::string>& names) const {
    std::vector<size_t> targets;
    for (const std::string& name : names) {
        if (auto found = m_engine.find(name)) {
            targets.push_back(*found);
            continue;
        }
        refuse_unreadable("segments", "segment", name);
        std::vector<std::string> known;
        for (const auto& def : m_engine.segments()) known.push_back(def.name);
        throw_unknown_name("segment", "segments", name, known);
    }
    return targets;
}

bool Session::report_load_errors(std::string_view folder) const {
    bool unreadable = false;
    const bool color = m_context.color_for(STDERR_FILENO);
    for (const core::diag::Diagnostic& d : m_workspace.diagnostics) {
        const std::string_view path = d.path;
        const bool in_folder = path == folder || (path.starts_with(folder) && path.size() > folder.size() &&
                                                  path[folder.size()] == '/');
        if (d.severity != core::diag::Severity::Error || !in_folder) continue;
        std::fputs(core::diag::render_text(d, m_workspace.source_line(d), {color}).c_str(), stderr);
        unreadable = true;
    }
    return unreadable;
}

void Session::refuse_unreadable(std::string_view folder, std::string_view kind, const std::string& name) const {
    if (report_load_errors(folder)) {
        throw core::ConfigError(fmt::format("{} '{}' not found, and journeyctl cannot load all of {}/ (above)", kind,
                                            name, folder));
    }
}

void Session::prepare(const std::vector<size_t>& targets) {
    const auto problems = m_engine.prepare(targets);
    if (problems.empty()) return;
    const bool color = m_context.color_for(STDERR_FILENO);
    for (const auto& problem : problems) {
        const core::diag::Diagnostic d = journeys::segment_diagnostic(m_workspace, problem);
        std::fputs(core::diag::render_text(d, m_workspace.source_line(d), {color}).c_str(), stderr);
    }
    throw core::ConfigError(fmt::format("segment '{}' does not compile (run 'journeyctl validate')",
                                        problems.front().segment));
}

const core::data::Dataset& Session::load(const std::optional<std::vector<std::string>>& extra_profile_fields,
                                         bool strict, const core::segment::FieldUse& more) {
    core::segment::FieldUse use = m_engine.field_use();
    use.merge(more);
    core::data::LoadOptions options;
    options.strict = strict;
    if (extra_profile_fields && !use.all_profile_fields) {
        std::vector<std::string> fields(use.profile_fields.begin(), use.profile_fields.end());
        fields.insert(fields.end(), extra_profile_fields->begin(), extra_profile_fields->end());
        options.profile_fields = std::move(fields);
    }
    options.load_events = use.uses_events;
    options.extra_event_files = m_extra_event_files;
    if (!use.all_event_fields) {
        // `type` and `time` name the configured fields, which are always loaded.
        std::vector<std::string> fields;
        for (const std::string& name : use.event_fields) {
            if (name != "type" && name != "time") fields.push_back(name);
        }
        options.event_fields = std::move(fields);
        // A JSON field read only through some keys keeps just those, when
        // the segments are all that read the events (not so for eval's
        // expression or a dry-run's `event`, which FieldUse does not see).
        const bool only_segments = extra_profile_fields && !more.uses_events && more.event_fields.empty();
        for (const auto& [field, keys] : use.event_field_keys) {
            if (only_segments) options.event_field_keys[field] = std::vector<std::string>(keys.begin(), keys.end());
        }
    }
    if (m_show_progress) {
        options.progress = [this](uint64_t done, uint64_t total) { progress("reading data", done, total); };
    }
    m_dataset.emplace(core::data::load_dataset(core::workspace::data_sources(m_workspace.config), m_workspace.root, options));
    end_progress();

    const core::data::LoadReport& report = m_dataset->report();
    if (report.rejected_total() > 0 && !m_context.options.quiet) {
        std::string reasons;
        for (const auto& [reason, count] : report.rejected) {
            reasons += fmt::format("{}{}: {}", reasons.empty() ? "" : ", ", core::data::reject_reason_name(reason), count);
        }
        std::fprintf(stderr, "journeyctl: warning: %s rejected (%s); they are left out\n",
                     plural(report.rejected_total(), "data row", "data rows").c_str(), reasons.c_str());
        for (const core::data::RejectedRow& row : report.examples) {
            std::fprintf(stderr, "  %s:%llu: %s: %s\n", core::util::escape_controls(row.path).c_str(),
                         static_cast<unsigned long long>(row.line),
                         std::string(core::data::reject_reason_name(row.reason)).c_str(),
                         core::util::escape_controls(row.detail).c_str());
        }
    }
    return *m_dataset;
}

core::segment::Population Session::population() const {
    return journeys::population_at(*m_dataset, m_context.now());
}

uint32_t Session::profile_row(const std::string& key) const {
    if (auto row = m_dataset->find_profile(key)) return *row;
    const core::data::SourceReport& profiles = m_dataset->report().profiles;
    if (const uint64_t rejected = profiles.rejected_total(); rejected > 0) {
        // Bad data, not a bad key: the profile's own row may be among them.
        throw core::DataError(fmt::format("no profile with key '{}' among the rows kept from {}: {} rejected{}, "
                                          "perhaps this profile's",
                                          key, profiles.path, plural(rejected, "row was", "rows were"),
                                          m_context.options.quiet ? "" : " (listed above)"));
    }
    throw core::UsageError(fmt::format("no profile with key '{}' in {}", key, profiles.path));
}

std::string Session::key_of(uint32_t row) const {
    Value key;
    if (!m_dataset->profiles().get(m_dataset->key_field(), row, key)) return {};
    return cell_text(key);
}

core::segment::RunResult Session::run(const std::vector<size_t>& targets, bool strict) {
    core::segment::RunOptions options;
    options.now = m_context.now();
    options.strict = strict;
    if (m_show_progress) {
        options.progress = [this](uint64_t done, uint64_t total) { progress("evaluating", done, total); };
    }
    core::segment::RunResult result = m_engine.run(population(), targets, options);
    end_progress();
    const auto& defs = m_engine.segments();
    if (result.stopped_at) {
        const auto& stats = result.stats[*result.stopped_at];
        throw core::DataError(fmt::format("segment '{}': profile {}: {} (--strict stops at the first error)",
                                          defs[*result.stopped_at].name,
                                          core::util::escape_controls(key_of(stats.first_error_row)),
                                          core::util::escape_controls(stats.first_error)));
    }
    for (size_t s = 0; s < result.stats.size(); ++s) {
        const auto& stats = result.stats[s];
        if (stats.errors == 0 || m_context.options.quiet) continue;
        std::fprintf(stderr,
                     "journeyctl: warning: segment '%s': %s gave an error, counted as not in the segment "
                     "(first: profile %s: %s)\n",
                     defs[s].name.c_str(), plural(stats.errors, "profile", "profiles").c_str(),
                     core::util::escape_controls(key_of(stats.first_error_row)).c_str(),
                     core::util::escape_controls(stats.first_error).c_str());
    }
    return result;
}

void Session::progress(std::string_view what, uint64_t done, uint64_t total) {
    const unsigned percent = total == 0 ? 100 : static_cast<unsigned>(done * 100 / total);
    std::fprintf(stderr, "\r%.*s %3u%%", static_cast<int>(what.size()), what.data(), percent);
    std::fflush(stderr);
    m_progress_shown = true;
}

void Session::end_progress() {
    if (!m_progress_shown) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_progress_shown = false;
}

std::string cell_text(const Value& value) {
    using Kind = Value::Kind;
    switch (value.kind()) {
        case Kind::String: return std::string(value.as_string());
        case Kind::Null: return "null";
        case Kind::Bool: return value.as_bool() ? "true" : "false";
        case Kind::Int: return std::to_string(value.as_int());
        case Kind::Uint: return std::to_string(value.as_uint());
        case Kind::Double: return value.to_json();
        case Kind::Timestamp: return core::expr::time::format_timestamp(value.as_timestamp());
        case Kind::Duration: return core::expr::time::format_duration(value.as_duration());
        case Kind::Error: return "error: " + std::string(value.as_string());
        default: return value.to_json();
    }
}

}  // namespace journeyctl::cmd::segment
