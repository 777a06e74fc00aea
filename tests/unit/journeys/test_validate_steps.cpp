#include "tests/unit/journeys/test_validate_support.hpp"

using namespace journeyctl;
using journeyctl::testing::all_messages;
using journeyctl::testing::only;
using journeyctl::testing::ValidationFixture;
using journeyctl::testing::where;

namespace {

// A journey entering from vip with the given steps block.
std::string journey_with(const std::string& steps) {
    return "journey: j\nentry:\n  segment: vip\nsteps:\n" + steps;
}

}  // namespace

TEST_CASE("the base workspace validates clean", "[validate]") {
    ValidationFixture fx;
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    CHECK(report.diagnostics.empty());
    CHECK_FALSE(report.failed());
}

TEST_CASE("dangling targets of every kind, with suggestions", "[validate]") {
    struct Row {
        std::string steps;
        std::string where;
        std::string message;
    };
    const std::vector<Row> rows = {
        {"  - id: a\n    send: welcome\n    goto: ofer\n  - id: offer\n    exit: true\n",
         "journeys/j.yaml:7:11+4 error dangling-goto",
         "step 'a' goes to 'ofer', which is not a step of journey 'j' (did you mean 'offer'?)"},
        {"  - id: a\n    branch:\n      - when: true\n        goto: nowhere\n      - else: b\n  - id: b\n    exit: true\n",
         "journeys/j.yaml:8:15+7 error dangling-goto",
         "a branch case of step 'a' goes to 'nowhere', which is not a step of journey 'j'"},
        {"  - id: a\n    branch:\n      - when: true\n        goto: b\n      - else: bb\n  - id: b\n    exit: true\n",
         "journeys/j.yaml:9:15+2 error dangling-goto",
         "the else of step 'a' goes to 'bb', which is not a step of journey 'j' (did you mean 'b'?)"},
        {"  - id: a\n    split:\n      - { weight: 1, goto: b }\n      - { weight: 1, goto: bx }\n  - id: b\n    exit: true\n",
         "journeys/j.yaml:8:28+2 error dangling-goto",
         "a split arm of step 'a' goes to 'bx', which is not a step of journey 'j' (did you mean 'b'?)"},
        {"  - id: a\n    wait_for: { event: purchase, timeout: 1d, on_timeout: gone }\n",
         "journeys/j.yaml:6:59+4 error dangling-goto",
         "the timeout of step 'a' goes to 'gone', which is not a step of journey 'j'"},
    };
    for (const Row& row : rows) {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", journey_with(row.steps));
        const auto d = only(fx.run(), "dangling-goto");
        CHECK(where(d) == row.where);
        CHECK(d.message == row.message);
    }
}

TEST_CASE("steps that nothing leads to are unreachable", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", journey_with("  - id: a\n    send: welcome\n    goto: c\n"
                                             "  - id: b\n    send: welcome\n"
                                             "  - id: c\n    exit: true\n"
                                             "  - id: d\n    send: welcome\n"));
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    REQUIRE(journeyctl::testing::count_code(report.diagnostics, "unreachable-step") == 2);
    CHECK(where(report.diagnostics[0]) == "journeys/j.yaml:8:9+1 error unreachable-step");
    CHECK(report.diagnostics[0].message == "step 'b' cannot be reached from the first step 'a': no step goes to it");
    CHECK(where(report.diagnostics[1]) == "journeys/j.yaml:12:9+1 error unreachable-step");
}

TEST_CASE("a step that only unreachable steps lead to says so", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", journey_with("  - id: a\n    exit: true\n"
                                             "  - id: b\n    send: welcome\n"
                                             "  - id: c\n    send: welcome\n"
                                             "  - id: d\n    branch:\n      - when: true\n        goto: e\n"
                                             "      - else: e\n"
                                             "  - id: e\n    exit: true\n"));
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    REQUIRE(journeyctl::testing::count_code(report.diagnostics, "unreachable-step") == 4);
    CHECK(report.diagnostics[0].message == "step 'b' cannot be reached from the first step 'a': no step goes to it");
    CHECK(report.diagnostics[1].message ==
          "step 'c' cannot be reached from the first step 'a': it can only be reached from 'b', which is unreachable too");
    CHECK(report.diagnostics[3].message ==
          "step 'e' cannot be reached from the first step 'a': it can only be reached from 'd', which is unreachable too");
}

TEST_CASE("a branch without else does not fall through; split arms and timeouts reach", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", journey_with("  - id: a\n    branch:\n      - when: true\n        goto: c\n"
                                             "  - id: b\n    exit: true\n"
                                             "  - id: c\n    wait_for: { event: purchase, timeout: 1d, on_timeout: e }\n"
                                             "  - id: d\n    split:\n      - { weight: 1, goto: f }\n"
                                             "  - id: e\n    exit: true\n"
                                             "  - id: f\n    exit: true\n"));
    const auto d = only(fx.run(), "unreachable-step");
    CHECK(where(d) == "journeys/j.yaml:9:9+1 error unreachable-step");
}

