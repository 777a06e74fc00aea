// The tables themselves, leaf objects first.
#include "journeys/model/keys.hpp"

namespace journeyctl::journeys {

using core::yaml::enum_key;
using core::yaml::key;
using core::yaml::KeySpec;
using core::yaml::KeyTable;
using core::yaml::list_key;
using core::yaml::map_key;
using core::yaml::object_key;
using core::yaml::ValueKind;

namespace {

constexpr KeySpec k_entry_keys[] = {
    key("segment", ValueKind::Name, false, "Scheduled entry: the segment read on each run"),
    key("schedule", ValueKind::Cron, false, "Scheduled entry: a cron in the workspace zone; absent: once"),
    key("event", ValueKind::String, false, "Triggered entry: one entry per event of this type"),
    key("where", ValueKind::Expression, false, "Triggered entry: only events for which this is true"),
};
constexpr KeyTable k_entry{"entry", "How profiles enter: exactly one of segment or event", k_entry_keys};

constexpr std::string_view k_reentry_values[] = {"never", "always"};
constexpr KeySpec k_reentry_object_keys[] = {
    key("after", ValueKind::Duration, true, "Enter again once this long has passed since the previous entry"),
};
constexpr KeyTable k_reentry_object{"reentry", "Re-entry after a delay", k_reentry_object_keys};

constexpr KeySpec k_goal_keys[] = {
    key("event", ValueKind::String, true, "The conversion event"),
    key("within", ValueKind::Duration, false, "Counts only within this long after entry"),
};
constexpr KeyTable k_goal{"goal", "Conversion, for reports", k_goal_keys};

constexpr KeySpec k_wait_keys[] = {
    key("until", ValueKind::String, true, "A time of day \"09:00\", or an expression giving a timestamp"),
    key("zone", ValueKind::Expression, false, "With a time of day: expression giving the zone"),
};
constexpr KeyTable k_wait{"wait", "Wait until a time of day or a timestamp", k_wait_keys};

constexpr KeySpec k_wait_for_keys[] = {
    key("event", ValueKind::String, true, "The awaited event type"),
    key("where", ValueKind::Expression, false, "Only events for which this is true"),
    key("timeout", ValueKind::Duration, false, "Give up after this long"),
    key("on_timeout", ValueKind::Name, false, "Step to go to on timeout; absent: leave"),
};
constexpr KeyTable k_wait_for{"wait_for", "Wait for an event", k_wait_for_keys};

constexpr KeySpec k_branch_case_keys[] = {
    key("when", ValueKind::Expression, false, "Condition of this case"),
    key("goto", ValueKind::Name, false, "Step to go to when the condition is true"),
    key("else", ValueKind::Name, false, "Step to go to when no case matched"),
};
constexpr KeyTable k_branch_case{"branch case", "{when, goto} or {else}", k_branch_case_keys};

constexpr KeySpec k_split_arm_keys[] = {
    key("weight", ValueKind::Int, true, "Relative weight (positive)"),
    key("goto", ValueKind::Name, true, "Step this arm leads to"),
};
constexpr KeyTable k_split_arm{"split arm", "{weight, goto}", k_split_arm_keys};

constexpr std::string_view k_call_methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
constexpr KeySpec k_call_keys[] = {
    key("url", ValueKind::Template, true, "URL, a template"),
    key("body", ValueKind::Template, false, "Request body, a template"),
    enum_key("method", k_call_methods, false, "GET | POST | PUT | PATCH | DELETE (default: POST)"),
    map_key("headers", ValueKind::String, ValueKind::Template, false, "HTTP headers; values are templates"),
};
constexpr KeyTable k_call{"call", "A custom HTTP call", k_call_keys};

constexpr KeySpec k_step_keys[] = {
    key("id", ValueKind::Name, true, "The step's id, unique in the journey"),
    key("send", ValueKind::Name, false, "Action: send this template"),
    object_key("wait", ValueKind::Duration, k_wait, false,
               "Action: wait a duration, or { until: \"09:00\", zone: EXPR }, or { until: EXPR }"),
    object_key("wait_for", ValueKind::Object, k_wait_for, false, "Action: wait for an event"),
    list_key("branch", ValueKind::Object, false, "Action: the first case whose when is true, else else", &k_branch_case),
    list_key("split", ValueKind::Object, false, "Action: deterministic weighted split", &k_split_arm),
    map_key("update", ValueKind::String, ValueKind::Expression, false, "Action: set profile fields to expressions"),
    object_key("call", ValueKind::Object, k_call, false, "Action: a custom HTTP call"),
    key("exit", ValueKind::Bool, false, "Action: exit: true leaves the journey"),
    key("goto", ValueKind::Name, false, "The step to go to next instead of the following one"),
};
constexpr KeyTable k_step{"step", "One step: an id and exactly one action", k_step_keys};

constexpr std::string_view k_step_actions[] = {"send", "wait", "wait_for", "branch", "split", "update", "call", "exit"};

constexpr std::string_view k_status_values[] = {"active", "draft", "paused"};
constexpr KeySpec k_journey_keys[] = {
    key("journey", ValueKind::Name, true, "The journey's name"),
    key("description", ValueKind::String, false, "What it is for"),
    enum_key("status", k_status_values, false, "active | draft | paused (default: active); only active ones run"),
    object_key("entry", ValueKind::Object, k_entry, true, "How profiles enter"),
    core::yaml::with_values(object_key("reentry", ValueKind::Enum, k_reentry_object, false,
                                       "never (default) | always | { after: DURATION }"),
                            k_reentry_values),
    key("timeout", ValueKind::Duration, false, "A profile still inside after this leaves (default: 90d)"),
    list_key("exit_on", ValueKind::String, false, "Event types that make a profile leave at once"),
    object_key("goal", ValueKind::Object, k_goal, false, "Conversion event, for reports"),
    list_key("steps", ValueKind::Object, true, "The steps, in order", &k_step),
};
constexpr KeyTable k_journey{"journey", "A journey file", k_journey_keys};

constexpr KeySpec k_segment_keys[] = {
    key("segment", ValueKind::Name, true, "The segment's name"),
    key("description", ValueKind::String, false, "What it selects"),
    key("where", ValueKind::Expression, true, "Which profiles belong: a bool expression"),
};
constexpr KeyTable k_segment{"segment", "A segment file", k_segment_keys};

constexpr KeySpec k_template_keys[] = {
    key("template", ValueKind::Name, true, "The template's name"),
    key("channel", ValueKind::Name, true, "The channel (in journeyctl.yaml) it is sent through"),
    key("description", ValueKind::String, false, "What it is for"),
    key("subject", ValueKind::Template, false, "Email subject"),
    key("html", ValueKind::Template, false, "Email HTML body (interpolation is HTML-escaped)"),
    key("html_file", ValueKind::Path, false, "File holding the HTML body, relative to the template's folder"),
    key("text", ValueKind::Template, false, "Email plain-text body"),
    key("text_file", ValueKind::Path, false, "File holding the text body, relative to the template's folder"),
    key("body", ValueKind::Template, false, "SMS, push or webhook body"),
    key("title", ValueKind::Template, false, "Push title"),
    map_key("data", ValueKind::String, ValueKind::Template, false, "Push data: key to template text"),
};
constexpr KeyTable k_template{"template", "A template file", k_template_keys};

}  // namespace

const KeyTable& journey_keys() { return k_journey; }
const KeyTable& step_keys() { return k_step; }
const KeyTable& segment_keys() { return k_segment; }
const KeyTable& template_keys() { return k_template; }
std::span<const std::string_view> step_action_keys() { return k_step_actions; }

}  // namespace journeyctl::journeys
