// The data commands' shared steps (see workspace_session.hpp).
#include "cmd/workspace_session.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

#include "cmd/data_cache.hpp"
#include "cmd/find_by_name.hpp"
#include "cmd/open_workspace.hpp"
#include "core/diag/diagnostic.hpp"
#include "core/data/rejected_summary.hpp"
#include "core/diag/errors.hpp"
#include "core/segment/load_plan.hpp"
#include "core/util/escape.hpp"
#include "core/workspace/data_sources.hpp"
#include "journeys/model/expression_env.hpp"
#include "journeys/model/load.hpp"
#include "journeys/validation/validate.hpp"
#include "journeys/runtime/segment_membership.hpp"

namespace journeyctl::cmd {

namespace fs = std::filesystem;
using core::expr::Value;

namespace {

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

WorkspaceSession::WorkspaceSession(const Context& context) : WorkspaceSession(context, open_workspace(context)) {}

WorkspaceSession::WorkspaceSession(const Context& context, journeys::Workspace workspace)
    : m_context(context), m_workspace(std::move(workspace)), m_engine(journeys::segment_engine(m_workspace)) {
    m_show_progress = !context.options.quiet && isatty(STDERR_FILENO) != 0;
}

std::vector<size_t> WorkspaceSession::resolve(const std::vector<std::string>& names) const {
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

bool WorkspaceSession::report_load_errors(std::string_view folder) const {
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

void WorkspaceSession::refuse_unreadable(std::string_view folder, std::string_view kind, const std::string& name) const {
    if (report_load_errors(folder)) {
        throw core::ConfigError(fmt::format("{} '{}' not found, and journeyctl cannot load all of {}/ (above)", kind,
                                            name, folder));
    }
}

const journeys::Template& WorkspaceSession::find_template(const std::string& name) const {
    if (const journeys::Template* found = m_workspace.find_template(name)) return *found;
    refuse_unreadable("templates", "template", name);
    return find_by_name(m_workspace.templates, "template", "templates", name);
}

void WorkspaceSession::require_valid(std::string_view purpose) const {
    const journeys::ValidationReport report = journeys::validate_workspace(m_workspace);
    if (report.error_count() == 0) return;
    const bool color = m_context.color_for(STDERR_FILENO);
    for (const core::diag::Diagnostic& d : report.diagnostics) {
        if (d.severity != core::diag::Severity::Error) continue;
        const auto source_line = [&](const core::diag::Diagnostic& at) { return m_workspace.source_line(at); };
        std::fputs(core::diag::render_text(d, source_line, {color}).c_str(), stderr);
    }
    throw core::ConfigError(fmt::format("the workspace has {} validation error{}; {} needs a valid workspace",
                                        report.error_count(), report.error_count() == 1 ? "" : "s", purpose));
}

journeys::SuppressionList WorkspaceSession::load_suppression() const {
    const auto& suppress = m_workspace.config.policies.suppress;
    if (!suppress) return {};
    journeys::SuppressionLoad loaded =
        journeys::load_suppression_list((m_workspace.root / suppress->value).string(), suppress->value);
    for (const core::diag::Diagnostic& d : loaded.problems) {
        if (d.code == "read-error") throw core::ConfigError(d.message);
        if (!m_context.options.quiet) {
            std::fputs(core::diag::render_text(d, "", {m_context.color_for(STDERR_FILENO)}).c_str(), stderr);
        }
    }
    return std::move(loaded.list);
}

void WorkspaceSession::prepare(const std::vector<size_t>& targets) {
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

void WorkspaceSession::prepare_all() {
    std::vector<size_t> all(m_engine.segments().size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    prepare(all);
}

const core::data::Dataset& WorkspaceSession::load(const std::optional<std::vector<std::string>>& extra_profile_fields,
                                                  bool strict, const core::segment::FieldUse& more) {
    core::data::LoadOptions options =
        core::segment::load_options({m_engine.field_use(), more, extra_profile_fields});
    options.strict = strict;
    options.extra_event_files = m_extra_event_files;
    attach_cache(options, m_workspace.config, m_workspace.root, m_context);
    if (m_show_progress) {
        options.progress = [this](uint64_t done, uint64_t total) { progress("reading data", done, total); };
    }
    m_dataset.emplace(
        core::data::load_dataset(core::workspace::data_sources(m_workspace.config), m_workspace.root, options));
    end_progress();
    warn_cache(m_dataset->report(), m_context);

    const core::data::RejectedSummary rejected = core::data::summarize_rejected(m_dataset->report());
    if (!rejected.headline.empty() && !m_context.options.quiet) {
        std::fprintf(stderr, "journeyctl: warning: %s\n", rejected.headline.c_str());
        for (const std::string& example : rejected.examples) std::fprintf(stderr, "  %s\n", example.c_str());
    }
    return *m_dataset;
}

core::segment::Population WorkspaceSession::population() const {
    return journeys::population_at(*m_dataset, m_context.now());
}

uint32_t WorkspaceSession::profile_row(const std::string& key) const {
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

std::string WorkspaceSession::key_of(uint32_t row) const {
    Value key;
    if (!m_dataset->profiles().get(m_dataset->key_field(), row, key)) return {};
    return key.to_cell_text();
}

core::segment::RunResult WorkspaceSession::run(const std::vector<size_t>& targets, bool strict) {
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

void WorkspaceSession::progress(std::string_view what, uint64_t done, uint64_t total, std::string_view detail) {
    const unsigned percent = total == 0 ? 100 : static_cast<unsigned>(done * 100 / total);
    const std::string line = fmt::format("\r{} {:3}%{}{}\033[K", what, percent, detail.empty() ? "" : "  ", detail);
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    m_progress_shown = true;
}

void WorkspaceSession::end_progress() {
    if (!m_progress_shown) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    m_progress_shown = false;
}

}  // namespace journeyctl::cmd
