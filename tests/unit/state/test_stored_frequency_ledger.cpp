// StoredFrequencyLedger, the journeys' FrequencyLedger over the state
// database: the window edges and first-cap cases every ledger passes
// (tests/unit/journeys/frequency_cases.hpp), check_policies
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
#include "tests/unit/journeys/frequency_cases.hpp"
#include "tests/unit/state/state_fixture.hpp"

using namespace journeyctl;
using core::expr::Duration;
using core::expr::Timestamp;
using journeys::Cap;
using journeys::StoredFrequencyLedger;
using testing::StateFolder;
namespace cases = testing::frequency;
using cases::at;
using cases::k_day;

namespace {

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
    cases::record_window_messages([&](const char* profile, const char* channel, Timestamp t) {
        record(ledger, profile, channel, t);
    });
    cases::check_window_counts(ledger);
    // Bounds beyond the store's range count as its ends.
    CHECK(ledger.count_sent("c1", std::nullopt, Timestamp{-62'135'596'801, 0}, Timestamp{253'402'300'799, 0}) == 5);
}

TEST_CASE("stored frequency ledger: the first cap reached, in file order", "[state]") {
    const std::vector<Cap>& caps = cases::first_cap_caps();
    const Timestamp t = cases::first_cap_instant();
    for (const cases::FirstCapCase& row : cases::first_cap_cases()) {
        INFO(row.name);
        StateFolder folder;
        core::state::StateStore store(folder.state_file());
        StoredFrequencyLedger ledger(store.frequency());
        cases::record_case_messages(row, [&](const char* profile, const char* channel, Timestamp at_time) {
            record(ledger, profile, channel, at_time);
        });

        // The check alone, and reserve: the same cap, then a message counted or not.
        const auto checked = journeys::first_cap_reached(caps, ledger, "c1", row.channel, t);
        ledger.set_idempotency_key("the-message");
        const auto reserved = ledger.reserve(caps, "c1", row.channel, t);
        const int64_t before = ledger.count_sent("c1", std::nullopt, at("2026-01-01T00:00:00Z"), t);
        cases::check_reached(row, checked);
        cases::check_reached(row, reserved);
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
