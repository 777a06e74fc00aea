// What `dry-run` of several journeys and `diff` share: journeys of one
// workspace simulated together over one window and one load of the data
// (journeys::simulate_program), so that frequency caps count every
// journey's messages.
#pragma once

#include <filesystem>
#include <vector>

#include "cmd/workspace_session.hpp"
#include "core/expr/value.hpp"
#include "core/segment/engine.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/simulation/simulation.hpp"

namespace journeyctl::cmd {

struct ProgramRunOptions {
    core::expr::Timestamp from;
    core::expr::Timestamp until;
    bool strict = false;          // a rejected data row stops the run (exit 3)
    bool messages = false;        // keep every message attempt, rendered
    bool count_days = false;      // messages sent per day
    bool record_paths = false;    // each profile's path, for diff
    journeys::MembershipCache* memberships = nullptr;  // shared by diff's sides when their segments are equal
    std::vector<std::filesystem::path> event_files;  // dry-run --events
};

// The window's end when none is given: `from` plus the longest timeout of
// the journeys, so that every journey can run its course.
core::expr::Timestamp default_until(core::expr::Timestamp from, const std::vector<const journeys::Journey*>& journeys);

// What the journey's own expressions (and the policies and addresses a
// send evaluates) read from the data, beyond the segments' fields.
core::segment::FieldUse journey_field_use(const journeys::CompiledJourney& journey,
                                          const journeys::CompiledPolicies& policies,
                                          const journeys::Workspace& workspace, const core::expr::Environment& env,
                                          bool rendering);

// `journeys` (of the session's workspace, in that order) compiled and
// ready to run over a dataset: what they read is known before the data is
// loaded, so that diff can load the data once for both of its sides. The
// session must have been checked valid by the caller, and outlive this.
class ProgramRun {
public:
    ProgramRun(WorkspaceSession& session, std::vector<const journeys::Journey*> journeys, bool rendering);
    ProgramRun(const ProgramRun&) = delete;
    ProgramRun& operator=(const ProgramRun&) = delete;

    // What the journeys and the session's segments read from the data.
    const core::segment::FieldUse& field_use() const { return m_use; }
    // Simulates the journeys together over `dataset`, loaded with at
    // least field_use().
    journeys::ProgramResult simulate(const core::data::Dataset& dataset, const ProgramRunOptions& options);

private:
    WorkspaceSession& m_session;
    std::vector<const journeys::Journey*> m_journeys;
    core::expr::Environment m_environment;
    journeys::CompiledPolicies m_policies;
    std::vector<journeys::CompiledJourney> m_compiled;
    core::segment::FieldUse m_use;
};

// A ProgramRun over the session's own data, loaded here.
journeys::ProgramResult run_program(WorkspaceSession& session, const std::vector<const journeys::Journey*>& journeys,
                                    const ProgramRunOptions& options);

}  // namespace journeyctl::cmd
