// One profile's timeline in a dry-run: its events, the instance's timers and
// the journey's entries, taken in time order and, at one instant, events
// first, then timers, then entries (formats.md), each a stimulus for the
// step machine (runtime/step_machine.hpp). What the machine emits goes to
// the report and, for the traced profile, the trace.
#include "journeys/runtime/message_key.hpp"
#include "journeys/simulation/simulation_internal.hpp"

namespace journeyctl::journeys::simulation {

using runtime::Stimulus;

ProfileDriver::ProfileDriver(const SharedRun& shared, FrequencyLedger& ledger)
    : m_shared(shared), m_journey(*shared.in.journey),
      m_scope(*shared.in.dataset, *shared.in.segments, *shared.in.environment, m_journey.name()),
      m_run_state(shared.in.run_state),
      m_gate({.policies = shared.in.policies,
              .suppression = shared.in.suppression,
              .templates = shared.in.templates,
              .ledger = &ledger,
              .render_content = shared.options.render_messages}),
      m_machine(m_journey, *this, shared.workspace_zone),
      m_report(m_journey, shared),
      m_trace(m_journey), m_observers(m_report, m_trace) {}

bool ProfileDriver::begin(uint32_t row) {
    const bool traced = m_shared.options.trace_row && *m_shared.options.trace_row == row;
    // A run is given only the profiles it must drive.
    if (!m_shared.occurrences.empty() && !traced && m_run_state == nullptr) {
        bool member = false;
        for (const auto& members : m_shared.members) member = member || members[row] != 0;
        if (!member) return false;
    }
    m_scope.reset(row);
    m_report.set_profile(row, m_scope.profile_key());
    m_observers.set_tracing(traced);
    m_instance = m_run_state != nullptr ? m_run_state->load(row, m_scope.profile_key(), m_machine.new_instance())
                                        : m_machine.new_instance();
    m_next_occurrence = 0;
    // Events before the window are history: visible, never handled.
    const auto& events = m_scope.events();
    m_cursor = 0;
    while (m_cursor < events.size() && events[m_cursor].time < m_shared.options.from) ++m_cursor;
    return true;
}

void ProfileDriver::step(Timestamp t) {
    m_entering.clear();
    handle_events(t, m_entering);
    if (const std::optional<Stimulus> due = m_machine.due(m_instance, t)) {
        m_machine.advance(m_instance, *due, t, m_scope, m_observers);
    }
    handle_entries(t, m_entering);
}

void ProfileDriver::finish() {
    if (m_instance.active) emit(m_shared.options.until, runtime::effect::StillInside{});
    m_report.end_profile();
    if (m_run_state != nullptr) {
        m_run_state->store(m_scope.row(), m_scope.profile_key(), m_instance, m_machine.next_timer(m_instance));
    }
}

runtime::MessageVerdict ProfileDriver::check(const CompiledStep& step, const core::expr::Activation& activation,
                                             std::string_view profile_key, Timestamp t) {
    if (m_run_state != nullptr) m_run_state->set_message_key(runtime::journey_message_key(m_instance, profile_key));
    return m_gate.check(step, activation, profile_key, t);
}

std::optional<Timestamp> ProfileDriver::next_instant() const {
    std::optional<Timestamp> next = m_machine.next_timer(m_instance);
    auto consider = [&next](Timestamp t) {
        if (!next || t < *next) next = t;
    };
    if (m_cursor < m_scope.events().size()) consider(m_scope.events()[m_cursor].time);
    if (m_next_occurrence < m_shared.occurrences.size()) consider(m_shared.occurrences[m_next_occurrence]);
    if (next && *next > m_shared.options.until) return std::nullopt;
    return next;
}

void ProfileDriver::handle_events(Timestamp t, std::vector<uint32_t>& entering) {
    const bool triggered = m_journey.journey->entry.triggered();
    const auto& events = m_scope.events();
    while (m_cursor < events.size() && events[m_cursor].time == t) {
        const runtime::DatasetScope::Event& e = events[m_cursor++];
        m_machine.advance(m_instance, Stimulus::arrival(e.row, e.type), t, m_scope, m_observers);
        if (triggered && e.type == m_journey.journey->entry.event->value) entering.push_back(e.row);
    }
}

void ProfileDriver::handle_entries(Timestamp t, const std::vector<uint32_t>& entering) {
    if (m_next_occurrence < m_shared.occurrences.size() && m_shared.occurrences[m_next_occurrence] == t) {
        const size_t occurrence = m_next_occurrence++;
        const bool member = m_shared.members[occurrence][m_scope.row()] != 0;
        const uint64_t before = m_instance.entry_id;
        if (member) {
            m_machine.advance(m_instance, Stimulus::segment_entry(), t, m_scope, m_observers);
        } else {
            emit(t, runtime::effect::NotInEntrySegment{});
        }
        m_report.count_occurrence(occurrence, member, m_instance.entry_id - before);
    }
    for (const uint32_t event_row : entering) {
        m_machine.advance(m_instance, Stimulus::event_entry(event_row), t, m_scope, m_observers);
    }
}

void ProfileDriver::emit(Timestamp t, const Effect& effect) {
    const int step = m_instance.active ? m_journey.step_index(m_instance.step) : k_leave;
    m_observers.emit(EffectContext{m_instance, step, t}, effect);
}

}  // namespace journeyctl::journeys::simulation
