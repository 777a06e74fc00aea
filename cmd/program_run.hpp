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

// Simulates `journeys` (of the session's workspace, in that order)
// together. The session must have been checked valid by the caller.
journeys::ProgramResult run_program(WorkspaceSession& session, const std::vector<const journeys::Journey*>& journeys,
                                    const ProgramRunOptions& options);

}  // namespace journeyctl::cmd
