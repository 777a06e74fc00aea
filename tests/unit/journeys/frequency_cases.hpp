// The cases every FrequencyLedger must pass, shared by the in-memory
// ledger's tests (test_frequency.cpp) and the state database's
// (tests/unit/state/test_stored_frequency_ledger.cpp), so that both are
// held to one table of the window rule (t - per, t] and first-cap order.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "core/expr/time.hpp"
#include "journeys/policy/frequency.hpp"

namespace journeyctl::testing::frequency {

using core::expr::Duration;
using core::expr::Timestamp;
using journeys::Cap;

inline Timestamp at(const char* text) {
    auto r = core::expr::time::parse_timestamp(text);
    REQUIRE(std::holds_alternative<Timestamp>(r));
    return std::get<Timestamp>(r);
}

inline constexpr int64_t k_day = 86'400;

// The window test's messages: record(profile, channel, time) for each.
template <class Record>
void record_window_messages(Record record) {
    record("c1", "email", at("2026-10-25T09:00:00Z"));           // exactly 7d before t
    record("c1", "email", at("2026-10-25T09:00:00.000000001Z"));  // 1ns inside
    record("c1", "email", at("2026-11-01T09:00:00Z"));           // exactly t
    record("c1", "email", at("2026-11-01T09:00:00.000000001Z"));  // after t
    record("c1", "sms", at("2026-10-30T09:00:00Z"));
    record("c2", "email", at("2026-10-30T09:00:00Z"));
}

// What the ledger must count of those in (2026-10-25T09:00Z, t].
inline void check_window_counts(const journeys::FrequencyLedger& ledger) {
    const Timestamp t = at("2026-11-01T09:00:00Z");
    const Timestamp after = at("2026-10-25T09:00:00Z");
    CHECK(ledger.count_sent("c1", std::string_view("email"), after, t) == 2);
    CHECK(ledger.count_sent("c1", std::string_view("sms"), after, t) == 1);
    CHECK(ledger.count_sent("c1", std::nullopt, after, t) == 3);
    CHECK(ledger.count_sent("c2", std::nullopt, after, t) == 1);
    CHECK(ledger.count_sent("nobody", std::nullopt, after, t) == 0);
}

inline const std::vector<Cap>& first_cap_caps() {
    static const std::vector<Cap> caps{
        Cap{"email", 3, Duration{7 * k_day, 0}},
        Cap{"", 2, Duration{k_day, 0}},  // channel: any
    };
    return caps;
}

inline Timestamp first_cap_instant() { return at("2026-11-01T09:00:00Z"); }

struct FirstCapCase {
    const char* name;
    std::vector<std::pair<const char*, const char*>> sent;  // channel, time (profile c1)
    const char* channel;
    int cap;  // index in first_cap_caps() of the cap reached, -1 for none
    int64_t count;
};

inline const std::vector<FirstCapCase>& first_cap_cases() {
    static const std::vector<FirstCapCase> rows{
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
    return rows;
}

// The case's messages of c1, and three emails of another profile, which
// never count.
template <class Record>
void record_case_messages(const FirstCapCase& row, Record record) {
    for (const auto& [channel, time] : row.sent) record("c1", channel, at(time));
    record("c2", "email", at("2026-11-01T08:00:00Z"));
    record("c2", "email", at("2026-11-01T08:10:00Z"));
    record("c2", "email", at("2026-11-01T08:20:00Z"));
}

inline void check_reached(const FirstCapCase& row, const std::optional<journeys::CapReached>& reached) {
    const std::vector<Cap>& caps = first_cap_caps();
    if (row.cap < 0) {
        CHECK_FALSE(reached.has_value());
        return;
    }
    REQUIRE(reached.has_value());
    const Cap& cap = caps[static_cast<size_t>(row.cap)];
    CHECK(reached->cap == &cap);
    CHECK(reached->count == row.count);
    CHECK(reached->window_start.seconds == first_cap_instant().seconds - cap.per.seconds);
}

}  // namespace journeyctl::testing::frequency
