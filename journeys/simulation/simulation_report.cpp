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

ReportObserver::ReportObserver(const CompiledJourney& journey, const SharedRun& shared)
    : m_journey(journey), m_shared(shared) {
    m_report.steps.resize(journey.steps.size());
    for (size_t i = 0; i < journey.steps.size(); ++i) {
        const CompiledStep& step = journey.steps[i];
        m_report.steps[i].id = step.id();
        m_report.steps[i].action = std::string(action_name(step.kind));
        if (step.message_template != nullptr) m_report.steps[i].template_name = step.message_template->name.value;
        if (step.channel != nullptr) m_report.steps[i].channel = step.channel->name.value;
    }
    m_report.occurrences.resize(shared.occurrences.size());
}

void ReportObserver::end_profile() {
    if (m_path.empty()) return;
    m_paths.push_back(ProfilePath{std::string(m_key), m_row, std::move(m_path)});
    m_path = {};
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
                       if (m_shared.options.record_paths) m_path.push_back(e.to);
                       if (e.from != k_leave) ++counts(e.from).next[m_journey.steps[static_cast<size_t>(e.to)].id()];
                       ++counts(e.to).entered;
                   },
                   [&](const effect::Left& e) {
                       if (m_shared.options.record_paths) m_path.push_back(path_exit(e.reason));
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
    if (decided.outcome == Outcome::Sent && m_shared.options.count_days) count_day(context);
    if (!m_shared.options.collect_messages) return;
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

// The day of a sent message is its date in the workspace zone, where the
// people reading the report count their days.
void ReportObserver::count_day(const EffectContext& context) {
    const auto offset = core::expr::time::utc_offset(context.t, m_shared.workspace_zone);
    const int64_t local = context.t.seconds + (std::holds_alternative<int64_t>(offset) ? std::get<int64_t>(offset) : 0);
    const int64_t day = local >= 0 ? local / 86'400 : -((-local + 86'399) / 86'400);
    std::vector<uint64_t>& sent = m_report.sent_by_day[day];
    sent.resize(m_report.steps.size(), 0);
    ++sent[static_cast<size_t>(context.step)];
}

}  // namespace journeyctl::journeys::simulation
