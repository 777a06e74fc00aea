#include <set>

#include "tests/unit/journeys/test_validate_support.hpp"

using namespace journeyctl;
using journeyctl::testing::all_messages;
using journeyctl::testing::count_code;
using journeyctl::testing::only;
using journeyctl::testing::ValidationFixture;
using journeyctl::testing::where;

TEST_CASE("a template's channel must be configured", "[validate]") {
    ValidationFixture fx;
    fx.write("templates/welcome.yaml", "template: welcome\nchannel: emale\nsubject: Hi\ntext: Hello\n");
    const auto d = only(fx.run(), "channel-not-configured");
    CHECK(where(d) == "templates/welcome.yaml:2:10+5 error channel-not-configured");
    CHECK(d.message == "template 'welcome' uses channel 'emale', which journeyctl.yaml does not configure (did you mean 'email'?)");
}

TEST_CASE("template problems point into the YAML file", "[validate]") {
    struct Row {
        std::string part;
        std::string code;
        std::string where;
    };
    const std::vector<Row> rows = {
        {"text: \"Hi {{profile.frist_name}}\"\n", "template-field", "templates/welcome.yaml:4:21+10 error template-field"},
        {"text: |\n  Hello\n  {{#if profile.age > 3}}old{{/if}} {{profile.tier + 1}}\n", "template-expr",
         "templates/welcome.yaml:6:52+1 error template-expr"},
        {"text: |\n  Hello\n  {{#if true}}unclosed\n", "template-syntax", "templates/welcome.yaml:6:23+1 error template-syntax"},
        {"text: \"{{> footer}}\"\n", "template-partial", "templates/welcome.yaml:4:8+12 error template-partial"},
    };
    for (const Row& row : rows) {
        ValidationFixture fx;
        fx.write("templates/welcome.yaml", "template: welcome\nchannel: email\nsubject: Hi\n" + row.part);
        INFO(row.part);
        CHECK(where(only(fx.run(), row.code)) == row.where);
    }
}

TEST_CASE("template-syntax messages name file positions; carets span escapes", "[validate]") {
    ValidationFixture fx;
    // Value offset 3 (the {{#if) is file column 14; the value has two
    // escaped quotes, so the tag is 2 bytes longer in the file.
    fx.write("templates/welcome.yaml", "template: welcome\nchannel: email\nsubject: \"Hi {{#if profile.tier == \\\"gold\\\"}}VIP\"\ntext: Hello\n");
    const auto d = only(fx.run(), "template-syntax");
    CHECK(d.message == "unclosed 'if' block opened at 3:14");
    // Where the parser gives up (after VIP), with a note at the opener.
    CHECK(where(d) == "templates/welcome.yaml:3:49+1 error template-syntax");
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].message == "'if' block opened here");
    CHECK((d.notes[0].path == "templates/welcome.yaml" && d.notes[0].line == 3 && d.notes[0].column == 14 &&
           d.notes[0].length == 32));
}

TEST_CASE("an unreadable body file is not also a missing part", "[validate]") {
    ValidationFixture fx;
    fx.write("templates/welcome.yaml", "template: welcome\nchannel: email\nsubject: Hi\ntext_file: welcome.txt\n");
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    CHECK(count_code(report.diagnostics, "missing-file") == 1);
    CHECK(count_code(report.diagnostics, "missing-part") == 0);
}

TEST_CASE("problems in an html_file point into that file", "[validate]") {
    ValidationFixture fx;
    fx.write("templates/welcome.yaml", "template: welcome\nchannel: email\nsubject: Hi\nhtml_file: welcome.html\n");
    fx.write("templates/welcome.html", "<p>\n  Hello {{profile.first_name}} of {{profile.contry}}\n</p>\n");
    const auto d = only(fx.run(), "template-field");
    CHECK(where(d) == "templates/welcome.html:2:45+6 error template-field");
}

