// One profile's timeline in a dry-run: its events, the instance's timers and
// the journey's entries, taken in time order and, at one instant, events
// first, then timers, then entries (formats.md). The steps themselves are
// in simulation_steps.cpp.
#include <algorithm>

#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "journeys/frequency.hpp"
#include "journeys/simulation_internal.hpp"

namespace journeyctl::journeys::simulation {

using expr::Value;
namespace time = core::expr::time;

namespace {

std::string format_time(Timestamp t) { return time::format_timestamp(t); }

Timestamp add_or_max(Timestamp t, Duration d) {
    auto sum = time::add(t, d);
    if (const Timestamp* ok = std::get_if<Timestamp>(&sum)) return *ok;
    return Timestamp{253402300799, 0};  // 9999-12-31T23:59:59Z: never within a window
}

}  // namespace

void ProfileLedger::record_sent(std::string_view, std::string_view channel, Timestamp at) {
    m_sent.emplace_back(std::string(channel), at);
}

int64_t ProfileLedger::count_sent(std::string_view, std::optional<std::string_view> channel, Timestamp after,
                                  Timestamp until) const {
    int64_t count = 0;
    for (const auto& [sent_on, at] : m_sent) {
        if (at > after && at <= until && (!channel || *channel == sent_on)) ++count;
    }
    return count;
}

ProfileSimulator::ProfileSimulator(const SharedRun& shared)
    : m_shared(shared), m_journey(*shared.in.journey), m_activation(*shared.in.environment),
      m_policy_scratch(*shared.in.policies) {
    m_report.steps.resize(m_journey.steps.size());
    for (size_t i = 0; i < m_journey.steps.size(); ++i) {
        m_report.steps[i].id = m_journey.steps[i].id();
        m_report.steps[i].action = std::string(action_name(m_journey.steps[i].kind));
    }
    m_report.occurrences.resize(shared.occurrences.size());
    for (size_t i = 0; i < shared.occurrences.size(); ++i) m_report.occurrences[i].at = shared.occurrences[i];
    m_activation.set_host(static_cast<const SegmentOracle*>(this));
}

ProfileSimulator::~ProfileSimulator() = default;

void ProfileSimulator::reset(uint32_t row) {
    m_row = row;
    Value key;
    m_key.clear();
    if (m_shared.profiles.get(m_shared.in.dataset->key_field(), row, key)) m_key = std::string(key.as_string());
    m_tracing = m_shared.options.trace_row && *m_shared.options.trace_row == row;
    m_cursor = 0;
    m_next_occurrence = 0;
    m_updates.clear();
    m_profile_value = Value::record(&m_shared.profiles, row);
    m_goals.clear();
    m_entered_ever = false;
    m_last_entry.reset();
    m_inside = false;
    m_step = k_leave;
    m_timer.reset();
    m_holding = false;
    m_event_row.reset();
    m_ledger.clear();
    load_events();
    // Events before the window are history: visible, never handled.
    while (m_cursor < m_events.size() && m_events[m_cursor].time < m_shared.options.from) ++m_cursor;
}

void ProfileSimulator::load_events() {
    m_events.clear();
    const core::data::Dataset& data = *m_shared.in.dataset;
    m_events_begin = data.event_begin(m_row);
    const uint32_t end = data.event_begin(m_row + 1);
    for (uint32_t r = m_events_begin; r < end; ++r) {
        m_events.push_back({m_shared.event_time(r), m_shared.event_type(r), r});
    }
}

std::optional<Timestamp> ProfileSimulator::next_instant() const {
    std::optional<Timestamp> next;
    auto consider = [&next](Timestamp t) {
        if (!next || t < *next) next = t;
    };
    if (m_cursor < m_events.size()) consider(m_events[m_cursor].time);
    if (m_inside) {
        consider(m_timeout_at);
        if (m_timer) consider(*m_timer);
    }
    if (m_next_occurrence < m_shared.occurrences.size()) consider(m_shared.occurrences[m_next_occurrence]);
    if (next && *next > m_shared.options.until) return std::nullopt;
    return next;
}

void ProfileSimulator::simulate(uint32_t row) {
    // A profile outside the entry segment at every occurrence never enters:
    // nothing of it shows in the report (most profiles, usually).
    if (!m_shared.occurrences.empty() && !(m_shared.options.trace_row && *m_shared.options.trace_row == row)) {
        bool member = false;
        for (const auto& members : m_shared.members) member = member || members[row] != 0;
        if (!member) return;
    }
    reset(row);
    std::vector<uint32_t> entering;
    while (const std::optional<Timestamp> t = next_instant()) {
        entering.clear();
        handle_events(*t, entering);
        handle_timers(*t);
        handle_entries(*t, entering);
    }
    finish();
}

void ProfileSimulator::handle_events(Timestamp t, std::vector<uint32_t>& entering) {
    const bool triggered = m_journey.journey->entry.triggered();
    while (m_cursor < m_events.size() && m_events[m_cursor].time == t) {
        const Event& e = m_events[m_cursor++];
        handle_event(e);
        if (triggered && e.type == m_journey.journey->entry.event->value) entering.push_back(e.row);
    }
}

void ProfileSimulator::handle_event(const Event& e) {
    if (m_journey.goal_event && e.type == *m_journey.goal_event) {
        for (auto it = m_goals.begin(); it != m_goals.end();) {
            if (it->deadline < e.time) {
                it = m_goals.erase(it);
            } else if (it->entered < e.time) {
                ++m_report.conversions;
                if (tracing()) trace(e.time, fmt::format("goal: {} (entered {})", e.type, format_time(it->entered)));
                it = m_goals.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (!m_inside) return;
    if (m_journey.exits_on(e.type)) {
        leave(ExitReason::ExitOn, e.time, fmt::format("event {}", e.type));
        return;
    }
    const CompiledStep& s = step();
    if (s.kind != ActionKind::WaitFor || m_holding || e.type != s.awaited_event || e.time <= m_arrived_at) return;
    const std::optional<uint32_t> before = m_event_row;
    m_event_row = e.row;
    if (s.awaited_where) {
        const Value held = evaluate(s.awaited_where, e.time);
        if (held.kind() != Value::Kind::Bool || !held.as_bool()) {
            count_error(held, "wait_for.where");
            m_event_row = before;
            if (tracing()) trace(e.time, fmt::format("event {}: the wait_for's where does not hold", e.type));
            return;
        }
    }
    m_timer.reset();
    if (tracing()) trace(e.time, fmt::format("event {} arrived", e.type));
    go(s.next, e.time);
    run_steps(e.time);
}

void ProfileSimulator::handle_timers(Timestamp t) {
    if (!m_inside) return;
    if (m_timeout_at <= t) {
        leave(ExitReason::Timeout, t, fmt::format("timeout {} after entry", format_cap_duration(m_journey.timeout)));
        return;
    }
    if (!m_timer || *m_timer > t) return;
    m_timer.reset();
    const CompiledStep& s = step();
    switch (s.kind) {
        case ActionKind::Send:  // a held message is due again
            if (!attempt_send(t)) return;
            go(s.next, t);
            break;
        case ActionKind::Wait:
            if (tracing()) trace(t, "wait over");
            go(s.next, t);
            break;
        case ActionKind::WaitFor:
            if (tracing()) trace(t, fmt::format("no {} event: wait_for timed out", s.awaited_event));
            if (s.on_timeout == k_leave) {
                leave(ExitReason::WaitForTimeout, t);
                return;
            }
            go(s.on_timeout, t);
            break;
        default: return;
    }
    run_steps(t);
}

void ProfileSimulator::handle_entries(Timestamp t, const std::vector<uint32_t>& entering) {
    if (m_next_occurrence < m_shared.occurrences.size() && m_shared.occurrences[m_next_occurrence] == t) {
        const size_t occurrence = m_next_occurrence++;
        if (m_shared.members[occurrence][m_row] != 0) {
            ++m_report.occurrences[occurrence].members;
            const uint64_t before = m_report.entries;
            try_enter(t, std::nullopt, fmt::format("in segment {}", m_journey.journey->entry.segment->value));
            m_report.occurrences[occurrence].entered += m_report.entries - before;
        } else if (tracing()) {
            trace(t, fmt::format("not in segment {}", m_journey.journey->entry.segment->value));
        }
    }
    for (const uint32_t event_row : entering) {
        if (m_journey.entry_where && !entry_where_holds(t, event_row)) continue;
        try_enter(t, event_row, fmt::format("on event {}", m_journey.journey->entry.event->value));
    }
}

// The triggered entry's where, with `event` the entering event and
// `journey` as the new instance would see it (or the current instance's,
// when the profile is inside: its entry is then refused, but counted only
// if the where held).
bool ProfileSimulator::entry_where_holds(Timestamp t, uint32_t event_row) {
    const std::optional<uint32_t> saved_event = m_event_row;
    const Timestamp saved_entered = m_entered_at;
    const int saved_step = m_step;
    m_event_row = event_row;
    if (!m_inside) {
        m_entered_at = t;
        m_step = k_leave;
    }
    const Value held = evaluate(m_journey.entry_where, t);
    m_event_row = saved_event;
    m_entered_at = saved_entered;
    m_step = saved_step;
    if (held.kind() == Value::Kind::Bool && held.as_bool()) return true;
    if (held.kind() != Value::Kind::Bool && m_report.entry_errors++ == 0) {
        m_report.first_entry_error =
            fmt::format("profile {}: entry.where: {}", m_key, held.is_error() ? std::string(held.as_string()) : "not a bool");
    }
    if (tracing()) trace(t, fmt::format("event {}: entry.where does not hold", m_journey.journey->entry.event->value));
    return false;
}

void ProfileSimulator::try_enter(Timestamp t, std::optional<uint32_t> event_row, std::string_view how) {
    if (m_inside) {
        ++m_report.refused_inside;
        if (tracing()) trace(t, fmt::format("{}, but already in the journey: not entered again", how));
        return;
    }
    const Reentry& reentry = m_journey.journey->reentry;
    if (m_entered_ever) {
        bool allowed = reentry.kind == ReentryKind::Always;
        if (reentry.kind == ReentryKind::After && m_last_entry) {
            allowed = add_or_max(*m_last_entry, reentry.after->value) <= t;
        }
        if (!allowed) {
            ++m_report.refused_reentry;
            if (tracing()) {
                trace(t, reentry.kind == ReentryKind::Never
                             ? fmt::format("{}, but entered before and reentry is never", how)
                             : fmt::format("{}, but the last entry was less than {} ago (reentry)", how,
                                           format_cap_duration(reentry.after->value)));
            }
            return;
        }
    }
    if (!m_entered_ever) ++m_report.profiles_entered;
    m_entered_ever = true;
    m_last_entry = t;
    ++m_report.entries;
    m_inside = true;
    m_entered_at = t;
    m_timeout_at = add_or_max(t, m_journey.timeout);
    m_timer.reset();
    m_holding = false;
    m_event_row = event_row;
    if (m_journey.goal_event) m_goals.push_back({t, add_or_max(t, m_journey.goal_within)});
    if (tracing()) trace(t, fmt::format("entered ({})", how));
    if (m_journey.steps.empty()) {
        leave(ExitReason::End, t);
        return;
    }
    arrive(0, t);
    run_steps(t);
}

void ProfileSimulator::finish() {
    if (!m_inside) return;
    ++m_report.waiting;
    ++counts().waiting;
    if (tracing()) {
        trace(m_shared.options.until, m_holding ? "window ends with the message still held by quiet hours"
                                                : "window ends: still at this step");
    }
}

void ProfileSimulator::leave(ExitReason reason, Timestamp t, std::string_view detail) {
    if (m_holding) {
        m_holding = false;
        record_attempt(t, Outcome::Cancelled, m_held_to, "the profile left the journey while the message was held",
                       std::nullopt, std::move(m_held_content));
        m_held_content.reset();
        // The held message's final outcome, as every other attempt's is traced.
        if (tracing()) {
            trace(t, fmt::format("send {} on {}: cancelled (the profile left the journey while it was held)",
                                 step().message_template->name.value, step().channel->name.value));
        }
    }
    ++m_report.exits[static_cast<size_t>(reason)];
    if (m_step != k_leave) ++counts().next[fmt::format("exit:{}", exit_reason_name(reason))];
    if (tracing()) {
        trace(t, detail.empty() ? fmt::format("left: {}", exit_reason_name(reason))
                                : fmt::format("left: {} ({})", exit_reason_name(reason), detail));
    }
    m_inside = false;
    m_step = k_leave;
    m_timer.reset();
    m_event_row.reset();
}

void ProfileSimulator::trace(Timestamp t, std::string text) {
    m_trace.push_back({t, m_inside && m_step != k_leave ? step().id() : std::string(), std::move(text)});
}

}  // namespace journeyctl::journeys::simulation