TEST_CASE("a loop that passes no wait is an error; one through a wait is fine", "[validate]") {
    SECTION("send and branch going round") {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", journey_with("  - id: a\n    send: welcome\n"
                                                 "  - id: b\n    branch:\n      - when: true\n        goto: a\n"
                                                 "      - else: c\n"
                                                 "  - id: c\n    exit: true\n"));
        const auto d = only(fx.run(), "loop-without-wait");
        CHECK(where(d) == "journeys/j.yaml:10:15+1 error loop-without-wait");
        CHECK(d.message ==
              "steps 'a' and 'b' form a loop that passes no wait or wait_for: a profile would go round it forever at one instant");
    }
    SECTION("a step going to itself") {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", journey_with("  - id: a\n    update: { n: \"1\" }\n    goto: a\n"));
        const auto d = only(fx.run(), "loop-without-wait");
        CHECK(where(d) == "journeys/j.yaml:7:11+1 error loop-without-wait");
        CHECK(d.message == "step 'a' goes back to itself without a wait or wait_for: a profile would loop forever at one instant");
    }
    SECTION("through a wait or a wait_for") {
        ValidationFixture fx;
        fx.write("journeys/j.yaml", journey_with("  - id: a\n    send: welcome\n"
                                                 "  - id: b\n    wait: 1d\n"
                                                 "  - id: c\n    wait_for: { event: purchase, timeout: 1d, on_timeout: a }\n"
                                                 "    goto: a\n"));
        const auto report = fx.run();
        INFO(all_messages(report.diagnostics));
        CHECK(report.diagnostics.empty());
    }
}

TEST_CASE("sends name templates, with suggestions", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", journey_with("  - id: a\n    send: welcom\n"));
    const auto d = only(fx.run(), "unknown-template");
    CHECK(where(d) == "journeys/j.yaml:6:11+6 error unknown-template");
    CHECK(d.message == "step 'a' sends 'welcom', which is not a template (did you mean 'welcome'?)");
}

TEST_CASE("an exit_on event cannot also be awaited", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", "journey: j\nentry:\n  segment: vip\nexit_on: [purchase]\nsteps:\n"
                                "  - id: a\n    wait_for: { event: purchase, timeout: 1d }\n");
    const auto d = only(fx.run(), "exit-on-awaited");
    CHECK(where(d) == "journeys/j.yaml:7:24+8 error exit-on-awaited");
    CHECK(d.message == "step 'a' waits for 'purchase', which is also in exit_on: the event would make the profile leave instead");
}

TEST_CASE("a wait_for event absent from a fully read events file is a warning", "[validate]") {
    ValidationFixture fx;
    fx.write("journeys/j.yaml", journey_with("  - id: a\n    wait_for: { event: purchse, timeout: 1d }\n"));
    const auto d = only(fx.run(), "event-never-seen");
    CHECK(where(d) == "journeys/j.yaml:6:24+7 warning event-never-seen");
    CHECK(d.message == "no event of type 'purchse' is in 'data/events.jsonl' (did you mean 'purchase'?): step 'a' "
                       "would always time out on this data");

    SECTION("but not when the sample did not cover the whole file") {
        std::string events;
        for (int i = 0; i < 150; ++i) events += R"({"customer_id": "c1", "event": "open", "ts": "2026-01-01T00:00:00Z"})" "\n";
        fx.write("data/events.jsonl", events);
        CHECK(journeyctl::testing::count_code(fx.run().diagnostics, "event-never-seen") == 0);
    }
    SECTION("nor without an events file") {
        fx.remove("data/events.jsonl");
        CHECK(journeyctl::testing::count_code(fx.run().diagnostics, "event-never-seen") == 0);
    }
}

TEST_CASE("a send through a channel that cannot reach an address is a warning", "[validate]") {
    ValidationFixture fx;
    SECTION("to names a field the data does not have") {
        fx.write("data/profiles.csv",
                 "customer_id,first_name,email,tier,age,email_opt_in,sms_opt_in\nc1,Ada,a@b.c,gold,30,true,true\n");
        const auto report = fx.run();
        const auto d = only(report, "no-address");
        CHECK(where(d) == "journeys/winback.yaml:17:11+12 warning no-address");
        CHECK(d.message == "step 'reminder' sends through channel 'sms', which takes its 'to' from profile field "
                           "'phone', which the profile data does not have: every message would end as no_address");
        CHECK(journeyctl::testing::count_code(report.diagnostics, "expr-type") == 0);
    }
    SECTION("the channel has no to") {
        std::string config = journeyctl::testing::k_base_config;
        config.replace(config.find("    to: profile.phone\n"), 22, "");
        fx.write("journeyctl.yaml", config);
        const auto d = only(fx.run(), "no-address");
        CHECK(d.message == "step 'reminder' sends through channel 'sms', which has no 'to': every message would end "
                           "as no_address");
    }
}

TEST_CASE("a reference to a file with a YAML error is not also unknown", "[validate]") {
    ValidationFixture fx;
    fx.write("templates/welcome.yaml", "template: welcome\nchannel: [email\n");
    fx.write("segments/vip.yaml", "segment: vip\nwhere: {\n");
    const auto report = fx.run();
    INFO(all_messages(report.diagnostics));
    CHECK(journeyctl::testing::count_code(report.diagnostics, "yaml-syntax") == 2);
    CHECK(journeyctl::testing::count_code(report.diagnostics, "unknown-template") == 0);
    CHECK(journeyctl::testing::count_code(report.diagnostics, "unknown-segment") == 0);
}
