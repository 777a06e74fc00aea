// What each step kind does (formats.md, "Journey"): send through the
// message gate, wait, wait_for, branch, split, update, call (requested as
// an effect, never made here) and exit. Each returns false when the
// instance stops at the step (it waits, or it left).
#include <algorithm>

#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "journeys/policy/quiet_hours.hpp"
#include "journeys/runtime/step_machine_internal.hpp"
#include "journeys/runtime/split.hpp"
#include "journeys/runtime/wait_clock.hpp"

namespace journeyctl::journeys::runtime::machine {

using core::expr::Value;
namespace time = core::expr::time;

bool Advance::run_step() {
    const CompiledStep& s = step();
    switch (s.kind) {
        case ActionKind::Send:
            if (!attempt_send()) return false;
            go(s.next);
            return true;
        case ActionKind::Wait: return start_wait();
        case ActionKind::WaitFor: return start_wait_for();
        case ActionKind::Branch: return run_branch();
        case ActionKind::Split: run_split(); return true;
        case ActionKind::Update: run_update(); return true;
        case ActionKind::Call: run_call(); return true;
        case ActionKind::Exit:
        case ActionKind::None: go(s.next); return true;
    }
    return true;
}

bool Advance::attempt_send() {
    const CompiledStep& s = step();
    const core::expr::Activation& activation = m_scope.bind(m_instance, m_t);
    MessageVerdict verdict = m_gate.check(s, activation, m_scope.profile_key(), m_t);
    const PolicyDecision& decision = verdict.decision;
    if (decision.zone_fallback) emit(effect::QuietHoursZoneFallback{decision.zone});
    if (decision.consent_error) emit(effect::ConsentFailed{});
    // Allowed: handed to delivery, whose own result comes later.
    const Outcome outcome = refusal_outcome(decision.verdict).value_or(Outcome::Sent);
    if (decision.verdict == Verdict::DelayedQuietHours) {
        m_instance.timer = *decision.release;
        // Kept for the `cancelled` attempt, should the profile leave meanwhile.
        m_instance.held = HeldMessage{verdict.to, verdict.content};
        emit(effect::MessageDecided{&s, outcome, verdict.to, decision.reason, decision.release, verdict.content});
        return false;
    }
    m_instance.held.reset();
    emit(effect::MessageDecided{&s, outcome, verdict.to, decision.reason, std::nullopt, verdict.content});
    return true;
}

bool Advance::start_wait() {
    const CompiledStep& s = step();
    TimeResult<Timestamp> wake = TimeError{"wait has no time"};
    if (s.wait_duration) {
        wake = wait_duration(m_t, *s.wait_duration);
    } else if (s.until_minutes >= 0) {
        // Without a zone expression the workspace zone is the configured
        // choice, not a fallback (as for quiet hours without a zone).
        std::optional<Value> zone_value;
        if (s.zone) zone_value = evaluate(s.zone);
        ZoneChoice zone = choose_zone(zone_value ? &*zone_value : nullptr, m_workspace_zone);
        if (!s.zone) zone.fell_back = false;
        if (zone.fell_back) emit(effect::WaitZoneFallback{zone.why, zone.zone});
        wake = wait_until_time_of_day(m_t, s.until_minutes, zone.zone);
    } else {
        const Value until = evaluate(s.until);
        if (until.kind() == Value::Kind::Timestamp) {
            wake = std::max(m_t, until.as_timestamp());
        } else {
            report_failure(until, "wait.until");
            wake = TimeError{until.is_error() ? std::string(until.as_string())
                                               : fmt::format("wait.until gave a {}, not a timestamp", until.type_name())};
        }
    }
    if (const TimeError* error = std::get_if<TimeError>(&wake)) {
        leave(ExitReason::Error, error->message);
        return false;
    }
    const Timestamp at = std::get<Timestamp>(wake);
    if (at <= m_t) {
        emit(effect::WaitAlreadyOver{});
        go(s.next);
        return true;
    }
    m_instance.timer = at;
    emit(effect::WaitStarted{at});
    return false;
}

bool Advance::start_wait_for() {
    const CompiledStep& s = step();
    if (s.wait_for_timeout) {
        const auto until = time::add(m_t, *s.wait_for_timeout);
        if (const Timestamp* at = std::get_if<Timestamp>(&until)) m_instance.timer = *at;
    }
    emit(effect::WaitForStarted{s.awaited_event, m_instance.timer});
    return false;
}

bool Advance::run_branch() {
    const CompiledStep& s = step();
    for (const CompiledBranchCase& c : s.cases) {
        if (!c.when) {
            emit(effect::BranchCase{&c, Value(), true});
            go(c.target);
            return true;
        }
        const Value held = evaluate(c.when);
        if (held.kind() == Value::Kind::Bool && held.as_bool()) {
            emit(effect::BranchCase{&c, held, true});
            go(c.target);
            return true;
        }
        report_failure(held, "branch when");
        emit(effect::BranchCase{&c, held, false});
    }
    leave(ExitReason::NoBranch);
    return true;
}

void Advance::run_split() {
    const CompiledStep& s = step();
    const uint32_t bucket = split_bucket(m_journey.name(), s.id(), m_scope.profile_key());
    const size_t arm = split_arm(s.weights, bucket);
    emit(effect::SplitChosen{bucket, arm});
    go(s.arm_targets[arm]);
}

void Advance::run_update() {
    const CompiledStep& s = step();
    for (const auto& update : s.updates) {
        const std::string& field = update.first;
        const Value value = evaluate(update.second);
        if (value.is_error()) {
            report_failure(value, "update." + field);
            emit(effect::FieldNotSet{field, value});
            continue;
        }
        Value kept = value.materialize();
        auto found = std::find_if(m_instance.updates.begin(), m_instance.updates.end(),
                                  [&](const FieldUpdate& u) { return u.field == field; });
        if (found == m_instance.updates.end()) {
            m_instance.updates.push_back({field, kept});
        } else {
            found->value = kept;
        }
        emit(effect::FieldSet{field, kept});
    }
    m_scope.profile_updated(m_instance);
    go(s.next);
}

void Advance::run_call() {
    emit(effect::CallRequested{&step()});
    go(step().next);
}

}  // namespace journeyctl::journeys::runtime::machine
