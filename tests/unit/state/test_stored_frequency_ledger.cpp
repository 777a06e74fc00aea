// StoredFrequencyLedger, the journeys' FrequencyLedger over the state
// database: the same window edges and first-cap cases as the in-memory
// ledger's tests (tests/unit/journeys/test_frequency.cpp), check_policies
// deciding the same with either ledger, a retried message not counted
// twice, and times outside the store's range.
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "core/state/state_store.hpp"
#include "journeys/policy/policy.hpp"
#include "journeys/policy/stored_frequency_ledger.hpp"
#include "tests/unit/state/state_fixture.hpp"

using namespace journeyctl;
using core::expr::Duration;
using core::expr::Timestamp;
using journeys::Cap;
using journeys::StoredFrequencyLedger;
using testing::StateFolder;

namespace {

Timestamp at(const char* text) {
    auto r = core::expr::time::parse_timestamp(text);
    REQUIRE(std::holds_alternative<Timestamp>(r));
    return std::get<Timestamp>(r);
}

constexpr int64_t k_day = 86'400;

// record_sent under a fresh key each time, as distinct messages.
void record(StoredFrequencyLedger& ledger, const char* profile, const char* channel, Timestamp t) {
    static int counter = 0;
    ledger.set_idempotency_key("recorded-" + std::to_string(counter++));
    ledger.record_sent(profile, channel, t);
}

}  // namespace

TEST_CASE("stored frequency ledger: the window is (t - per, t]", "[state]") {
    StateFolder folder;
    core::state::StateStore store(folder.state_file());
    StoredFrequencyLedger ledger(store.frequency());
    record(ledger, "c1", "email", at("2026-10-25T09:00:00Z"));           // exactly 7d before t
    record(ledger, "c1", "email", at("2026-10-25T09:00:00.000000001Z"));  // 1ns inside
    record(ledger, "c1", "email", at("2026-11-01T09:00:00Z"));           // exactly t
    record(ledger, "c1", "email", at("2026-11-01T09:00:00.000000001Z"));  // after t
    record(ledger, "c1", "sms", at("2026-10-30T09:00:00Z"));
    record(ledger, "c2", "email", at("2026-10-30T09:00:00Z"));

    const Timestamp t = at("2026-11-01T09:00:00Z");
    const Timestamp after = at("2026-10-25T09:00:00Z");
    CHECK(ledger.count_sent("c1", std::string_view("email"), after, t) == 2);
    CHECK(ledger.count_sent("c1", std::string_view("sms"), after, t) == 1);
    CHECK(ledger.count_sent("c1", std::nullopt, after, t) == 3);
    CHECK(ledger.count_sent("c2", std::nullopt, after, t) == 1);
    CHECK(ledger.count_sent("nobody", std::nullopt, after, t) == 0);
    // Bounds beyond the store's range count as its ends.
    CHECK(ledger.count_sent("c1", std::nullopt, Timestamp{-62'135'596'801, 0}, Timestamp{253'402'300'799, 0}) == 5);
}

