// The step machine: the one place that knows what entering a journey and
// each step kind do (formats.md, "Journey"). `advance` takes an instance,
// a stimulus at an instant and the profile's scope, changes the instance
// and emits effects (effects.hpp); it prints nothing, counts nothing and
// sends nothing itself. Drivers feed it: dry-run replays a dataset on a
// virtual clock (simulation_profile.cpp); a runner will feed stored events
// and due timers.
//
// Stimuli:
//   entry    the scheduled segment or a triggering event lets the profile
//            in: refused while inside or by `reentry`, else the instance
//            starts at the first step (a triggered entry's `where` first);
//   event    one of the profile's events: goal windows, exit_on, and the
//            awaited event of a wait_for (not one at the arrival instant);
//   timer    the journey's timeout, else the step's own timer: a wait
//            ends, a wait_for times out;
//   release  a message held by quiet hours is due again (the policies are
//            checked anew; the timeout still comes first).
// After a stimulus the instance runs through the steps that take no time
// (send, branch, split, update, call, exit) until it waits or leaves; more
// than k_max_steps_per_stimulus steps at one instant is a loop that
// validation should have refused, and leaves with `error`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/runtime/effects.hpp"
#include "journeys/runtime/instance.hpp"
#include "journeys/runtime/message_gate.hpp"
#include "journeys/runtime/profile_scope.hpp"

namespace journeyctl::journeys::runtime {

inline constexpr int k_max_steps_per_stimulus = 10'000;

struct Stimulus {
    enum class Kind : uint8_t { Entry, Event, Timer, Release };
    Kind kind = Kind::Timer;
    EntryCause cause = EntryCause::Segment;  // entry
    std::optional<uint64_t> event;           // entry on an event, event: the scope's id
    std::string_view event_type;             // event

    static Stimulus segment_entry() { return {Kind::Entry, EntryCause::Segment, std::nullopt, {}}; }
    static Stimulus event_entry(uint64_t event) { return {Kind::Entry, EntryCause::Event, event, {}}; }
    static Stimulus arrival(uint64_t event, std::string_view type) {
        return {Kind::Event, EntryCause::Segment, event, type};
    }
    static Stimulus timer() { return {Kind::Timer, EntryCause::Segment, std::nullopt, {}}; }
    static Stimulus release() { return {Kind::Release, EntryCause::Segment, std::nullopt, {}}; }
};

class StepMachine {
public:
    // Both must outlive the machine. `workspace_zone` judges a wait until a
    // time of day that names no zone, or whose zone is unusable.
    StepMachine(const CompiledJourney& journey, MessageGate& gate, std::string workspace_zone)
        : m_journey(journey), m_gate(gate), m_workspace_zone(std::move(workspace_zone)) {}

    const CompiledJourney& journey() const { return m_journey; }
    // A profile that has never entered.
    Instance new_instance() const;
    // The instance's next timer (the journey's timeout or the step's own);
    // none when it is not in the journey.
    std::optional<Timestamp> next_timer(const Instance& instance) const;
    // The timer or release stimulus due at `t`, if any.
    std::optional<Stimulus> due(const Instance& instance, Timestamp t) const;

    void advance(Instance& instance, const Stimulus& stimulus, Timestamp t, ProfileScope& scope,
                 EffectSink& effects) const;

private:
    const CompiledJourney& m_journey;
    MessageGate& m_gate;
    std::string m_workspace_zone;
};

}  // namespace journeyctl::journeys::runtime