TEST_CASE("a template has the parts its channel needs and no others", "[validate]") {
    SECTION("email without subject") {
        ValidationFixture fx;
        fx.write("templates/welcome.yaml", "template: welcome\nchannel: email\ntext: Hello\n");
        const auto d = only(fx.run(), "missing-part");
        CHECK(where(d) == "templates/welcome.yaml:1:11+7 error missing-part");
        CHECK(d.message == "template 'welcome' (email, channel 'email') needs a subject");
    }
    SECTION("email without html or text") {
        ValidationFixture fx;
        fx.write("templates/welcome.yaml", "template: welcome\nchannel: email\nsubject: Hi\n");
        CHECK(only(fx.run(), "missing-part").message == "template 'welcome' (email, channel 'email') needs an html or a text part");
    }
    SECTION("sms with a subject and no body") {
        ValidationFixture fx;
        fx.write("templates/reminder_sms.yaml", "template: reminder_sms\nchannel: sms\nsubject: Hi\n");
        const auto report = fx.run();
        CHECK(only(report, "missing-part").message == "template 'reminder_sms' (sms, channel 'sms') needs a body");
        const auto d = only(report, "unused-part");
        CHECK(where(d) == "templates/reminder_sms.yaml:3:1+7 warning unused-part");
        CHECK(d.message == "template 'reminder_sms' (sms, channel 'sms') has a subject, which sms messages do not use");
    }
}

TEST_CASE("call steps: url, body and headers are templates", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml",
             "journey: j\nentry:\n  segment: vip\nsteps:\n  - id: a\n"
             "    call: { url: \"https://crm.example/{{profile.customer_id}}\", body: '{\"t\": \"{{profile.tierr}}\"}', "
             "headers: { X-Id: \"{{#if}}\" } }\n");
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    CHECK(where(only(report, "template-field")) == "journeys/j.yaml:6:89+5 error template-field");
    CHECK(count_code(report.diagnostics, "template-syntax") == 1);
}

TEST_CASE("every code is listed once with a summary", "[validate]") {
    std::set<std::string_view> codes;
    for (const auto& info : journeys::validation_codes()) {
        INFO(info.code);
        CHECK(codes.insert(info.code).second);
        CHECK_FALSE(info.summary.empty());
    }
    for (const char* code : {"dangling-goto", "unreachable-step", "loop-without-wait", "unknown-template",
                             "unknown-segment", "unknown-channel", "channel-not-configured", "segment-cycle", "bad-cron",
                             "bad-zone", "expr-syntax", "expr-type", "expr-cost", "template-syntax", "template-field",
                             "missing-consent", "unknown-consent-channel", "exit-on-awaited", "event-never-seen",
                             "no-address"}) {
        CHECK(codes.count(code) == 1);
    }
}

// Speed is measured by tests/bench/validate_bench.sh, not asserted here.
TEST_CASE("a thousand journeys validate clean", "[validate]") {
    ValidationFixture fx;
    for (int i = 0; i < 1000; ++i) {
        std::string n = std::to_string(i);
        fx.write("journeys/j" + n + ".yaml",
                 "journey: j" + n + "\nentry:\n  segment: vip\n  schedule: \"0 9 * * MON\"\nexit_on: [unsubscribe]\nsteps:\n"
                 "  - id: a\n    send: welcome\n  - id: b\n    wait: 1d\n"
                 "  - id: c\n    branch:\n      - when: profile.age > " + n + " && inSegment(\"vip\")\n        goto: d\n"
                 "      - else: e\n"
                 "  - id: d\n    wait_for: { event: purchase, where: event.properties.value > 10, timeout: 3d, on_timeout: e }\n"
                 "  - id: e\n    update: { last_seen: now }\n");
    }
    const auto ws = journeys::load_workspace(fx.root());
    const auto report = journeys::validate_workspace(ws);
    INFO(all_messages(report.diagnostics));
    CHECK(report.diagnostics.empty());
}
