#include <catch2/catch.hpp>

#include "journeys/model/keys.hpp"
#include "journeys/model/load.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl;
using journeyctl::testing::all_messages;
using journeyctl::testing::count_code;
using journeyctl::testing::find_code;
using journeyctl::testing::TempWorkspace;

namespace {

const char* k_winback = R"(journey: winback
description: Win back lapsed VIPs
status: active
entry:
  segment: lapsed_vip
  schedule: "0 9 * * MON"
reentry: { after: 30d }
timeout: 30d
exit_on: [unsubscribe]
goal: { event: purchase, within: 14d }
steps:
  - id: first_mail
    send: winback_email
  - id: pause
    wait: 3d
  - id: morning
    wait: { until: "09:00", zone: profile.timezone }
  - id: later
    wait: { until: journey.entered_at + 5d }
  - id: opened
    branch:
      - when: events.exists(e, e.type == "email_open" && e.time > journey.entered_at)
        goto: offer
      - else: reminder
  - id: reminder
    send: winback_sms
  - id: offer
    split:
      - { weight: 45, goto: offer_a }
      - { weight: 45, goto: offer_b }
      - { weight: 10, goto: holdout }
  - id: offer_a
    send: offer_a_email
    goto: await_purchase
  - id: offer_b
    send: offer_b_email
  - id: await_purchase
    wait_for: { event: purchase, where: event.value > 10, timeout: 7d, on_timeout: last_call }
    goto: thanks
  - id: last_call
    send: last_call_email
    goto: done
  - id: thanks
    update: { last_winback_at: now }
  - id: notify_crm
    call: { url: "https://crm.acme.example/hooks/winback", body: '{"id": "{{profile.customer_id}}"}', method: PUT, headers: { X-Token: "{{profile.key}}" } }
  - id: holdout
    exit: true
  - id: done
    exit: true
)";

journeys::Workspace load_one(TempWorkspace& tmp, const std::string& path, const std::string& text) {
    tmp.write("journeyctl.yaml", "workspace: w\n");
    tmp.write(path, text);
    return journeys::load_workspace(tmp.root());
}

}  // namespace

