// Internal to the simulator (simulation*.cpp): what all threads share, the
// observers that turn the step machine's effects into the report and the
// trace (simulation_report.cpp, simulation_trace.cpp), and the per-thread
// ProfileDriver that replays one profile at a time on the virtual clock
// (simulation_profile.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "journeys/model/journey_env.hpp"
#include "journeys/runtime/dataset_scope.hpp"
#include "journeys/runtime/effects.hpp"
#include "journeys/runtime/message_gate.hpp"
#include "journeys/runtime/step_machine.hpp"
#include "journeys/simulation/simulation.hpp"

namespace journeyctl::journeys::simulation {

namespace expr = core::expr;
using runtime::Effect;
using runtime::EffectContext;

// Read-only during the run.
struct SharedRun {
    const SimulationInputs& in;
    const SimulationOptions& options;
    std::string workspace_zone;
    // Scheduled: the occurrences and, per occurrence, members[row] != 0
    // when the profile was in the entry segment then.
    std::vector<Timestamp> occurrences;
    std::vector<std::vector<uint8_t>> members;
};

// The counts of the report (and, with collect_messages, every message
// attempt) from the effects of one thread's profiles.
class ReportObserver final : public runtime::EffectSink {
public:
    ReportObserver(const CompiledJourney& journey, const SharedRun& shared);
    // The profile the next effects are about.
    void set_profile(uint32_t row, std::string_view key) {
        m_row = row;
        m_key = key;
    }
    // The profile is done: keep its path (record_paths) when it went anywhere.
    void end_profile();
    void emit(const EffectContext& context, const Effect& effect) override;
    // A scheduled occurrence: the profile was in the segment (`member`)
    // and entered `entered` times.
    void count_occurrence(size_t occurrence, bool member, uint64_t entered);

    SimulationReport& report() { return m_report; }
    std::vector<MessageAttempt>& messages() { return m_messages; }
    std::vector<ProfilePath>& paths() { return m_paths; }

private:
    StepCounts& counts(int step) { return m_report.steps[static_cast<size_t>(step)]; }
    void count_day(const EffectContext& context);
    void expression_failed(const EffectContext& context, const runtime::effect::ExpressionFailed& failed);
    void message(const EffectContext& context, const runtime::effect::MessageDecided& decided);

    const CompiledJourney& m_journey;
    const SharedRun& m_shared;
    SimulationReport m_report;
    std::vector<MessageAttempt> m_messages;
    std::vector<ProfilePath> m_paths;
    std::vector<int32_t> m_path;  // the current profile's (record_paths)
    uint32_t m_row = 0;
    std::string_view m_key;
};

// The timeline of the traced profile, one line per effect that explains
// a path (moves from step to step are in the report, not here).
class TraceObserver final : public runtime::EffectSink {
public:
    explicit TraceObserver(const CompiledJourney& journey) : m_journey(journey) {}
    void emit(const EffectContext& context, const Effect& effect) override;
    std::vector<TraceEvent>& trace() { return m_trace; }

private:
    std::string text(const EffectContext& context, const Effect& effect) const;

    const CompiledJourney& m_journey;
    std::vector<TraceEvent> m_trace;
};

// The report, and the trace while the traced profile runs.
class Observers final : public runtime::EffectSink {
public:
    Observers(ReportObserver& report, TraceObserver& trace) : m_report(report), m_trace(trace) {}
    void set_tracing(bool tracing) { m_tracing = tracing; }
    void emit(const EffectContext& context, const Effect& effect) override {
        m_report.emit(context, effect);
        if (m_tracing) m_trace.emit(context, effect);
    }

private:
    ReportObserver& m_report;
    TraceObserver& m_trace;
    bool m_tracing = false;
};

// One profile at a time in one journey: its events, the instance's timers
// and the journey's entries in time order, each handed to the step
// machine. The ProgramDriver calls begin, then step at each instant that
// next_instant names until there is none, then finish; `ledger` holds the
// profile's sends in every journey of the program (a run's state: every
// message the state database counts). It is the machine's gate too, over
// the policy gate: in a run it names the message about to be checked, so
// that the caps hold it under its key.
class ProfileDriver final : private runtime::MessageGate {
public:
    ProfileDriver(const SharedRun& shared, FrequencyLedger& ledger);

    // Whether the profile takes part: a profile outside the entry segment
    // at every occurrence never enters, and nothing of it shows in the
    // report (most profiles, usually).
    bool begin(uint32_t row);
    std::optional<Timestamp> next_instant() const;
    void step(Timestamp t);
    void finish();

    SimulationReport& report() { return m_report.report(); }
    std::vector<MessageAttempt>& messages() { return m_report.messages(); }
    std::vector<TraceEvent>& trace() { return m_trace.trace(); }
    std::vector<ProfilePath>& paths() { return m_report.paths(); }

private:
    void handle_events(Timestamp t, std::vector<uint32_t>& entering);
    void handle_entries(Timestamp t, const std::vector<uint32_t>& entering);
    void emit(Timestamp t, const Effect& effect);
    runtime::MessageVerdict check(const CompiledStep& step, const core::expr::Activation& activation,
                                  std::string_view profile_key, Timestamp t) override;

    const SharedRun& m_shared;
    const CompiledJourney& m_journey;
    runtime::DatasetScope m_scope;
    RunState* m_run_state;  // a run's; null in a dry-run
    runtime::PolicyGate m_gate;
    runtime::StepMachine m_machine;
    ReportObserver m_report;
    TraceObserver m_trace;
    Observers m_observers;

    // the profile
    runtime::Instance m_instance;
    size_t m_cursor = 0;  // its next event to handle
    size_t m_next_occurrence = 0;
    std::vector<uint32_t> m_entering;  // triggering events at the current instant
};

// One thread's share of the program: each profile in every journey at
// once, the journeys taking their turn at each instant in program order.
class ProgramDriver {
public:
    explicit ProgramDriver(const std::vector<std::unique_ptr<SharedRun>>& runs);

    void simulate(uint32_t row);
    ProfileDriver& journey(size_t index) { return *m_drivers[index]; }

private:
    // The messages sent to the profile being simulated, in every journey
    // (caps count per profile, so it starts empty for each).
    InMemoryFrequencyLedger m_ledger;
    std::vector<std::unique_ptr<ProfileDriver>> m_drivers;
    std::vector<ProfileDriver*> m_taking_part;
};

}  // namespace journeyctl::journeys::simulation
