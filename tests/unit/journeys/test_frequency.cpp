// Frequency caps: the window (t - per, t] exactly at its boundaries, caps
// per channel and across channels, the first cap reached in file order,
// and duration text for reasons.
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "core/expr/time.hpp"
#include "journeys/policy/frequency.hpp"

using namespace journeyctl;
using core::expr::Duration;
using core::expr::Timestamp;
using journeys::Cap;

namespace {

Timestamp at(const char* text) {
    auto r = core::expr::time::parse_timestamp(text);
    REQUIRE(std::holds_alternative<Timestamp>(r));
    return std::get<Timestamp>(r);
}

constexpr int64_t k_day = 86'400;

}  // namespace

TEST_CASE("frequency: the window is (t - per, t]", "[frequency]") {
    journeys::InMemoryFrequencyLedger ledger;
    ledger.record_sent("c1", "email", at("2026-10-25T09:00:00Z"));           // exactly 7d before t
    ledger.record_sent("c1", "email", at("2026-10-25T09:00:00.000000001Z"));  // 1ns inside
    ledger.record_sent("c1", "email", at("2026-11-01T09:00:00Z"));           // exactly t
    ledger.record_sent("c1", "email", at("2026-11-01T09:00:00.000000001Z"));  // after t
    ledger.record_sent("c1", "sms", at("2026-10-30T09:00:00Z"));
    ledger.record_sent("c2", "email", at("2026-10-30T09:00:00Z"));

    const Timestamp t = at("2026-11-01T09:00:00Z");
    const Timestamp after = at("2026-10-25T09:00:00Z");
    CHECK(ledger.count_sent("c1", std::string_view("email"), after, t) == 2);
    CHECK(ledger.count_sent("c1", std::string_view("sms"), after, t) == 1);
    CHECK(ledger.count_sent("c1", std::nullopt, after, t) == 3);
    CHECK(ledger.count_sent("c2", std::nullopt, after, t) == 1);
    CHECK(ledger.count_sent("nobody", std::nullopt, after, t) == 0);
}

TEST_CASE("frequency: the first cap reached, in file order", "[frequency]") {
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
        {"two emails in 7d", {{"email", "2026-10-26T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}}, "email", -1, 0},
        {"three emails in 7d",
         {{"email", "2026-10-26T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}},
         "email", 0, 3},
        {"the oldest exactly 7d ago no longer counts",
         {{"email", "2026-10-25T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}},
         "email", -1, 0},
        {"the oldest 1s short of 7d still counts",
         {{"email", "2026-10-25T09:00:01Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}},
         "email", 0, 3},
        {"three emails do not cap sms", 
         {{"email", "2026-10-26T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}},
         "sms", -1, 0},
        {"any: an email and an sms today cap push",
         {{"email", "2026-11-01T01:00:00Z"}, {"sms", "2026-11-01T08:59:59Z"}}, "push", 1, 2},
        {"any: one exactly a day ago no longer counts",
         {{"email", "2026-10-31T09:00:00Z"}, {"sms", "2026-11-01T08:59:59Z"}}, "push", -1, 0},
        {"both reached: the email cap is listed first",
         {{"email", "2026-10-30T09:00:00Z"}, {"email", "2026-11-01T08:00:00Z"}, {"email", "2026-11-01T08:30:00Z"}},
         "email", 0, 3},
        {"only the any cap reached for email",
         {{"email", "2026-11-01T08:00:00Z"}, {"email", "2026-11-01T08:30:00Z"}}, "email", 1, 2},
        {"messages after t do not count",
         {{"email", "2026-11-01T10:00:00Z"}, {"email", "2026-11-02T08:30:00Z"}}, "email", -1, 0},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        journeys::InMemoryFrequencyLedger ledger;
        for (const auto& [channel, time] : row.sent) ledger.record_sent("c1", channel, at(time));
        ledger.record_sent("c2", "email", at("2026-11-01T08:00:00Z"));  // another profile never counts
        ledger.record_sent("c2", "email", at("2026-11-01T08:10:00Z"));
        ledger.record_sent("c2", "email", at("2026-11-01T08:20:00Z"));
        const auto reached = journeys::first_cap_reached(caps, ledger, "c1", row.channel, t);
        if (row.cap < 0) {
            CHECK_FALSE(reached.has_value());
        } else {
            REQUIRE(reached.has_value());
            CHECK(reached->cap == &caps[static_cast<size_t>(row.cap)]);
            CHECK(reached->count == row.count);
            CHECK(reached->window_start.seconds == t.seconds - caps[static_cast<size_t>(row.cap)].per.seconds);
        }
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