TEST_CASE("stored frequency ledger: the first cap reached, in file order", "[state]") {
    const std::vector<Cap> caps{
        Cap{"email", 3, Duration{7 * k_day, 0}},
        Cap{"", 2, Duration{k_day, 0}},  // channel: any
    };
    const Timestamp t = at("2026-11-01T09:00:00Z");
    struct Row {
        const char* name;
        std::vector<std::pair<const char*, const char*>> sent;  // channel, time
        const char* channel;
        int cap;  // index of the cap reached, -1 for none
        int64_t count;
    };
    const std::vector<Row> rows{
        {"nothing sent", {}, "email", -1, 0},
        {"three emails in 7d",
         {{"email", "2026-10-26T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}},
         "email", 0, 3},
        {"the oldest exactly 7d ago no longer counts",
         {{"email", "2026-10-25T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}},
         "email", -1, 0},
        {"the oldest 1s short of 7d still counts",
         {{"email", "2026-10-25T09:00:01Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}},
         "email", 0, 3},
        {"any: an email and an sms today cap push",
         {{"email", "2026-11-01T01:00:00Z"}, {"sms", "2026-11-01T08:59:59Z"}}, "push", 1, 2},
        {"any: one exactly a day ago no longer counts",
         {{"email", "2026-10-31T09:00:00Z"}, {"sms", "2026-11-01T08:59:59Z"}}, "push", -1, 0},
        {"only the any cap reached for email",
         {{"email", "2026-11-01T08:00:00Z"}, {"email", "2026-11-01T08:30:00Z"}}, "email", 1, 2},
        {"messages after t do not count",
         {{"email", "2026-11-01T10:00:00Z"}, {"email", "2026-11-02T08:30:00Z"}}, "email", -1, 0},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        StateFolder folder;
        core::state::StateStore store(folder.state_file());
        StoredFrequencyLedger ledger(store.frequency());
        for (const auto& [channel, time] : row.sent) record(ledger, "c1", channel, at(time));
        record(ledger, "c2", "email", at("2026-11-01T08:00:00Z"));  // another profile never counts
        record(ledger, "c2", "email", at("2026-11-01T08:10:00Z"));
        record(ledger, "c2", "email", at("2026-11-01T08:20:00Z"));

        // The check alone, and reserve: the same cap, then a message counted or not.
        const auto checked = journeys::first_cap_reached(caps, ledger, "c1", row.channel, t);
        ledger.set_idempotency_key("the-message");
        const auto reserved = ledger.reserve(caps, "c1", row.channel, t);
        const int64_t before = ledger.count_sent("c1", std::nullopt, at("2026-01-01T00:00:00Z"), t);
        for (const auto& reached : {checked, reserved}) {
            if (row.cap < 0) {
                CHECK_FALSE(reached.has_value());
            } else {
                REQUIRE(reached.has_value());
                CHECK(reached->cap == &caps[static_cast<size_t>(row.cap)]);
                CHECK(reached->count == row.count);
                CHECK(reached->window_start.seconds == t.seconds - caps[static_cast<size_t>(row.cap)].per.seconds);
            }
        }
        // Reserving the same message again changes nothing.
        CHECK(ledger.reserve(caps, "c1", row.channel, t).has_value() == reserved.has_value());
        CHECK(ledger.count_sent("c1", std::nullopt, at("2026-01-01T00:00:00Z"), t) == before);
    }
}

TEST_CASE("stored frequency ledger: check_policies decides as with the in-memory ledger", "[state]") {
    core::expr::Environment env = core::expr::Environment::standard();
    core::workspace::Policies config;
    config.frequency.resize(2);
    config.frequency[0].channel.value = "email";
    config.frequency[0].max.value = 2;
    config.frequency[0].per.value = Duration{7 * k_day, 0};
    config.frequency[1].channel.value = "any";
    config.frequency[1].max.value = 3;
    config.frequency[1].per.value = Duration{k_day, 0};
    const journeys::CompiledPolicies policies(config, "UTC", env);

    StateFolder folder;
    core::state::StateStore store(folder.state_file());
    StoredFrequencyLedger stored(store.frequency());
    journeys::InMemoryFrequencyLedger in_memory;
    const std::vector<std::pair<const char*, const char*>> messages{
        {"email", "2026-11-01T09:00:00Z"}, {"email", "2026-11-01T10:00:00Z"}, {"email", "2026-11-01T11:00:00Z"},
        {"sms", "2026-11-01T12:00:00Z"},   {"push", "2026-11-01T13:00:00Z"},  {"sms", "2026-11-02T12:00:00Z"},
        {"email", "2026-11-08T09:00:00Z"}, {"email", "2026-11-08T09:00:01Z"},
    };
    int allowed = 0;
    for (size_t i = 0; i < messages.size(); ++i) {
        const auto& [channel, time] = messages[i];
        INFO(channel << " at " << time);
        journeys::PolicyInputs in;
        in.policies = &policies;
        in.channel = channel;
        in.channel_kind = core::workspace::ChannelKind::Email;
        in.address = "ann@example.com";
        in.profile_key = "c1";
        in.now = at(time);
        in.ledger = &in_memory;
        const journeys::PolicyDecision expected = journeys::check_policies(in);
        stored.set_idempotency_key("m" + std::to_string(i));
        in.ledger = &stored;
        const journeys::PolicyDecision decided = journeys::check_policies(in);
        CHECK(decided.verdict == expected.verdict);
        CHECK(decided.reason == expected.reason);
        allowed += decided.allowed() ? 1 : 0;
    }
    // email, email, (email capped), sms, (push: 3 today), sms next day,
    // email a week later, (the next email: 2 in 7d).
    CHECK(allowed == 5);
}

TEST_CASE("stored frequency ledger: a key is needed, and a time the store can hold", "[state]") {
    StateFolder folder;
    core::state::StateStore store(folder.state_file());
    StoredFrequencyLedger ledger(store.frequency());
    const std::vector<Cap> caps{Cap{"email", 1, Duration{k_day, 0}}};
    CHECK_THROWS_AS(ledger.reserve(caps, "c1", "email", at("2026-11-01T09:00:00Z")), std::logic_error);
    ledger.set_idempotency_key("m1");
    CHECK_THROWS_AS(ledger.reserve(caps, "c1", "email", at("2300-01-01T00:00:00Z")), core::UsageError);
    CHECK_FALSE(ledger.reserve(caps, "c1", "email", at("2262-04-11T00:00:00Z")));
}
