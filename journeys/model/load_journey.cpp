// Reads a journey file through journey_keys(): the header keys, the entry
// (scheduled or triggered), re-entry, timeout, goal, and each step with its
// one action. Problems local to the file are reported here (a step with two
// actions, two steps with one id, a branch case that is neither {when, goto}
// nor {else}); checks that need other files or the whole graph (gotos that
// lead nowhere, unknown templates, unreachable steps) are validation's.
#include <algorithm>

#include "journeys/model/keys.hpp"
#include "journeys/model/load.hpp"

namespace journeyctl::journeys {

using core::yaml::FileContext;
using core::yaml::KeySpec;
using core::yaml::ObjectReader;

namespace {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

Entry read_entry(FileContext& ctx, const ObjectReader& journey) {
    Entry entry;
    auto reader = journey.object("entry", "entry");
    if (!reader || !reader->valid()) return entry;
    entry.pos = reader->pos();
    entry.segment = reader->text("segment");
    entry.schedule = reader->text("schedule");
    entry.event = reader->text("event");
    entry.where = reader->text("where");
    const bool has_segment = reader->has("segment"), has_event = reader->has("event");
    if (has_segment && has_event) {
        ctx.report(reader->key_pos("event"), "conflicting-actions",
                   "entry has both 'segment' (scheduled) and 'event' (triggered); a journey has one kind of entry", 5);
    } else if (!has_segment && !has_event) {
        ctx.report(entry.pos, "missing-action", "entry needs 'segment' (scheduled) or 'event' (triggered)");
    }
    if (reader->has("schedule") && !has_segment)
        ctx.report(reader->key_pos("schedule"), "conflicting-actions", "'schedule' goes with 'segment', not 'event'", 8);
    if (reader->has("where") && !has_event)
        ctx.report(reader->key_pos("where"), "conflicting-actions",
                   "'where' goes with 'event'; a segment has its own where", 5);
    return entry;
}

Reentry read_reentry(FileContext& ctx, const ObjectReader& journey) {
    Reentry reentry;
    if (!journey.has("reentry")) return reentry;
    const YAML::Node node = journey.node("reentry");
    const KeySpec& spec = journey.spec("reentry");
    reentry.pos = journey.key_pos("reentry");
    if (node.IsMap()) {
        ObjectReader reader(ctx, node, *spec.object, "reentry");
        reentry.after = reader.duration("after");
        if (reentry.after) reentry.kind = ReentryKind::After;
        return reentry;
    }
    if (auto text = journey.text("reentry")) reentry.kind = text->value == "always" ? ReentryKind::Always : ReentryKind::Never;
    return reentry;
}

WaitAction read_wait(FileContext& ctx, const ObjectReader& step) {
    WaitAction wait;
    const YAML::Node node = step.node("wait");
    if (!node.IsMap()) {
        wait.duration = step.duration("wait");
        return wait;
    }
    ObjectReader reader(ctx, node, *step.spec("wait").object, "wait");
    wait.until = reader.text("until");
    wait.zone = reader.text("zone");
    if (!wait.until) return wait;
    if (auto minutes = core::yaml::parse_clock_time(wait.until->value)) {
        wait.kind = WaitAction::Kind::UntilTime;
        wait.until_minutes = *minutes;
    } else {
        wait.kind = WaitAction::Kind::UntilExpression;
        if (wait.until->value.find_first_not_of(" \t\r\n") == std::string::npos)
            ctx.report(wait.until->pos, "bad-value", "'until' is empty");
        if (wait.zone)
            ctx.report(reader.key_pos("zone"), "conflicting-actions",
                       "'zone' goes with a time of day such as until: \"09:00\", not with an expression", 4);
    }
    return wait;
}

WaitForAction read_wait_for(const ObjectReader& step) {
    WaitForAction wait_for;
    auto reader = step.object("wait_for", "wait_for");
    if (!reader || !reader->valid()) return wait_for;
    if (auto event = reader->text("event")) wait_for.event = std::move(*event);
    wait_for.where = reader->text("where");
    wait_for.timeout = reader->duration("timeout");
    wait_for.on_timeout = reader->text("on_timeout");
    if (wait_for.on_timeout && !reader->has("timeout"))
        reader->context().report(reader->key_pos("on_timeout"), "missing-key", "'on_timeout' needs a 'timeout'", 10);
    return wait_for;
}

BranchAction read_branch(FileContext& ctx, const ObjectReader& step) {
    BranchAction branch;
    const KeySpec& spec = step.spec("branch");
    const auto items = step.list("branch");
    if (step.node("branch").IsSequence() && items.empty())
        ctx.report(step.key_pos("branch"), "bad-value", "'branch' has no cases", 6);
    for (std::size_t i = 0; i < items.size(); ++i) {
        ObjectReader reader(ctx, items[i], *spec.object, "branch case " + std::to_string(i + 1));
        if (!reader.valid()) continue;
        BranchCase c;
        c.pos = reader.pos();
        const bool has_when = reader.has("when"), has_goto = reader.has("goto"), has_else = reader.has("else");
        if (has_else && (has_when || has_goto)) {
            ctx.report(reader.key_pos("else"), "conflicting-actions",
                       "a branch case is either { when, goto } or { else }, not both", 4);
        } else if (!has_else && !has_when && !has_goto) {
            ctx.report(c.pos, "missing-action", "a branch case needs 'when' and 'goto', or 'else'");
        } else if (!has_else && !has_goto) {
            ctx.report(c.pos, "missing-key", "branch case " + std::to_string(i + 1) + " has 'when' but no 'goto'");
        } else if (!has_else && !has_when) {
            ctx.report(c.pos, "missing-key", "branch case " + std::to_string(i + 1) + " has 'goto' but no 'when'");
        }
        if (has_else) {
            c.is_else = true;
            if (auto target = reader.text("else")) c.target = std::move(*target);
            if (i + 1 != items.size())
                ctx.report(reader.key_pos("else"), "bad-value", "the 'else' case must be the branch's last", 4);
        } else {
            c.when = reader.text("when");
            if (auto target = reader.text("goto")) c.target = std::move(*target);
        }
        branch.cases.push_back(std::move(c));
    }
    return branch;
}

SplitAction read_split(FileContext& ctx, const ObjectReader& step) {
    SplitAction split;
    const KeySpec& spec = step.spec("split");
    const auto items = step.list("split");
    if (step.node("split").IsSequence() && items.empty())
        ctx.report(step.key_pos("split"), "bad-value", "'split' has no arms", 5);
    for (const YAML::Node& item : items) {
        ObjectReader reader(ctx, item, *spec.object, "split arm");
        if (!reader.valid()) continue;
        SplitArm arm;
        arm.pos = reader.pos();
        if (auto weight = reader.integer("weight")) {
            arm.weight = *weight;
            if (weight->value <= 0) ctx.report(weight->pos, "bad-value", "a split 'weight' must be positive");
        }
        if (auto target = reader.text("goto")) arm.target = std::move(*target);
        split.arms.push_back(std::move(arm));
    }
    return split;
}

UpdateAction read_update(FileContext& ctx, const ObjectReader& step) {
    UpdateAction update;
    const KeySpec item = core::yaml::item_spec(step.spec("update"));
    for (auto& [field, node] : step.map("update")) {
        auto value = core::yaml::read_text(ctx, node, item, "the value of " + in_quotes(field.value), field.pos);
        if (value) update.fields.emplace_back(std::move(field), std::move(*value));
    }
    if (step.node("update").IsMap() && step.node("update").size() == 0)
        ctx.report(step.key_pos("update"), "bad-value", "'update' sets no field", 6);
    return update;
}

CallAction read_call(FileContext& ctx, const ObjectReader& step) {
    CallAction call;
    auto reader = step.object("call", "call");
    if (!reader || !reader->valid()) return call;
    if (auto url = reader->text("url")) call.url = std::move(*url);
    call.body = reader->text("body");
    call.method = reader->text("method");
    const KeySpec item = core::yaml::item_spec(reader->spec("headers"));
    for (auto& [name, node] : reader->map("headers")) {
        auto value = core::yaml::read_text(ctx, node, item, "header " + in_quotes(name.value), name.pos);
        if (value) call.headers.emplace_back(std::move(name), std::move(*value));
    }
    return call;
}

Step read_step(FileContext& ctx, const YAML::Node& node, std::size_t index) {
    Step step;
    std::string what = "step " + std::to_string(index + 1);
    if (node.IsMap() && node["id"] && node["id"].IsScalar()) what = "step " + in_quotes(node["id"].Scalar());
    ObjectReader reader(ctx, node, step_keys(), what);
    step.pos = reader.pos();
    if (!reader.valid()) return step;
    if (auto id = reader.text("id")) step.id = std::move(*id);
    step.goto_target = reader.text("goto");

    std::vector<std::string_view> actions;
    for (const auto& entry : reader.entries()) {
        const auto keys = step_action_keys();
        if (std::find(keys.begin(), keys.end(), entry.key) != keys.end()) actions.push_back(entry.key);
    }
    if (actions.empty()) {
        ctx.report(step.pos, "missing-action",
                   what + " has no action: give one of send, wait, wait_for, branch, split, update, call or exit");
        return step;
    }
    for (std::size_t i = 1; i < actions.size(); ++i) {
        ctx.report(reader.key_pos(actions[i]), "conflicting-actions",
                   what + " has both " + in_quotes(actions[0]) + " and " + in_quotes(actions[i]) +
                       "; a step has exactly one action (use another step)",
                   static_cast<uint32_t>(actions[i].size()));
    }
    const std::string_view action = actions[0];
    step.action_pos = reader.key_pos(action);
    if (action == "send") {
        if (auto name = reader.text("send")) step.action = SendAction{std::move(*name)};
    } else if (action == "wait") {
        step.action = read_wait(ctx, reader);
    } else if (action == "wait_for") {
        step.action = read_wait_for(reader);
    } else if (action == "branch") {
        step.action = read_branch(ctx, reader);
    } else if (action == "split") {
        step.action = read_split(ctx, reader);
    } else if (action == "update") {
        step.action = read_update(ctx, reader);
    } else if (action == "call") {
        step.action = read_call(ctx, reader);
    } else if (action == "exit") {
        if (auto value = reader.boolean("exit")) {
            if (!value->value) ctx.report(value->pos, "bad-value", "'exit' takes only true (leave the key out otherwise)", 5);
            else step.action = ExitAction{*value};
        }
    }
    if (step.goto_target && (action == "exit" || action == "branch" || action == "split"))
        ctx.report(reader.key_pos("goto"), "conflicting-actions",
                   "'goto' has no meaning on a " + std::string(action) + " step", 4);
    return step;
}

}  // namespace

Journey read_journey(FileContext& ctx, const YAML::Node& root) {
    Journey journey;
    journey.file = ctx.path();
    ObjectReader reader(ctx, root, journey_keys(), "journey");
    journey.pos = reader.pos();
    if (!reader.valid()) return journey;
    if (auto name = reader.text("journey")) journey.name = std::move(*name);
    journey.description = reader.text("description");
    if (auto status = reader.text("status")) {
        const Status s = status->value == "draft" ? Status::Draft : status->value == "paused" ? Status::Paused : Status::Active;
        journey.status = {s, status->pos, status->key_pos};
    }
    journey.entry = read_entry(ctx, reader);
    journey.reentry = read_reentry(ctx, reader);
    if (auto timeout = reader.duration("timeout")) journey.timeout = *timeout;
    const KeySpec exit_item = core::yaml::item_spec(reader.spec("exit_on"));
    const auto exit_on = reader.list("exit_on");
    for (std::size_t i = 0; i < exit_on.size(); ++i) {
        auto event = core::yaml::read_text(ctx, exit_on[i], exit_item, "item " + std::to_string(i + 1) + " of 'exit_on'");
        if (event) journey.exit_on.push_back(std::move(*event));
    }
    if (auto goal = reader.object("goal", "goal"); goal && goal->valid()) {
        Goal g;
        g.pos = goal->pos();
        if (auto event = goal->text("event")) g.event = std::move(*event);
        g.within = goal->duration("within");
        journey.goal = std::move(g);
    }
    const auto steps = reader.list("steps");
    if (reader.node("steps").IsSequence() && steps.empty())
        ctx.report(reader.key_pos("steps"), "bad-value", "'steps' is empty: a journey needs at least one step", 5);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        Step step = read_step(ctx, steps[i], i);
        if (!step.id.empty()) {
            for (const Step& earlier : journey.steps) {
                if (earlier.id.value == step.id.value) {
                    ctx.report(step.id.pos, "duplicate-name",
                               "step id " + in_quotes(step.id.value) + " is already used on line " +
                                   std::to_string(earlier.id.pos.line),
                               static_cast<uint32_t>(step.id.value.size()));
                    break;
                }
            }
        }
        journey.steps.push_back(std::move(step));
    }
    return journey;
}

}  // namespace journeyctl::journeys
