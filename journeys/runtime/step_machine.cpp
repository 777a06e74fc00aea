// The step machine's stimuli and moves (see step_machine.hpp): entering,
// events, timers, going from step to step and leaving. What each step
// does is in step_actions.cpp.
#include "journeys/runtime/step_machine.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "journeys/policy/frequency.hpp"
#include "journeys/runtime/step_machine_internal.hpp"

namespace journeyctl::journeys::runtime {

using core::expr::Value;
namespace time = core::expr::time;

namespace {

Timestamp add_or_max(Timestamp t, Duration d) {
    auto sum = time::add(t, d);
    if (const Timestamp* ok = std::get_if<Timestamp>(&sum)) return *ok;
    return Timestamp{253402300799, 0};  // 9999-12-31T23:59:59Z: never within a window
}

}  // namespace

Instance StepMachine::new_instance() const {
    Instance instance;
    instance.journey = m_journey.name();
    instance.version = m_journey.version;
    return instance;
}

std::optional<Timestamp> StepMachine::next_timer(const Instance& instance) const {
    if (!instance.active) return std::nullopt;
    if (instance.timer && *instance.timer < instance.timeout_at) return instance.timer;
    return instance.timeout_at;
}

std::optional<Stimulus> StepMachine::due(const Instance& instance, Timestamp t) const {
    if (!instance.active) return std::nullopt;
    if (instance.timeout_at > t && (!instance.timer || *instance.timer > t)) return std::nullopt;
    return instance.held ? Stimulus::release() : Stimulus::timer();
}

void StepMachine::advance(Instance& instance, const Stimulus& stimulus, Timestamp t, ProfileScope& scope,
                          EffectSink& effects) const {
    machine::Advance run(m_journey, m_gate, m_workspace_zone, instance, scope, effects, t);
    switch (stimulus.kind) {
        case Stimulus::Kind::Entry: run.enter(stimulus); break;
        case Stimulus::Kind::Event: run.event(stimulus); break;
        case Stimulus::Kind::Timer:
        case Stimulus::Kind::Release: run.timer(); break;
    }
}

namespace machine {

void Advance::enter(const Stimulus& stimulus) {
    if (stimulus.cause == EntryCause::Event && m_journey.entry_where && !entry_where_holds(*stimulus.event)) return;
    if (m_instance.active) {
        emit(effect::EntryRefused{stimulus.cause, effect::EntryRefused::Why::AlreadyInside});
        return;
    }
    const Reentry& reentry = m_journey.journey->reentry;
    if (m_instance.entered_ever()) {
        bool allowed = reentry.kind == ReentryKind::Always;
        if (reentry.kind == ReentryKind::After && m_instance.last_entry) {
            allowed = add_or_max(*m_instance.last_entry, reentry.after->value) <= m_t;
        }
        if (!allowed) {
            emit(effect::EntryRefused{stimulus.cause, effect::EntryRefused::Why::Reentry});
            return;
        }
    }
    start(stimulus.cause, stimulus.event);
}

// The triggered entry's where, with `event` the entering event and
// `journey` as the new instance would see it (or the current instance's,
// when the profile is inside: its entry is then refused, but counted only
// if the where held).
bool Advance::entry_where_holds(uint64_t event) {
    const std::optional<uint64_t> saved_event = m_instance.event;
    const Timestamp saved_entered = m_instance.entered_at;
    m_instance.event = event;
    if (!m_instance.active) m_instance.entered_at = m_t;  // its step is empty outside
    const Value held = evaluate(m_journey.entry_where);
    m_instance.event = saved_event;
    m_instance.entered_at = saved_entered;
    if (held.kind() == Value::Kind::Bool && held.as_bool()) return true;
    emit(effect::EntryWhereFailed{held});
    return false;
}

void Advance::start(EntryCause cause, std::optional<uint64_t> event) {
    const bool first = !m_instance.entered_ever();
    ++m_instance.entry_id;
    m_instance.last_entry = m_t;
    m_instance.active = true;
    m_instance.entered_at = m_t;
    m_instance.timeout_at = add_or_max(m_t, m_journey.timeout);
    m_instance.step.clear();
    m_instance.timer.reset();
    m_instance.held.reset();
    m_instance.event = event;
    m_instance.visits.clear();
    m_step = k_leave;
    if (m_journey.goal_event) m_instance.goals.push_back({m_t, add_or_max(m_t, m_journey.goal_within)});
    emit(effect::Entered{cause, first});
    if (m_journey.steps.empty()) {
        leave(ExitReason::End);
        return;
    }
    arrive(0);
    run_steps();
}

void Advance::event(const Stimulus& stimulus) {
    const std::string_view type = stimulus.event_type;
    if (m_journey.goal_event && type == *m_journey.goal_event) {
        auto& goals = m_instance.goals;
        for (auto it = goals.begin(); it != goals.end();) {
            if (it->deadline < m_t) {
                it = goals.erase(it);
            } else if (it->entered < m_t) {
                emit(effect::GoalReached{type, it->entered});
                it = goals.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (!m_instance.active) return;
    if (m_journey.exits_on(type)) {
        leave(ExitReason::ExitOn, fmt::format("event {}", type));
        return;
    }
    if (m_step == k_leave) return;
    const CompiledStep& s = step();
    if (s.kind != ActionKind::WaitFor || m_instance.held || type != s.awaited_event || m_t <= m_instance.arrived_at) {
        return;
    }
    const std::optional<uint64_t> before = m_instance.event;
    m_instance.event = stimulus.event;
    if (s.awaited_where) {
        const Value held = evaluate(s.awaited_where);
        if (held.kind() != Value::Kind::Bool || !held.as_bool()) {
            report_failure(held, "wait_for.where");
            m_instance.event = before;
            emit(effect::AwaitedWhereFailed{type});
            return;
        }
    }
    m_instance.timer.reset();
    emit(effect::AwaitedEventArrived{type});
    go(s.next);
    run_steps();
}

void Advance::timer() {
    if (!m_instance.active) return;
    if (m_instance.timeout_at <= m_t) {
        leave(ExitReason::Timeout, fmt::format("timeout {} after entry", format_cap_duration(m_journey.timeout)));
        return;
    }
    if (!m_instance.timer || *m_instance.timer > m_t || m_step == k_leave) return;
    m_instance.timer.reset();
    const CompiledStep& s = step();
    switch (s.kind) {
        case ActionKind::Send:  // a held message is due again
            if (!attempt_send()) return;
            go(s.next);
            break;
        case ActionKind::Wait:
            emit(effect::WaitOver{});
            go(s.next);
            break;
        case ActionKind::WaitFor:
            emit(effect::WaitForTimedOut{s.awaited_event});
            if (s.on_timeout == k_leave) {
                leave(ExitReason::WaitForTimeout);
                return;
            }
            go(s.on_timeout);
            break;
        default: return;
    }
    run_steps();
}

void Advance::arrive(int target) {
    const int from = m_step;
    m_step = target;
    m_instance.step = step().id();
    m_instance.arrived_at = m_t;
    auto visit = std::find_if(m_instance.visits.begin(), m_instance.visits.end(),
                              [&](const StepVisits& v) { return v.step == m_instance.step; });
    if (visit == m_instance.visits.end()) {
        m_instance.visits.push_back({m_instance.step, 1});
    } else {
        ++visit->count;
    }
    emit(effect::Arrived{from, target});
}

void Advance::go(int target) {
    if (target == k_leave) {
        leave(ExitReason::End);
        return;
    }
    arrive(target);
}

void Advance::leave(ExitReason reason, std::string detail) {
    if (m_instance.held) {
        static const std::string k_cancelled = "the profile left the journey while the message was held";
        const HeldMessage held = std::move(*m_instance.held);
        m_instance.held.reset();
        emit(effect::MessageDecided{&step(), Outcome::Cancelled, held.to, k_cancelled, std::nullopt, held.content});
    }
    emit(effect::Left{reason, std::move(detail)});
    m_instance.active = false;
    m_instance.step.clear();
    m_step = k_leave;
    m_instance.timer.reset();
    m_instance.event.reset();
}

void Advance::run_steps() {
    for (int passed = 0; m_instance.active; ++passed) {
        if (passed == k_max_steps_per_stimulus) {
            leave(ExitReason::Error, fmt::format("more than {} steps at one instant", k_max_steps_per_stimulus));
            return;
        }
        if (!run_step()) return;
    }
}

void Advance::report_failure(const Value& value, std::string_view what) {
    if (value.kind() == Value::Kind::Bool) return;
    emit(effect::ExpressionFailed{std::string(what), value});
}

}  // namespace machine

}  // namespace journeyctl::journeys::runtime