TEST_CASE("the documented journey loads every action with positions", "[journey-load]") {
    TempWorkspace tmp;
    auto ws = load_one(tmp, "journeys/winback.yaml", k_winback);
    INFO(all_messages(ws.diagnostics));
    CHECK(ws.diagnostics.empty());
    REQUIRE(ws.journeys.size() == 1);
    const auto& j = ws.journeys[0];
    CHECK(j.file == "journeys/winback.yaml");
    CHECK(j.name == "winback");
    CHECK(j.description->value == "Win back lapsed VIPs");
    CHECK(j.status.value == journeys::Status::Active);
    CHECK(j.entry.scheduled());
    CHECK(j.entry.segment->value == "lapsed_vip");
    CHECK(j.entry.schedule->value == "0 9 * * MON");
    CHECK(j.reentry.kind == journeys::ReentryKind::After);
    CHECK(j.reentry.after->value == journeys::Duration{30 * 86400, 0});
    CHECK(j.timeout.value == journeys::Duration{30 * 86400, 0});
    REQUIRE(j.exit_on.size() == 1);
    CHECK(j.exit_on[0] == "unsubscribe");
    CHECK(j.goal->event == "purchase");
    CHECK(j.goal->within->value == journeys::Duration{14 * 86400, 0});
    REQUIRE(j.steps.size() == 15);

    const auto* first = j.step("first_mail");
    REQUIRE(first);
    CHECK(first->kind() == journeys::ActionKind::Send);
    CHECK(std::get<journeys::SendAction>(first->action).template_name == "winback_email");
    CHECK(first->id.pos == core::yaml::SourcePos{12, 9, static_cast<uint32_t>(std::string(k_winback).find("first_mail"))});
    CHECK(first->action_pos.line == 13);

    const auto& pause = std::get<journeys::WaitAction>(j.step("pause")->action);
    CHECK(pause.kind == journeys::WaitAction::Kind::For);
    CHECK(pause.duration->value == journeys::Duration{3 * 86400, 0});
    const auto& morning = std::get<journeys::WaitAction>(j.step("morning")->action);
    CHECK(morning.kind == journeys::WaitAction::Kind::UntilTime);
    CHECK(morning.until_minutes == 9 * 60);
    CHECK(morning.zone->value == "profile.timezone");
    const auto& later = std::get<journeys::WaitAction>(j.step("later")->action);
    CHECK(later.kind == journeys::WaitAction::Kind::UntilExpression);
    CHECK(later.until->value == "journey.entered_at + 5d");

    const auto* opened = j.step("opened");
    const auto& branch = std::get<journeys::BranchAction>(opened->action);
    REQUIRE(branch.cases.size() == 2);
    CHECK(branch.cases[0].when->value.starts_with("events.exists("));
    CHECK(branch.cases[0].when->pos.line == 22);
    CHECK(branch.cases[0].target == "offer");
    REQUIRE(branch.else_case());
    CHECK(branch.else_case()->target == "reminder");
    auto targets = opened->targets();
    REQUIRE(targets.size() == 2);
    CHECK(targets[1]->value == "reminder");

    const auto& split = std::get<journeys::SplitAction>(j.step("offer")->action);
    REQUIRE(split.arms.size() == 3);
    CHECK(split.arms[2].weight.value == 10);
    CHECK(split.arms[2].target == "holdout");
    CHECK(j.step("offer_a")->goto_target->value == "await_purchase");

    const auto* await = j.step("await_purchase");
    const auto& wait_for = std::get<journeys::WaitForAction>(await->action);
    CHECK(wait_for.event == "purchase");
    CHECK(wait_for.where->value == "event.value > 10");
    CHECK(wait_for.timeout->value == journeys::Duration{7 * 86400, 0});
    CHECK(wait_for.on_timeout->value == "last_call");
    CHECK(await->targets().size() == 2);  // goto, on_timeout

    const auto& update = std::get<journeys::UpdateAction>(j.step("thanks")->action);
    REQUIRE(update.fields.size() == 1);
    CHECK(update.fields[0].first == "last_winback_at");
    CHECK(update.fields[0].second == "now");

    const auto& call = std::get<journeys::CallAction>(j.step("notify_crm")->action);
    CHECK(call.url == "https://crm.acme.example/hooks/winback");
    CHECK(call.body->value == "{\"id\": \"{{profile.customer_id}}\"}");
    CHECK(call.method_name() == "PUT");
    REQUIRE(call.headers.size() == 1);
    CHECK(call.headers[0].first == "X-Token");

    CHECK(j.step("done")->kind() == journeys::ActionKind::Exit);
}

TEST_CASE("a triggered journey with defaults", "[journey-load]") {
    TempWorkspace tmp;
    auto ws = load_one(tmp, "journeys/cart.yaml",
                       "journey: cart\n"
                       "entry:\n"
                       "  event: cart_abandoned\n"
                       "  where: event.properties.value > 50\n"
                       "reentry: always\n"
                       "steps:\n"
                       "  - id: nudge\n"
                       "    send: cart_email\n");
    INFO(all_messages(ws.diagnostics));
    CHECK(ws.diagnostics.empty());
    const auto& j = ws.journeys.at(0);
    CHECK(j.entry.triggered());
    CHECK(j.entry.where->at(0) == core::yaml::SourcePos{4, 10, 54});
    CHECK(j.reentry.kind == journeys::ReentryKind::Always);
    CHECK(j.timeout.value == journeys::k_default_timeout);
    CHECK_FALSE(j.timeout.pos.known());
    CHECK(j.status.value == journeys::Status::Active);
}

