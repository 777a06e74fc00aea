// Frequency caps: the window (t - per, t] exactly at its boundaries, caps
// per channel and across channels, the first cap reached in file order,
// and duration text for reasons.
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "core/expr/time.hpp"
#include "journeys/policy/frequency.hpp"
#include "tests/unit/journeys/frequency_cases.hpp"

using namespace journeyctl;
using core::expr::Duration;
using core::expr::Timestamp;
using journeys::Cap;

namespace cases = testing::frequency;
using cases::at;
using cases::k_day;

TEST_CASE("frequency: the window is (t - per, t]", "[frequency]") {
    journeys::InMemoryFrequencyLedger ledger;
    cases::record_window_messages(
        [&](const char* profile, const char* channel, Timestamp t) { ledger.record_sent(profile, channel, t); });
    cases::check_window_counts(ledger);
}

TEST_CASE("frequency: the first cap reached, in file order", "[frequency]") {
    for (const cases::FirstCapCase& row : cases::first_cap_cases()) {
        INFO(row.name);
        journeys::InMemoryFrequencyLedger ledger;
        cases::record_case_messages(
            row, [&](const char* profile, const char* channel, Timestamp t) { ledger.record_sent(profile, channel, t); });
        cases::check_reached(row, journeys::first_cap_reached(cases::first_cap_caps(), ledger, "c1", row.channel,
                                                              cases::first_cap_instant()));
    }
}

TEST_CASE("frequency: caps from the configuration and duration text", "[frequency]") {
    CHECK(journeys::format_cap_duration(Duration{7 * k_day, 0}) == "7d");
    CHECK(journeys::format_cap_duration(Duration{14 * k_day, 0}) == "14d");
    CHECK(journeys::format_cap_duration(Duration{10 * k_day, 0}) == "10d");
    CHECK(journeys::format_cap_duration(Duration{k_day + 12 * 3600, 0}) == "1d12h");
    CHECK(journeys::format_cap_duration(Duration{90, 0}) == "1m30s");
    CHECK(journeys::format_cap_duration(Duration{1, 500'000'000}) == "1.500s");

    std::vector<core::workspace::FrequencyCap> config(2);
    config[0].channel.value = "email";
    config[0].max.value = 3;
    config[0].per.value = Duration{7 * k_day, 0};
    config[1].channel.value = "any";
    config[1].max.value = 2;
    config[1].per.value = Duration{k_day, 0};
    const auto caps = journeys::caps_from_config(config);
    REQUIRE(caps.size() == 2);
    CHECK(caps[0].channel == "email");
    CHECK(caps[0].applies_to("email"));
    CHECK_FALSE(caps[0].applies_to("sms"));
    CHECK(caps[1].any());
    CHECK(caps[1].applies_to("sms"));
    CHECK(caps[1].max == 2);
}

TEST_CASE("frequency: reserve records a message only when no cap is reached", "[frequency]") {
    const std::vector<journeys::Cap> caps{{"email", 1, {3600, 0}}, {"", 2, {86400, 0}}};
    journeys::InMemoryFrequencyLedger ledger;
    CHECK_FALSE(ledger.reserve(caps, "c1", "email", at("2026-11-01T09:00:00Z")));
    const auto email_again = ledger.reserve(caps, "c1", "email", at("2026-11-01T09:30:00Z"));
    REQUIRE(email_again);
    CHECK(email_again->cap == &caps[0]);
    CHECK_FALSE(ledger.reserve(caps, "c1", "sms", at("2026-11-01T09:30:00Z")));
    const auto third = ledger.reserve(caps, "c1", "sms", at("2026-11-01T11:00:00Z"));
    REQUIRE(third);
    CHECK(third->cap == &caps[1]);
    CHECK(third->count == 2);
    CHECK(ledger.count_sent("c1", std::nullopt, at("2026-10-31T00:00:00Z"), at("2026-11-02T00:00:00Z")) == 2);
    ledger.clear();
    CHECK(ledger.count_sent("c1", std::nullopt, at("2026-10-31T00:00:00Z"), at("2026-11-02T00:00:00Z")) == 0);
}
