// One journey advanced by a run: the second driver of the step machine,
// beside dry-run. The window runs from just after the instant the
// journey's previous run reached (its first run: from `since`) to `until`;
// `simulate` drives, over a StoredRunState, only the profiles with work in
// it (a timer due, an event, the entry segment at the window's latest
// occurrence), each from its stored instance, at each instant in dry-run's
// order. Then, in the one transaction the run held from the start, the
// instances that changed, the messages decided (rendered, into the
// outbox, under their keys; their caps are counted in the same
// transaction) and the instant reached are committed together with a
// synced commit. Delivery of the outbox comes after (outbox_sender.hpp).
//
// So a run stepped through a window in small steps makes the decisions of
// one dry-run over it; a crash before the commit leaves the previous
// run's state, and the rerun decides the same again under the same keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/state/state_store.hpp"
#include "journeys/running/stored_run_state.hpp"
#include "journeys/simulation/simulation.hpp"

namespace journeyctl::journeys {

struct JourneyRunResult {
    std::string journey;
    // Nothing to do: the journey's runs already reached `until` (or, for
    // its first run, `until` is before `since`: it has not started).
    bool up_to_date = false;
    // The journey's first run: the window is [from, until]; else it is
    // (reached, until], `reached` the instant the previous run reached.
    bool first_run = false;
    Timestamp from;
    Timestamp reached;
    Timestamp until;
    SimulationReport report;  // what happened in the window, among the driven profiles
    uint64_t driven = 0;      // profiles driven
    uint64_t queued = 0;      // messages put in the outbox
    RunStateCounts state;
};

// `inputs` as for a dry-run (run_state is set here). `since`: where a
// journey's first run starts.
JourneyRunResult advance_journey(core::state::StateStore& store, SimulationInputs inputs, Timestamp since,
                                 Timestamp until);

}  // namespace journeyctl::journeys
