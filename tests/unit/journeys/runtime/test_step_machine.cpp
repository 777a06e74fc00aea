// The step machine driven directly, one stimulus at a time: for each step
// kind, the effects it emits and what it leaves in the instance. Indexes
// in "arrived A -> B" are step positions; -1 is the entry.
#include "tests/unit/journeys/runtime/machine_fixture.hpp"

#include "journeys/runtime/split.hpp"

namespace journeyctl::journeys::runtime::testing {
namespace {

const Timestamp k_t0 = at("2026-10-05T09:00:00Z");

std::string journey(const std::string& steps, const std::string& head = "entry:\n  segment: everyone\n") {
    return "journey: j\n" + head + "steps:\n" + steps;
}

TEST_CASE("machine: entry starts at the first step; a second entry while inside is refused", "[runtime][machine]") {
    MachineFixture m(journey("  - id: pause\n    wait: 2h\n"));
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "wait until 2026-10-05T11:00:00Z"});
    CHECK(m.instance.active);
    CHECK(m.instance.entry_id == 1);
    CHECK(m.instance.step == "pause");
    CHECK(m.instance.entered_at == k_t0);
    REQUIRE(m.instance.visits.size() == 1);
    CHECK(m.instance.visits[0].count == 1);
    CHECK(m.enter(at("2026-10-05T10:00:00Z")) == Lines{"refused: inside"});
    CHECK(m.instance.entry_id == 1);
}

TEST_CASE("machine: reentry never refuses a profile that entered before", "[runtime][machine]") {
    MachineFixture m(journey("  - id: bye\n    exit: true\n", "entry:\n  segment: everyone\nreentry: never\n"));
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "left end"});
    CHECK_FALSE(m.instance.active);
    CHECK(m.enter(at("2026-10-06T09:00:00Z")) == Lines{"refused: reentry"});
}

TEST_CASE("machine: reentry after a while lets the profile in again once it passed", "[runtime][machine]") {
    MachineFixture m(journey("  - id: bye\n    exit: true\n", "entry:\n  segment: everyone\nreentry: { after: 1d }\n"));
    m.enter(k_t0);
    CHECK(m.enter(at("2026-10-06T08:59:59Z")) == Lines{"refused: reentry"});
    CHECK(m.enter(at("2026-10-06T09:00:00Z")) == Lines{"entered", "arrived -1 -> 0", "left end"});
    CHECK(m.instance.entry_id == 2);
}

TEST_CASE("machine: a triggered entry's where sees the entering event", "[runtime][machine]") {
    MachineFixture m(journey("  - id: bye\n    exit: true\n", "entry:\n  event: signup\n  where: event.stars >= 3\n"),
                     R"({"customer_id":"p1","event":"signup","ts":"2026-10-05T09:00:00Z","stars":1}
{"customer_id":"p1","event":"signup","ts":"2026-10-05T10:00:00Z","stars":4}
)");
    CHECK(m.advance(Stimulus::event_entry(m.event_id(0)), k_t0) == Lines{"entry where failed"});
    CHECK_FALSE(m.instance.entered_ever());
    CHECK_FALSE(m.instance.event);
    CHECK(m.advance(Stimulus::event_entry(m.event_id(1)), at("2026-10-05T10:00:00Z")) ==
          Lines{"entered (first)", "arrived -1 -> 0", "left end"});
}

TEST_CASE("machine: send goes on after a sent message, the gate deciding", "[runtime][machine]") {
    MachineFixture m(journey("  - id: hello\n    send: mail\n  - id: pause\n    wait: 1h\n"));
    m.gate.queue(Verdict::SuppressedConsent);
    CHECK(m.enter(k_t0) ==
          Lines{"entered (first)", "arrived -1 -> 0", "message hello suppressed_consent", "arrived 0 -> 1",
                "wait until 2026-10-05T10:00:00Z"});
    CHECK(m.gate.checks == 1);
}

TEST_CASE("machine: send holds a delayed message until its release, then checks again", "[runtime][machine]") {
    MachineFixture m(journey("  - id: hello\n    send: mail\n"));
    const Timestamp release = at("2026-10-05T20:00:00Z");
    m.gate.queue(Verdict::DelayedQuietHours, release);
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "message hello delayed_quiet_hours"});
    REQUIRE(m.instance.held);
    CHECK(m.instance.held->to == "p1@x");
    CHECK(m.instance.timer == release);
    CHECK(m.machine().next_timer(m.instance) == release);
    CHECK(m.tick(at("2026-10-05T19:59:59Z")).empty());
    CHECK(m.machine().due(m.instance, release)->kind == Stimulus::Kind::Release);
    CHECK(m.tick(release) == Lines{"message hello sent", "left end"});
    CHECK_FALSE(m.instance.held);
    CHECK(m.gate.checks == 2);
}