TEST_CASE("journey errors: unknown keys, actions, names, durations", "[journey-load]") {
    TempWorkspace tmp;
    auto ws = load_one(tmp, "journeys/bad.yaml",
                       "journey: bad\n"                           // 1
                       "status: actve\n"                          // 2
                       "entry:\n"                                 // 3
                       "  segment: vip\n"                         // 4
                       "  shedule: \"0 9 * * *\"\n"               // 5
                       "timeout: 3 days\n"                        // 6
                       "reentry: { aftr: 3d }\n"                  // 7
                       "steps:\n"                                 // 8
                       "  - id: First\n"                          // 9
                       "    send: a\n"                            // 10
                       "    wait: 3d\n"                           // 11
                       "  - id: b\n"                              // 12
                       "  - id: b\n"                              // 13
                       "    wait: 0s\n"                           // 14
                       "  - id: c\n"                              // 15
                       "    branch:\n"                            // 16
                       "      - else: a\n"                        // 17
                       "      - when: x\n"                        // 18
                       "      - { when: y, else: z }\n"           // 19
                       "  - id: d\n"                              // 20
                       "    split: [{ weight: 0, goto: a }]\n"    // 21
                       "  - id: e\n"                              // 22
                       "    exit: true\n"                         // 23
                       "    goto: a\n");                          // 24
    const auto& ds = ws.diagnostics;
    INFO(all_messages(ds));
    CHECK(find_code(ds, "bad-enum")->line == 2);
    bool schedule_hint = false, after_hint = false;
    for (const auto& d : ds) {
        schedule_hint |= d.code == "unknown-key" && d.line == 5 && d.column == 3 &&
                         d.message.find("did you mean 'schedule'?") != std::string::npos;
        after_hint |= d.code == "unknown-key" && d.line == 7 && d.message.find("did you mean 'after'?") != std::string::npos;
    }
    CHECK(schedule_hint);
    CHECK(after_hint);
    const auto* duration = find_code(ds, "bad-duration");
    REQUIRE(duration);
    CHECK((duration->line == 6 && duration->column == 10));
    CHECK(count_code(ds, "bad-duration") == 2);  // 3 days, 0s
    CHECK(find_code(ds, "bad-name")->line == 9);
    const auto* conflict = find_code(ds, "conflicting-actions");
    REQUIRE(conflict);
    CHECK(conflict->line == 11);
    CHECK(conflict->message == "step 'First' has both 'send' and 'wait'; a step has exactly one action (use another step)");
    CHECK(find_code(ds, "missing-action")->line == 12);
    const auto* dup = find_code(ds, "duplicate-name");
    REQUIRE(dup);
    CHECK((dup->line == 13 && dup->column == 9));
    CHECK(count_code(ds, "conflicting-actions") == 3);  // send+wait, when+else, exit+goto
    CHECK(count_code(ds, "missing-key") >= 1);          // when without goto
    CHECK(count_code(ds, "bad-value") == 2);            // else not last, weight 0
    // Steps are kept even when broken, so validation sees every id.
    REQUIRE(ws.journeys.size() == 1);
    CHECK(ws.journeys[0].steps.size() == 6);
}

