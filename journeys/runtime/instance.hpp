// One profile's state in one journey, as plain data: what the step machine
// (step_machine.hpp) reads and changes, and what a state database stores
// between two stimuli. Nothing here points into loaded data or compiled
// programs, so an instance outlives the run that made it: the current
// step is named by its id (resolved again on every stimulus), the
// triggering or awaited event by the scope's id for it.
//
// Two kinds of fields: the profile's history in the journey, kept when it
// leaves (how many times and when it last entered, for `reentry`; the goal
// windows still open; the fields `update` steps set, which later entries
// see as profile fields); and the current entry, meaningful while
// `active`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expr/value.hpp"
#include "journeys/messages/message.hpp"

namespace journeyctl::journeys::runtime {

using core::expr::Timestamp;

// A message that quiet hours hold until `release` (Instance::timer): the
// address and, when rendered, the content it was decided with, so that a
// profile leaving meanwhile can show what was cancelled.
struct HeldMessage {
    std::optional<std::string> to;
    std::optional<Message> content;
};

// An entry whose goal event counts as a conversion when it comes at a
// time s with entered < s <= deadline.
struct GoalWindow {
    Timestamp entered;
    Timestamp deadline;
};

struct FieldUpdate {
    std::string field;
    core::expr::Value value;  // materialised: owns its data
};

struct StepVisits {
    std::string step;
    uint32_t count = 0;
};

struct Instance {
    std::string journey;
    uint32_t version = 0;  // CompiledJourney::version the state was made under

    // The profile's history in the journey.
    uint64_t entry_id = 0;  // the number of the latest entry: 1 for the first, 0 never entered
    std::optional<Timestamp> last_entry;
    std::vector<GoalWindow> goals;
    std::vector<FieldUpdate> updates;

    // The current entry.
    bool active = false;
    Timestamp entered_at;
    Timestamp timeout_at;  // the journey's timeout
    std::string step;      // empty: between entering and the first step
    Timestamp arrived_at;  // at `step`
    // The step's own timer: a wait's end, a wait_for's timeout, a held
    // message's release.
    std::optional<Timestamp> timer;
    std::optional<HeldMessage> held;
    std::optional<uint64_t> event;  // `event`: the scope's id of the entering or awaited event
    std::vector<StepVisits> visits;  // arrivals per step in this entry, first visit first

    bool entered_ever() const { return entry_id > 0; }
};

// JSON for the state database. Update values keep their type for null,
// bool, numbers, strings, lists, maps, timestamps and durations; bytes
// and non-finite doubles come back as the strings `eval --format json`
// writes for them.
nlohmann::json to_json(const Instance& instance);
// Throws nlohmann::json::exception for JSON that to_json did not write.
Instance instance_from_json(const nlohmann::json& json);

}  // namespace journeyctl::journeys::runtime