TEST_CASE("machine: leaving with a held message cancels it first", "[runtime][machine]") {
    MachineFixture m(journey("  - id: hello\n    send: mail\n", "entry:\n  segment: everyone\ntimeout: 2h\n"));
    m.gate.queue(Verdict::DelayedQuietHours, at("2026-10-05T20:00:00Z"));
    m.enter(k_t0);
    // The journey's timeout comes before the release.
    CHECK(m.tick(at("2026-10-05T11:00:00Z")) == Lines{"message hello cancelled", "left timeout"});
    CHECK_FALSE(m.instance.active);
    CHECK_FALSE(m.instance.held);
    CHECK(m.instance.step.empty());
}

TEST_CASE("machine: wait for a duration ends on its timer", "[runtime][machine]") {
    MachineFixture m(journey("  - id: pause\n    wait: 2h\n  - id: bye\n    exit: true\n"));
    m.enter(k_t0);
    CHECK(m.instance.timer == at("2026-10-05T11:00:00Z"));
    CHECK(m.tick(at("2026-10-05T10:59:00Z")).empty());
    CHECK(m.machine().due(m.instance, at("2026-10-05T11:00:00Z"))->kind == Stimulus::Kind::Timer);
    CHECK(m.tick(at("2026-10-05T11:00:00Z")) == Lines{"wait over", "arrived 0 -> 1", "left end"});
}

TEST_CASE("machine: wait until a past instant goes on at once; a non-timestamp leaves with error",
          "[runtime][machine]") {
    MachineFixture past(journey("  - id: pause\n    wait: { until: now - 1h }\n  - id: bye\n    exit: true\n"));
    CHECK(past.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "wait already over", "arrived 0 -> 1", "left end"});
    MachineFixture bad(journey("  - id: pause\n    wait: { until: timestamp(profile.tier) }\n"));
    CHECK(bad.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "failed wait.until at step 0", "left error"});
}

TEST_CASE("machine: wait_for goes on with a later awaited event, not one at the arrival instant",
          "[runtime][machine]") {
    MachineFixture m(journey("  - id: ask\n    wait_for: { event: reply, timeout: 1d }\n  - id: bye\n    exit: true\n"),
                     R"({"customer_id":"p1","event":"reply","ts":"2026-10-05T09:00:00Z","stars":1}
{"customer_id":"p1","event":"browse","ts":"2026-10-05T10:00:00Z","stars":1}
{"customer_id":"p1","event":"reply","ts":"2026-10-05T11:00:00Z","stars":5}
)");
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "wait for reply until 2026-10-06T09:00:00Z"});
    CHECK(m.event(0).empty());
    CHECK(m.event(1).empty());
    CHECK(m.event(2) == Lines{"reply arrived", "arrived 0 -> 1", "left end"});
}

TEST_CASE("machine: wait_for's where picks the awaited event; a timeout goes to on_timeout or leaves",
          "[runtime][machine]") {
    const std::string events = R"({"customer_id":"p1","event":"reply","ts":"2026-10-05T10:00:00Z","stars":1}
)";
    MachineFixture m(journey("  - id: ask\n    wait_for: { event: reply, where: 'event.stars >= 3', timeout: 2h, "
                             "on_timeout: late }\n  - id: bye\n    exit: true\n  - id: late\n    exit: true\n"),
                     events);
    m.enter(k_t0);
    CHECK(m.event(0) == Lines{"reply where failed"});
    CHECK_FALSE(m.instance.event);
    CHECK(m.tick(at("2026-10-05T11:00:00Z")) == Lines{"no reply: timed out", "arrived 0 -> 2", "left end"});
    MachineFixture leaving(journey("  - id: ask\n    wait_for: { event: reply, timeout: 2h }\n"), events);
    leaving.enter(k_t0);
    CHECK(leaving.tick(at("2026-10-05T11:00:00Z")) == Lines{"no reply: timed out", "left wait_for_timeout"});
}