TEST_CASE("segments and templates load, with html_file read from the template's folder", "[journey-load]") {
    TempWorkspace tmp;
    tmp.write("journeyctl.yaml", "workspace: w\n");
    tmp.write("segments/lapsed_vip.yaml",
              "segment: lapsed_vip\n"
              "description: Lapsed\n"
              "where: |\n"
              "  profile.tier in [\"gold\", \"platinum\"]\n"
              "  && profile.age >= 25\n");
    tmp.write("templates/winback_email.yaml",
              "template: winback_email\n"
              "channel: email\n"
              "subject: \"{{profile.first_name}}, hi\"\n"
              "html_file: winback_email.html\n"
              "text: |\n"
              "  Hi {{profile.first_name ?? \"there\"}},\n");
    tmp.write("templates/winback_email.html", "<p>Hello</p>\n<p>{{profile.first_name}}</p>\n");
    tmp.write("templates/push.yaml",
              "template: push\nchannel: push\ntitle: Hi\nbody: Come back\ndata: { url: \"https://x/{{profile.id}}\" }\n");
    tmp.write("templates/missing.yaml", "template: missing\nchannel: email\nhtml_file: nope.html\nhtml: <p/>\n");
    auto ws = journeys::load_workspace(tmp.root());
    const auto& ds = ws.diagnostics;
    INFO(all_messages(ds));
    const auto* segment = ws.segment("lapsed_vip");
    REQUIRE(segment);
    CHECK(segment->where.style() == core::yaml::ScalarStyle::Literal);
    CHECK(segment->where.at(segment->where.value.find("profile.age")) == core::yaml::SourcePos{5, 6, 93});

    const auto* email = ws.find_template("winback_email");
    REQUIRE(email);
    CHECK(email->channel == "email");
    CHECK(email->subject->text.value == "{{profile.first_name}}, hi");
    REQUIRE(email->html);
    CHECK(email->html->path == "templates/winback_email.html");
    CHECK(email->html->text.at(email->html->text.value.find("{{")) == core::yaml::SourcePos{2, 4, 16});
    CHECK(ws.sources.count("templates/winback_email.html") == 1);
    CHECK(email->text->path == "templates/winback_email.yaml");
    const auto* push = ws.find_template("push");
    REQUIRE(push);
    CHECK(push->title->text == "Hi");
    REQUIRE(push->data.size() == 1);
    CHECK(push->data[0].first == "url");

    CHECK(find_code(ds, "conflicting-actions")->path == "templates/missing.yaml");
    CHECK(find_code(ds, "missing-file") == nullptr);  // html given inline: html_file not read
}

TEST_CASE("missing files, duplicate names and file-name mismatches across files", "[journey-load]") {
    TempWorkspace tmp;
    tmp.write("journeyctl.yaml", "workspace: w\n");
    tmp.write("templates/a.yaml", "template: a\nchannel: email\nhtml_file: gone.html\n");
    tmp.write("segments/one.yaml", "segment: one\nwhere: \"true\"\n");
    tmp.write("segments/two.yaml", "segment: one\nwhere: \"true\"\n");
    tmp.write("journeys/broken.yaml", "journey: broken\nsteps: [\n");
    tmp.write("journeys/ok.yml", "journey: ok\nentry: { segment: one }\nsteps: [{ id: s, exit: true }]\n");
    auto ws = journeys::load_workspace(tmp.root());
    const auto& ds = ws.diagnostics;
    INFO(all_messages(ds));
    const auto* missing = find_code(ds, "missing-file");
    REQUIRE(missing);
    CHECK(missing->path == "templates/a.yaml");
    CHECK((missing->line == 3 && missing->column == 12));
    CHECK(missing->message == "no such file: templates/gone.html");
    const auto* dup = find_code(ds, "duplicate-name");
    REQUIRE(dup);
    CHECK(dup->path == "segments/two.yaml");
    CHECK(dup->message == "segment 'one' is already defined in segments/one.yaml:1:10");
    const auto* mismatch = find_code(ds, "name-mismatch");
    REQUIRE(mismatch);
    CHECK(mismatch->severity == core::diag::Severity::Warning);
    CHECK(find_code(ds, "yaml-syntax")->path == "journeys/broken.yaml");
    REQUIRE(ws.journeys.size() == 1);  // the broken one has no model; the .yml one loads
    CHECK(ws.journey("ok"));
    CHECK(ws.segments.size() == 2);
    CHECK_FALSE(ws.source_line(*dup).empty());
}

TEST_CASE("key tables are data that documentation can walk", "[journey-load]") {
    const auto& journey = journeys::journey_keys();
    CHECK(journey.find("steps")->required);
    CHECK(journey.find("steps")->object == &journeys::step_keys());
    const auto* reentry = journey.find("reentry");
    CHECK(reentry->values.size() == 2);
    CHECK(reentry->object->find("after"));
    for (std::string_view action : journeys::step_action_keys()) CHECK(journeys::step_keys().find(action));
    std::size_t described = 0, total = 0;
    for (const auto* table : {&journey, &journeys::step_keys(), &journeys::segment_keys(), &journeys::template_keys()}) {
        for (const auto& key : table->keys) {
            ++total;
            described += key.description.empty() ? 0 : 1;
        }
    }
    CHECK(described == total);
}
