// A journey's own expressions and references outside its step graph: the
// entry's segment and where, branch conditions, wait_for's where, wait
// until/zone, and update (field names and values). A triggered journey's
// steps see `event` (the entering event); wait_for's where sees the awaited
// one in every journey.
#include <algorithm>
#include <cctype>

#include "core/util/edit_distance.hpp"
#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

using core::expr::Type;
using core::expr::TypeKind;

namespace {

bool is_identifier(std::string_view name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

void check_wait(Context& cx, const Journey& journey, const WaitAction& wait, const core::expr::Environment& env) {
    if (wait.kind == WaitAction::Kind::UntilExpression && wait.until) {
        const auto checked = check_expression(cx, journey.file, *wait.until, {.env = &env});
        if (checked && !Type::of(TypeKind::Timestamp).accepts(checked->type)) {
            cx.report_at(journey.file, *wait.until, "expr-type",
                         "'until' must give a timestamp (or be a time of day such as \"09:00\"), got " +
                             checked->type.name());
        }
    }
    if (wait.kind == WaitAction::Kind::UntilTime && wait.zone) check_zone_expression(cx, journey.file, *wait.zone, env);
}

void check_update(Context& cx, const Journey& journey, const Step& step, const UpdateAction& update,
                  const core::expr::Environment& env) {
    const auto& key = cx.ws.config.profiles.key;
    for (const auto& [name, value] : update.fields) {
        if (name.empty()) continue;
        if (!is_identifier(name.value)) {
            cx.report_at(journey.file, name, "bad-update-field",
                         "step " + in_quotes(step.id.value) + " sets " + in_quotes(name.value) +
                             ", which expressions could not name as profile.FIELD: use letters, digits and '_'");
        } else if (!key.empty() && name.value == key.value) {
            cx.report_at(journey.file, name, "bad-update-field",
                         "step " + in_quotes(step.id.value) + " sets " + in_quotes(name.value) +
                             ", the profile key: a journey cannot change which profile it is");
        }
        const auto checked = check_expression(cx, journey.file, value, {.env = &env});
        if (!checked || !cx.scope.profile_known) continue;
        const auto field_type = cx.scope.profile.field(name.value);
        if (field_type && !field_type->accepts(checked->type)) {
            cx.report_at(journey.file, value, "update-type",
                         "step " + in_quotes(step.id.value) + " sets profile field " + in_quotes(name.value) + " (" +
                             field_type->name() + ") to " + checked->type.name());
        }
    }
}

}  // namespace

void validate_journey_expressions(Context& cx, const Journey& journey) {
    const Entry& entry = journey.entry;
    if (entry.segment && !entry.segment->empty() && cx.segment_missing(entry.segment->value)) {
        cx.report_at(journey.file, *entry.segment, "unknown-segment",
                     "journey " + in_quotes(journey.name.value) + " enters from segment " + in_quotes(entry.segment->value) +
                         ", which is not a segment" + core::util::did_you_mean(entry.segment->value, cx.segment_names));
    }
    validate_schedule(cx, journey);
    const Scope& scope = cx.scope;
    const core::expr::Environment& env = entry.triggered() ? scope.event_env : scope.journey_env;
    if (entry.where) check_expression(cx, journey.file, *entry.where, {.env = &scope.event_env, .expect_bool = true});
    for (const Step& step : journey.steps) {
        if (const auto* branch = std::get_if<BranchAction>(&step.action)) {
            for (const BranchCase& c : branch->cases) {
                if (c.when) check_expression(cx, journey.file, *c.when, {.env = &env, .expect_bool = true});
            }
        } else if (const auto* wait_for = std::get_if<WaitForAction>(&step.action)) {
            if (wait_for->where)
                check_expression(cx, journey.file, *wait_for->where, {.env = &scope.event_env, .expect_bool = true});
        } else if (const auto* wait = std::get_if<WaitAction>(&step.action)) {
            check_wait(cx, journey, *wait, env);
        } else if (const auto* update = std::get_if<UpdateAction>(&step.action)) {
            check_update(cx, journey, step, *update, env);
        }
    }
}

}  // namespace journeyctl::journeys::validation
