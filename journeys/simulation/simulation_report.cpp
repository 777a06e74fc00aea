// The dry-run report as an observer of the step machine: every counter of
// SimulationReport and every MessageAttempt comes from an effect here, and
// nowhere else.
#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/util/overloaded.hpp"
#include "journeys/runtime/message_key.hpp"
#include "journeys/simulation/simulation_internal.hpp"

namespace journeyctl::journeys::simulation {

namespace effect = runtime::effect;
using expr::Value;
using core::util::Overloaded;

ReportObserver::ReportObserver(const CompiledJourney& journey, size_t occurrences, bool collect_messages)
    : m_journey(journey), m_collect_messages(collect_messages) {
    m_report.steps.resize(journey.steps.size());
    for (size_t i = 0; i < journey.steps.size(); ++i) {
        m_report.steps[i].id = journey.steps[i].id();
        m_report.steps[i].action = std::string(action_name(journey.steps[i].kind));
    }
    m_report.occurrences.resize(occurrences);
}

void ReportObserver::count_occurrence(size_t occurrence, bool member, uint64_t entered) {
    if (member) ++m_report.occurrences[occurrence].members;
    m_report.occurrences[occurrence].entered += entered;
}

void ReportObserver::emit(const EffectContext& context, const Effect& effect) {
    SimulationReport& r = m_report;
    std::visit(Overloaded{
                   [&](const effect::Entered& e) {
                       if (e.first) ++r.profiles_entered;
                       ++r.entries;
                   },
                   [&](const effect::EntryRefused& e) {
                       ++(e.why == effect::EntryRefused::Why::AlreadyInside ? r.refused_inside : r.refused_reentry);
                   },
                   [&](const effect::EntryWhereFailed& e) {
                       if (e.value.kind() != Value::Kind::Bool && r.entry_errors++ == 0) {
                           r.first_entry_error = fmt::format(
                               "profile {}: entry.where: {}", m_key,
                               e.value.is_error() ? std::string(e.value.as_string()) : "not a bool");
                       }
                   },
                   [&](const effect::Arrived& e) {
                       if (e.from != k_leave) ++counts(e.from).next[m_journey.steps[static_cast<size_t>(e.to)].id()];
                       ++counts(e.to).entered;
                   },
                   [&](const effect::Left& e) {
                       ++r.exits[static_cast<size_t>(e.reason)];
                       if (context.step != k_leave) {
                           ++counts(context.step).next[fmt::format("exit:{}", exit_reason_name(e.reason))];
                       }
                   },
                   [&](const effect::StillInside&) {
                       ++r.waiting;
                       if (context.step != k_leave) ++counts(context.step).waiting;
                   },
                   [&](const effect::GoalReached&) { ++r.conversions; },
                   [&](const effect::ExpressionFailed& e) { expression_failed(context, e); },
                   [&](const effect::MessageDecided& e) { message(context, e); },
                   [&](const effect::QuietHoursZoneFallback&) { ++r.zone_fallbacks; },
                   [&](const effect::WaitZoneFallback&) { ++r.zone_fallbacks; },
                   [&](const effect::ConsentFailed&) { ++r.consent_errors; },
                   [&](const effect::CallRequested&) { ++counts(context.step).calls; },
                   [](const auto&) {},
               },
               effect);
}

void ReportObserver::expression_failed(const EffectContext& context, const effect::ExpressionFailed& failed) {
    StepCounts& c = counts(context.step);
    if (c.expression_errors++ == 0) {
        const Value& v = failed.value;
        c.first_error = fmt::format("profile {} at {}: {}: {}", m_key, core::expr::time::format_timestamp(context.t),
                                    failed.what,
                                    v.is_error() ? std::string(v.as_string())
                                                 : fmt::format("gave a {}, not a bool", v.type_name()));
    }
}

void ReportObserver::message(const EffectContext& context, const effect::MessageDecided& decided) {
    ++counts(context.step).outcomes[static_cast<size_t>(decided.outcome)];
    ++m_report.outcomes[static_cast<size_t>(decided.outcome)];
    if (!m_collect_messages) return;
    MessageAttempt a;
    a.time = context.t;
    a.profile = std::string(m_key);
    a.row = m_row;
    a.step = decided.step->id();
    a.template_name = decided.step->message_template->name.value;
    a.channel = decided.step->channel->name.value;
    a.outcome = decided.outcome;
    a.to = decided.to;
    // A reason says why a message was held; a sent one has none
    // (MessageAttempt::reason, and --messages leaves the member out).
    if (decided.outcome != Outcome::Sent) a.reason = decided.reason;
    a.release = decided.release;
    a.content = decided.content;
    a.key = runtime::journey_message_key(context.instance, m_key);
    m_messages.push_back(std::move(a));
}

}  // namespace journeyctl::journeys::simulation
