// The `dry-run --trace` timeline as an observer of the step machine: each
// effect that explains the traced profile's path becomes one line, at the
// step the instance stood at when it was emitted.
#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/util/overloaded.hpp"
#include "journeys/policy/frequency.hpp"
#include "journeys/simulation/simulation_internal.hpp"

namespace journeyctl::journeys::simulation {

namespace effect = runtime::effect;
using expr::Value;
using core::util::Overloaded;
namespace time = core::expr::time;

namespace {

std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

void TraceObserver::emit(const EffectContext& context, const Effect& effect) {
    std::string line = text(context, effect);
    if (line.empty()) return;
    const bool at_step = context.instance.active && context.step != k_leave;
    m_trace.push_back({context.t, at_step ? m_journey.steps[static_cast<size_t>(context.step)].id() : std::string(),
                       std::move(line)});
}

std::string TraceObserver::text(const EffectContext& context, const Effect& effect) const {
    const Journey& journey = *m_journey.journey;
    const auto how = [&](runtime::EntryCause cause) {
        return cause == runtime::EntryCause::Segment ? fmt::format("in segment {}", journey.entry.segment->value)
                                                     : fmt::format("on event {}", journey.entry.event->value);
    };
    const auto step_id = [&](int index) -> const std::string& { return m_journey.steps[static_cast<size_t>(index)].id(); };
    return std::visit(
        Overloaded{
            [&](const effect::Entered& e) { return fmt::format("entered ({})", how(e.cause)); },
            [&](const effect::EntryRefused& e) {
                if (e.why == effect::EntryRefused::Why::AlreadyInside) {
                    return fmt::format("{}, but already in the journey: not entered again", how(e.cause));
                }
                return journey.reentry.kind == ReentryKind::Never
                           ? fmt::format("{}, but entered before and reentry is never", how(e.cause))
                           : fmt::format("{}, but the last entry was less than {} ago (reentry)", how(e.cause),
                                         format_cap_duration(journey.reentry.after->value));
            },
            [&](const effect::EntryWhereFailed&) {
                return fmt::format("event {}: entry.where does not hold", journey.entry.event->value);
            },
            [&](const effect::NotInEntrySegment&) {
                return fmt::format("not in segment {}", journey.entry.segment->value);
            },
            [&](const effect::Left& e) {
                return e.detail.empty() ? fmt::format("left: {}", exit_reason_name(e.reason))
                                        : fmt::format("left: {} ({})", exit_reason_name(e.reason), e.detail);
            },
            [&](const effect::StillInside&) {
                return std::string(context.instance.held ? "window ends with the message still held by quiet hours"
                                                         : "window ends: still at this step");
            },
            [&](const effect::GoalReached& e) {
                return fmt::format("goal: {} (entered {})", e.event_type, time::format_timestamp(e.entered));
            },
            [&](const effect::MessageDecided& e) {
                const std::string what =
                    fmt::format("send {} on {}", e.step->message_template->name.value, e.step->channel->name.value);
                switch (e.outcome) {
                    case Outcome::Sent: return fmt::format("{} to {}: sent", what, e.to.value_or("?"));
                    case Outcome::Cancelled:
                        // The held message's final outcome, as every other attempt's is traced.
                        return fmt::format("{}: cancelled (the profile left the journey while it was held)", what);
                    default: return fmt::format("{}: {} ({})", what, outcome_name(e.outcome), e.reason);
                }
            },
            [&](const effect::QuietHoursZoneFallback& e) {
                return fmt::format("quiet hours: no usable profile zone; judged in {}", e.zone);
            },
            [&](const effect::WaitZoneFallback& e) {
                return fmt::format("wait: {}; using the workspace zone {}", e.why, e.zone);
            },
            [&](const effect::WaitStarted& e) { return fmt::format("wait until {}", time::format_timestamp(e.until)); },
            [&](const effect::WaitAlreadyOver&) { return std::string("wait: the time has come already"); },
            [&](const effect::WaitOver&) { return std::string("wait over"); },
            [&](const effect::WaitForStarted& e) {
                return e.until ? fmt::format("wait for event {} until {}", e.event_type, time::format_timestamp(*e.until))
                               : fmt::format("wait for event {}", e.event_type);
            },
            [&](const effect::AwaitedEventArrived& e) { return fmt::format("event {} arrived", e.event_type); },
            [&](const effect::AwaitedWhereFailed& e) {
                return fmt::format("event {}: the wait_for's where does not hold", e.event_type);
            },
            [&](const effect::WaitForTimedOut& e) {
                return fmt::format("no {} event: wait_for timed out", e.event_type);
            },
            [&](const effect::BranchCase& e) {
                const CompiledBranchCase& c = *e.branch_case;
                if (!c.when) return fmt::format("branch: no when held: else -> {}", step_id(c.target));
                const std::string when = one_line(c.when->source());
                if (e.taken) return fmt::format("branch: when {} holds -> {}", when, step_id(c.target));
                return e.held.kind() == Value::Kind::Bool
                           ? fmt::format("branch: when {} is false", when)
                           : fmt::format("branch: when {} is {} (counts as false)", when, e.held.to_cel_literal());
            },
            [&](const effect::SplitChosen& e) {
                const CompiledStep& s = m_journey.steps[static_cast<size_t>(context.step)];
                int64_t total = 0;
                for (int64_t w : s.weights) total += w;
                return fmt::format("split: bucket {} -> arm {} of {} (weight {}/{}) -> {}", e.bucket, e.arm + 1,
                                   s.weights.size(), s.weights[e.arm], total, step_id(s.arm_targets[e.arm]));
            },
            [&](const effect::FieldSet& e) { return fmt::format("update {} = {}", e.field, e.value.to_cel_literal()); },
            [&](const effect::FieldNotSet& e) {
                return fmt::format("update {}: {} (not set)", e.field, e.error.as_string());
            },
            [&](const effect::CallRequested& e) {
                const auto& call = std::get<CallAction>(e.step->step->action);
                return fmt::format("call {} {} (recorded; a dry-run makes no request)", call.method_name(),
                                   call.url.value);
            },
            // Moves are counted, not traced; the rest the report counts.
            [](const auto&) { return std::string(); },
        },
        effect);
}

}  // namespace journeyctl::journeys::simulation
