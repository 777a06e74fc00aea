// Internal to the simulator (simulation*.cpp): what all threads share, and
// the per-thread ProfileSimulator that runs one profile at a time through
// the journey and adds its counts to a partial report.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/expr/expression.hpp"
#include "journeys/journey_env.hpp"
#include "journeys/simulation.hpp"

namespace journeyctl::journeys::simulation {

namespace expr = core::expr;

// Read-only during the run.
struct SharedRun {
    const SimulationInputs& in;
    const SimulationOptions& options;
    const core::data::Table& profiles;
    const core::data::Table& events;
    uint32_t type_field = 0;
    uint32_t time_field = 0;
    JourneySlots slots;
    std::string workspace_zone;
    // Scheduled: the occurrences and, per occurrence, members[row] != 0
    // when the profile was in the entry segment then.
    std::vector<Timestamp> occurrences;
    std::vector<std::vector<uint8_t>> members;

    Timestamp event_time(uint32_t event_row) const;
    std::string_view event_type(uint32_t event_row) const;
    // The end of profile `row`'s events with time <= t.
    uint32_t visible_end(uint32_t row, Timestamp t) const;
};

// The messages sent to the one profile being simulated (frequency caps
// count per profile, so the ledger starts empty for each).
class ProfileLedger final : public FrequencyLedger {
public:
    void clear() { m_sent.clear(); }
    void record_sent(std::string_view profile, std::string_view channel, Timestamp at) override;
    int64_t count_sent(std::string_view profile, std::optional<std::string_view> channel, Timestamp after,
                       Timestamp until) const override;

private:
    std::vector<std::pair<std::string, Timestamp>> m_sent;
};

class ProfileSimulator final : public SegmentOracle {
public:
    explicit ProfileSimulator(const SharedRun& shared);
    ~ProfileSimulator() override;

    void simulate(uint32_t row);

    SimulationReport& report() { return m_report; }
    std::vector<MessageAttempt>& messages() { return m_messages; }
    std::vector<TraceEvent>& trace() { return m_trace; }

    expr::Value in_segment(std::string_view name) const override;

private:
    struct Event {
        Timestamp time;
        std::string_view type;
        uint32_t row;
    };
    struct GoalWindow {
        Timestamp entered;
        Timestamp deadline;
    };

    // the per-profile state
    void reset(uint32_t row);
    void load_events();
    std::optional<Timestamp> next_instant() const;
    void handle_events(Timestamp t, std::vector<uint32_t>& entering);
    void handle_event(const Event& e);
    void handle_timers(Timestamp t);
    void handle_entries(Timestamp t, const std::vector<uint32_t>& entering);
    bool entry_where_holds(Timestamp t, uint32_t event_row);
    void try_enter(Timestamp t, std::optional<uint32_t> event_row, std::string_view how);
    void finish();

    // walking the steps
    void arrive(int step, Timestamp t);
    void go(int target, Timestamp t);
    void leave(ExitReason reason, Timestamp t, std::string_view detail = {});
    void run_steps(Timestamp t);
    bool run_step(Timestamp t);  // false: the profile waits (or left)
    bool attempt_send(Timestamp t);
    bool start_wait(Timestamp t);
    bool start_wait_for(Timestamp t);
    bool run_branch(Timestamp t);
    void run_split(Timestamp t);
    void run_update(Timestamp t);
    void run_call(Timestamp t);

    // expressions
    void bind(Timestamp t);
    expr::Value evaluate(const ProgramPtr& program, Timestamp t);
    void count_error(const expr::Value& value, std::string_view what);
    void rebuild_profile_value();

    // output
    bool tracing() const { return m_tracing; }
    void trace(Timestamp t, std::string text);
    void record_attempt(Timestamp t, Outcome outcome, const std::optional<std::string>& to, std::string reason,
                        std::optional<Timestamp> release, std::optional<Message> content = std::nullopt);
    StepCounts& counts() { return m_report.steps[static_cast<size_t>(m_step)]; }
    const CompiledStep& step() const { return m_journey.steps[static_cast<size_t>(m_step)]; }

    const SharedRun& m_shared;
    const CompiledJourney& m_journey;
    SimulationReport m_report;
    std::vector<MessageAttempt> m_messages;
    std::vector<TraceEvent> m_trace;

    expr::Activation m_activation;
    std::unordered_map<const expr::Program*, std::unique_ptr<expr::Evaluator>> m_evaluators;
    PolicyScratch m_policy_scratch;
    ProfileLedger m_ledger;

    // the profile
    uint32_t m_row = 0;
    std::string m_key;
    bool m_tracing = false;
    uint32_t m_events_begin = 0;
    std::vector<Event> m_events;        // the profile's events, oldest first
    size_t m_cursor = 0;                // next event to handle
    size_t m_next_occurrence = 0;
    std::vector<std::pair<std::string, expr::Value>> m_updates;  // `update`d fields
    expr::Value m_profile_value;
    std::vector<GoalWindow> m_goals;
    bool m_entered_ever = false;
    std::optional<Timestamp> m_last_entry;
    Timestamp m_now;  // the instant expressions are bound to
    bool m_journey_value_valid = false;  // the activation's `journey` is for:
    int m_journey_value_step = k_leave;
    Timestamp m_journey_value_entered;

    // the instance (while m_inside)
    bool m_inside = false;
    int m_step = k_leave;
    Timestamp m_entered_at;
    Timestamp m_arrived_at;
    Timestamp m_timeout_at;
    std::optional<Timestamp> m_timer;    // the step's own: wait end, wait_for timeout, held message release
    bool m_holding = false;              // a message held by quiet hours
    std::optional<std::string> m_held_to;    // its address and content
    std::optional<Message> m_held_content;
    std::optional<uint32_t> m_event_row; // `event`
};

}  // namespace journeyctl::journeys::simulation
