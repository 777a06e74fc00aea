// What the commands that read data share (segment, dry-run, eval and
// render --profile): the workspace, its segment engine, segment names
// resolved with "did you mean", compile problems printed as diagnostics
// (exit 2), the dataset loaded as core/segment/load_plan.hpp plans it, the
// data's rejected rows (core/data/rejected_summary.hpp) and each segment's
// evaluation errors warned about on stderr, and a progress line when
// stderr is a terminal. The deciding is done in the layers below; this is
// where it meets the terminal.
// Every command sees the data as of --now: the events after it have not
// happened yet.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cmd/context.hpp"
#include "core/data/dataset.hpp"
#include "core/segment/engine.hpp"
#include "journeys/model/model.hpp"
#include "journeys/policy/suppression.hpp"

namespace journeyctl::cmd {

class WorkspaceSession {
public:
    // Finds and loads the workspace (-C, or upward from the current folder).
    explicit WorkspaceSession(const Context& context);
    // Over a workspace already loaded (diff's base, with the head's data).
    WorkspaceSession(const Context& context, journeys::Workspace workspace);

    const journeys::Workspace& workspace() const { return m_workspace; }
    core::segment::Engine& engine() { return m_engine; }

    // Segment positions for the names; UsageError (exit 2) for an unknown
    // one, with "did you mean".
    std::vector<size_t> resolve(const std::vector<std::string>& names) const;
    // For a name not found among the workspace's `folder` ("segments",
    // "templates"): when journeyctl could not read or load that folder or a
    // file in it (a read error, a YAML syntax error...), prints those
    // errors and throws ConfigError (exit 2) saying the name may be there;
    // an unknown name is then not the user's typo.
    void refuse_unreadable(std::string_view folder, std::string_view kind, const std::string& name) const;
    // Prints the loading errors of `folder` and the files in it (which
    // keep a file's segment or template out of the workspace); whether any.
    bool report_load_errors(std::string_view folder) const;
    // The template called `name`; UsageError with "did you mean", or
    // refuse_unreadable when templates/ could not all be loaded.
    const journeys::Template& find_template(const std::string& name) const;
    // Prints the workspace's validation errors and throws ConfigError
    // (exit 2) when it has any: what `purpose` ("a dry-run") needs.
    void require_valid(std::string_view purpose) const;
    // The suppression list of policies.suppress (empty without one); its
    // malformed lines are warned about, an unreadable file is ConfigError.
    journeys::SuppressionList load_suppression() const;
    // Compiles the targets (and what they reach through inSegment); on a
    // problem prints the diagnostics and throws ConfigError (exit 2).
    void prepare(const std::vector<size_t>& targets);
    // prepare() of every segment: what a journey or a template may name
    // in inSegment() is not known in advance.
    void prepare_all();

    // Loads the data: the fields the prepared segments read plus `extra`
    // profile fields (nullopt: every field) plus the fields in `more` (what
    // a journey's own expressions read). Prints the rejected rows.
    const core::data::Dataset& load(const std::optional<std::vector<std::string>>& extra_profile_fields,
                                    bool strict, const core::segment::FieldUse& more = {});
    const core::data::Dataset& dataset() const { return *m_dataset; }
    // More event files for load() to merge with the workspace's events
    // (dry-run --events): read with the events source's fields and types.
    void add_event_files(std::vector<std::filesystem::path> files) { m_extra_event_files = std::move(files); }
    // The profiles and events as they stand at --now: the events after it
    // are hidden, as a dry-run occurrence at that instant sees them.
    core::segment::Population population() const;

    // The profile row of a key; UsageError (exit 2) when there is none.
    uint32_t profile_row(const std::string& key) const;
    // The profile key of a row, as text.
    std::string key_of(uint32_t row) const;

    // Runs the targets; prints per-segment error counts on stderr; in strict
    // mode throws DataError (exit 3) at the first error.
    core::segment::RunResult run(const std::vector<size_t>& targets, bool strict);

    const Context& context() const { return m_context; }

    // A progress line on stderr ("what: 42%"), only when stderr is a
    // terminal and not -q; end_progress clears it.
    bool shows_progress() const { return m_show_progress; }
    // `detail` follows the percentage ("8,400 profiles/s").
    void progress(std::string_view what, uint64_t done, uint64_t total, std::string_view detail = {});
    void end_progress();

private:

    const Context& m_context;
    journeys::Workspace m_workspace;
    core::segment::Engine m_engine;
    std::optional<core::data::Dataset> m_dataset;
    std::vector<std::filesystem::path> m_extra_event_files;
    bool m_show_progress = false;
    bool m_progress_shown = false;
};

}  // namespace journeyctl::cmd