TEST_CASE("machine: branch takes the first case that holds, else the else, else leaves", "[runtime][machine]") {
    const std::string tail = "  - id: gold\n    exit: true\n  - id: other\n    exit: true\n";
    MachineFixture holds(journey("  - id: pick\n    branch:\n      - when: 'profile.tier == \"gold\"'\n        goto: gold\n"
                                 "      - when: 'profile.score > 3'\n        goto: other\n" + tail));
    CHECK(holds.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "branch profile.tier == \"gold\" not taken",
                                     "branch profile.score > 3 taken", "arrived 0 -> 2", "left end"});
    MachineFixture otherwise(journey("  - id: pick\n    branch:\n      - when: 'profile.tier == \"gold\"'\n        goto: gold\n"
                                     "      - else: other\n" + tail));
    CHECK(otherwise.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "branch profile.tier == \"gold\" not taken",
                                         "branch else taken", "arrived 0 -> 2", "left end"});
    MachineFixture none(journey("  - id: pick\n    branch:\n      - when: 'profile.score > 9'\n        goto: gold\n" + tail));
    CHECK(none.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "branch profile.score > 9 not taken", "left no_branch"});
}

TEST_CASE("machine: split sends the profile to the arm of its hash bucket", "[runtime][machine]") {
    MachineFixture m(journey("  - id: ab\n    split:\n      - { weight: 30, goto: a }\n      - { weight: 70, goto: b }\n"
                             "  - id: a\n    exit: true\n  - id: b\n    exit: true\n"));
    const uint32_t bucket = split_bucket("j", "ab", "p1");
    const int64_t weights[] = {30, 70};
    const size_t arm = split_arm(weights, bucket);
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", fmt::format("split bucket {} arm {}", bucket, arm),
                                 fmt::format("arrived 0 -> {}", arm + 1), "left end"});
}

TEST_CASE("machine: update sets profile fields that later steps and entries see", "[runtime][machine]") {
    MachineFixture m(journey("  - id: mark\n    update: { tier: '\"gold\"', score: profile.score / 0 }\n"
                             "  - id: pick\n    branch:\n      - when: 'profile.tier == \"gold\"'\n        goto: bye\n"
                             "  - id: bye\n    exit: true\n"));
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "set tier = \"gold\"", "failed update.score at step 0",
                                 "not set score", "arrived 0 -> 1", "branch profile.tier == \"gold\" taken",
                                 "arrived 1 -> 2", "left end"});
    REQUIRE(m.instance.updates.size() == 1);
    CHECK(m.instance.updates[0].field == "tier");
}

TEST_CASE("machine: call asks for the request and goes on", "[runtime][machine]") {
    MachineFixture m(journey("  - id: hook\n    call: { url: \"https://hooks.example/x\" }\n"));
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "call hook", "left end"});
}

TEST_CASE("machine: exit leaves at once; goto passes over the steps between", "[runtime][machine]") {
    MachineFixture m(journey("  - id: bye\n    exit: true\n  - id: never\n    wait: 1h\n"));
    CHECK(m.enter(k_t0) == Lines{"entered (first)", "arrived -1 -> 0", "left end"});
}

TEST_CASE("machine: an exit_on event ends the instance; a goal event within the window converts",
          "[runtime][machine]") {
    MachineFixture m(journey("  - id: pause\n    wait: 3d\n",
                             "entry:\n  segment: everyone\nexit_on: [stop]\ngoal: { event: buy, within: 1d }\n"),
                     R"({"customer_id":"p1","event":"buy","ts":"2026-10-05T12:00:00Z"}
{"customer_id":"p1","event":"stop","ts":"2026-10-05T13:00:00Z"}
{"customer_id":"p1","event":"buy","ts":"2026-10-05T14:00:00Z"}
)");
    m.enter(k_t0);
    CHECK(m.event(0) == Lines{"goal buy (entered 2026-10-05T09:00:00Z)"});
    CHECK(m.instance.goals.empty());
    CHECK(m.event(1) == Lines{"left exit_on"});
    CHECK(m.event(2).empty());
}

TEST_CASE("machine: the journey's timeout ends a waiting instance", "[runtime][machine]") {
    MachineFixture m(journey("  - id: pause\n    wait: 3d\n", "entry:\n  segment: everyone\ntimeout: 1d\n"));
    m.enter(k_t0);
    CHECK(m.machine().next_timer(m.instance) == at("2026-10-06T09:00:00Z"));
    CHECK(m.tick(at("2026-10-06T09:00:00Z")) == Lines{"left timeout"});
    CHECK_FALSE(m.machine().next_timer(m.instance));
}

}  // namespace
}  // namespace journeyctl::journeys::runtime::testing
