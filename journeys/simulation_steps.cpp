// What each step does to a profile in a dry-run (formats.md, "Journey"):
// send through the policy checks, wait, wait_for, branch, split, update,
// call (recorded, never made), exit; and the expression scope each step's
// expressions see at the virtual instant.
#include <algorithm>

#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "journeys/quiet_hours.hpp"
#include "journeys/simulation_internal.hpp"
#include "journeys/split.hpp"
#include "journeys/wait_clock.hpp"

namespace journeyctl::journeys::simulation {

using expr::Value;
namespace time = core::expr::time;

namespace {

// A profile that passes more steps than this at one instant is stuck in a
// loop that validation should have caught (loop-without-wait).
constexpr int k_max_steps_per_instant = 10'000;

std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

void ProfileSimulator::arrive(int target, Timestamp t) {
    m_step = target;
    m_arrived_at = t;
    ++counts().entered;
}

void ProfileSimulator::go(int target, Timestamp t) {
    if (target == k_leave) {
        leave(ExitReason::End, t);
        return;
    }
    ++counts().next[m_journey.steps[static_cast<size_t>(target)].id()];
    arrive(target, t);
}

void ProfileSimulator::run_steps(Timestamp t) {
    for (int passed = 0; m_inside; ++passed) {
        if (passed == k_max_steps_per_instant) {
            leave(ExitReason::Error, t, fmt::format("more than {} steps at one instant", k_max_steps_per_instant));
            return;
        }
        if (!run_step(t)) return;
    }
}

bool ProfileSimulator::run_step(Timestamp t) {
    const CompiledStep& s = step();
    switch (s.kind) {
        case ActionKind::Send:
            if (!attempt_send(t)) return false;
            go(s.next, t);
            return true;
        case ActionKind::Wait: return start_wait(t);
        case ActionKind::WaitFor: return start_wait_for(t);
        case ActionKind::Branch: return run_branch(t);
        case ActionKind::Split: run_split(t); return true;
        case ActionKind::Update: run_update(t); return true;
        case ActionKind::Call: run_call(t); return true;
        case ActionKind::Exit:
        case ActionKind::None: go(s.next, t); return true;
    }
    return true;
}

bool ProfileSimulator::attempt_send(Timestamp t) {
    const CompiledStep& s = step();
    bind(t);
    const RenderInputs render{m_shared.in.templates, &m_activation};
    std::optional<Message> content;
    std::optional<std::string> to;
    if (m_shared.options.render_messages) {
        content = render_message(*s.message_template, *s.channel, render);
        to = content->to;
    } else {
        to = message_address(*s.channel, render);
    }
    PolicyInputs inputs;
    inputs.policies = m_shared.in.policies;
    inputs.suppression = m_shared.in.suppression;
    inputs.ledger = &m_ledger;
    inputs.activation = &m_activation;
    inputs.scratch = &m_policy_scratch;
    inputs.channel = s.channel->name.value;
    inputs.channel_kind = s.channel->kind;
    if (to) inputs.address = *to;
    inputs.profile_key = m_key;
    inputs.now = t;
    const PolicyDecision decision = check_policies(inputs);
    if (decision.zone_fallback) {
        ++m_report.zone_fallbacks;
        if (tracing()) trace(t, fmt::format("quiet hours: no usable profile zone; judged in {}", decision.zone));
    }
    if (decision.consent_error) ++m_report.consent_errors;
    const std::string what = fmt::format("send {} on {}", s.message_template->name.value, s.channel->name.value);
    if (decision.outcome == Outcome::DelayedQuietHours) {
        m_holding = true;
        m_timer = *decision.release;
        // Kept for the `cancelled` line, should the profile leave meanwhile.
        m_held_to = to;
        m_held_content = content;
        record_attempt(t, decision.outcome, to, decision.reason, decision.release, std::move(content));
        if (tracing()) {
            trace(t, fmt::format("{}: delayed_quiet_hours ({})", what, decision.reason));
        }
        return false;
    }
    m_holding = false;
    if (decision.outcome == Outcome::Sent) m_ledger.record_sent(m_key, s.channel->name.value, t);
    if (tracing()) {
        trace(t, decision.outcome == Outcome::Sent
                     ? fmt::format("{} to {}: sent", what, to.value_or("?"))
                     : fmt::format("{}: {} ({})", what, outcome_name(decision.outcome), decision.reason));
    }
    // A reason says why a message was held; a sent one has none
    // (MessageAttempt::reason, and --messages leaves the member out).
    record_attempt(t, decision.outcome, to, decision.outcome == Outcome::Sent ? std::string() : decision.reason,
                   std::nullopt, std::move(content));
    return true;
}

bool ProfileSimulator::start_wait(Timestamp t) {
    const CompiledStep& s = step();
    TimeResult<Timestamp> wake = TimeError{"wait has no time"};
    if (s.wait_duration) {
        wake = wait_duration(t, *s.wait_duration);
    } else if (s.until_minutes >= 0) {
        // Without a zone expression the workspace zone is the configured
        // choice, not a fallback (as for quiet hours without a zone).
        std::optional<Value> zone_value;
        if (s.zone) zone_value = evaluate(s.zone, t);
        ZoneChoice zone = choose_zone(zone_value ? &*zone_value : nullptr, m_shared.workspace_zone);
        if (!s.zone) zone.fell_back = false;
        if (zone.fell_back) {
            ++m_report.zone_fallbacks;
            if (tracing()) trace(t, fmt::format("wait: {}; using the workspace zone {}", zone.why, zone.zone));
        }
        wake = wait_until_time_of_day(t, s.until_minutes, zone.zone);
    } else {
        const Value until = evaluate(s.until, t);
        if (until.kind() == Value::Kind::Timestamp) {
            wake = std::max(t, until.as_timestamp());
        } else {
            count_error(until, "wait.until");
            wake = TimeError{until.is_error() ? std::string(until.as_string())
                                               : fmt::format("wait.until gave a {}, not a timestamp", until.type_name())};
        }
    }
    if (const TimeError* error = std::get_if<TimeError>(&wake)) {
        leave(ExitReason::Error, t, error->message);
        return false;
    }
    const Timestamp at = std::get<Timestamp>(wake);
    if (at <= t) {
        if (tracing()) trace(t, "wait: the time has come already");
        go(s.next, t);
        return true;
    }
    m_timer = at;
    if (tracing()) trace(t, fmt::format("wait until {}", time::format_timestamp(at)));
    return false;
}

bool ProfileSimulator::start_wait_for(Timestamp t) {
    const CompiledStep& s = step();
    if (s.wait_for_timeout) {
        const auto until = time::add(t, *s.wait_for_timeout);
        if (const Timestamp* at = std::get_if<Timestamp>(&until)) m_timer = *at;
    }
    if (tracing()) {
        trace(t, m_timer ? fmt::format("wait for event {} until {}", s.awaited_event, time::format_timestamp(*m_timer))
                         : fmt::format("wait for event {}", s.awaited_event));
    }
    return false;
}

bool ProfileSimulator::run_branch(Timestamp t) {
    const CompiledStep& s = step();
    for (const CompiledBranchCase& c : s.cases) {
        if (!c.when) {
            if (tracing()) trace(t, fmt::format("branch: no when held: else -> {}", m_journey.steps[c.target].id()));
            go(c.target, t);
            return true;
        }
        const Value held = evaluate(c.when, t);
        if (held.kind() == Value::Kind::Bool && held.as_bool()) {
            if (tracing()) {
                trace(t, fmt::format("branch: when {} holds -> {}", one_line(c.when->source()),
                                     m_journey.steps[c.target].id()));
            }
            go(c.target, t);
            return true;
        }
        count_error(held, "branch when");
        if (tracing()) {
            trace(t, held.kind() == Value::Kind::Bool
                         ? fmt::format("branch: when {} is false", one_line(c.when->source()))
                         : fmt::format("branch: when {} is {} (counts as false)", one_line(c.when->source()),
                                       held.to_cel_literal()));
        }
    }
    leave(ExitReason::NoBranch, t);
    return true;
}

void ProfileSimulator::run_split(Timestamp t) {
    const CompiledStep& s = step();
    const uint32_t bucket = split_bucket(m_journey.name(), s.id(), m_key);
    const size_t arm = split_arm(s.weights, bucket);
    if (tracing()) {
        int64_t total = 0;
        for (int64_t w : s.weights) total += w;
        trace(t, fmt::format("split: bucket {} -> arm {} of {} (weight {}/{}) -> {}", bucket, arm + 1, s.weights.size(),
                             s.weights[arm], total, m_journey.steps[s.arm_targets[arm]].id()));
    }
    go(s.arm_targets[arm], t);
}

void ProfileSimulator::run_update(Timestamp t) {
    const CompiledStep& s = step();
    for (const auto& update : s.updates) {
        // A named reference, not a structured binding: clang before 16
        // cannot capture bindings in the lambda below.
        const std::string& field = update.first;
        const Value value = evaluate(update.second, t);
        if (value.is_error()) {
            count_error(value, "update." + field);
            if (tracing()) trace(t, fmt::format("update {}: {} (not set)", field, value.as_string()));
            continue;
        }
        const Value kept = value.materialize();
        auto found = std::find_if(m_updates.begin(), m_updates.end(), [&](const auto& u) { return u.first == field; });
        if (found == m_updates.end()) {
            m_updates.emplace_back(field, kept);
        } else {
            found->second = kept;
        }
        if (tracing()) trace(t, fmt::format("update {} = {}", field, kept.to_cel_literal()));
    }
    rebuild_profile_value();
    go(s.next, t);
}

void ProfileSimulator::run_call(Timestamp t) {
    const CompiledStep& s = step();
    ++counts().calls;
    if (tracing()) {
        const auto& call = std::get<CallAction>(s.step->action);
        trace(t, fmt::format("call {} {} (recorded; a dry-run makes no request)", call.method_name(), call.url.value));
    }
    go(s.next, t);
}

void ProfileSimulator::rebuild_profile_value() {
    expr::MapValue merged;
    for (const auto& [field, value] : m_updates) merged.insert(Value::string(field), value);
    const Value data = Value::record(&m_shared.profiles, m_row).materialize();
    for (const auto& [key, value] : data.as_map().entries()) merged.insert(key, value);
    m_profile_value = Value::map(std::make_shared<const expr::MapValue>(std::move(merged)));
}

void ProfileSimulator::bind(Timestamp t) {
    m_now = t;
    const JourneySlots& slots = m_shared.slots;
    m_activation.set(slots.now, Value::timestamp(t));
    m_activation.set(slots.profile, m_profile_value);
    const auto visible = std::upper_bound(m_events.begin(), m_events.end(), t,
                                          [](Timestamp at, const Event& e) { return at < e.time; });
    m_activation.set(slots.events, Value::record_list(&m_shared.events, m_events_begin,
                                                      m_events_begin + static_cast<uint32_t>(visible - m_events.begin())));
    m_activation.set(slots.event, m_event_row ? Value::record(&m_shared.events, *m_event_row)
                                              : Value::error("there is no event: the journey is not triggered by one"));
    // `journey` changes with the step and the entry only: rebuilt then.
    if (!m_journey_value_valid || m_journey_value_step != m_step || m_journey_value_entered != m_entered_at) {
        expr::MapValue journey;
        journey.insert(Value::borrowed_string("id"), Value::borrowed_string(m_journey.name()));
        journey.insert(Value::borrowed_string("entered_at"), Value::timestamp(m_entered_at));
        journey.insert(Value::borrowed_string("step"),
                       Value::borrowed_string(m_step == k_leave ? std::string_view() : std::string_view(step().id())));
        m_activation.set(slots.journey, Value::map(std::make_shared<const expr::MapValue>(std::move(journey))));
        m_journey_value_valid = true;
        m_journey_value_step = m_step;
        m_journey_value_entered = m_entered_at;
    }
}

Value ProfileSimulator::evaluate(const ProgramPtr& program, Timestamp t) {
    bind(t);
    auto& evaluator = m_evaluators[program.get()];
    if (!evaluator) evaluator = std::make_unique<expr::Evaluator>(program);
    return evaluator->evaluate(m_activation);
}

void ProfileSimulator::count_error(const Value& value, std::string_view what) {
    if (value.kind() == Value::Kind::Bool) return;
    StepCounts& c = counts();
    if (c.expression_errors++ == 0) {
        c.first_error = fmt::format("profile {} at {}: {}: {}", m_key, time::format_timestamp(m_now), what,
                                    value.is_error() ? std::string(value.as_string())
                                                     : fmt::format("gave a {}, not a bool", value.type_name()));
    }
}

void ProfileSimulator::record_attempt(Timestamp t, Outcome outcome, const std::optional<std::string>& to,
                                      std::string reason, std::optional<Timestamp> release,
                                      std::optional<Message> content) {
    ++counts().outcomes[static_cast<size_t>(outcome)];
    ++m_report.outcomes[static_cast<size_t>(outcome)];
    if (!m_shared.options.collect_messages) return;
    const CompiledStep& s = step();
    MessageAttempt a;
    a.time = t;
    a.profile = m_key;
    a.row = m_row;
    a.step = s.id();
    a.template_name = s.message_template->name.value;
    a.channel = s.channel->name.value;
    a.outcome = outcome;
    a.to = to;
    a.reason = std::move(reason);
    a.release = release;
    a.content = std::move(content);
    m_messages.push_back(std::move(a));
}

Value ProfileSimulator::in_segment(std::string_view name) const {
    const core::segment::Engine& segments = *m_shared.in.segments;
    const std::optional<size_t> index = segments.find(name);
    if (!index) return Value::error(fmt::format("there is no segment '{}'", name));
    const auto program = segments.program(*index);
    if (!program) return Value::error(fmt::format("segment '{}' does not compile", name));
    core::segment::Population population = core::segment::population_of(*m_shared.in.dataset);
    const SharedRun& shared = m_shared;
    const Timestamp now = m_now;
    population.event_end = [&shared, now](uint32_t row) { return shared.visible_end(row, now); };
    const Value member = segments.evaluate(*program, segments.environment(), population, m_row, now);
    return member.kind() == Value::Kind::Bool ? member : Value::boolean(false);
}

}  // namespace journeyctl::journeys::simulation
