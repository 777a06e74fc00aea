// Quiet hours: the window (half-open, wrapping midnight, start == end
// empty), the end of a quiet period across DST changes in Europe/Paris
// (2026: forward 03-29 01:00Z, back 10-25 01:00Z) and America/New_York
// (2026: forward 03-08 07:00Z, back 11-01 06:00Z), and the zone fallback.
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "core/expr/time.hpp"
#include "journeys/policy/quiet_hours.hpp"

using namespace journeyctl;
using core::expr::Timestamp;
using core::expr::Value;
using journeys::QuietWindow;

namespace {

Timestamp at(const char* text) {
    auto r = core::expr::time::parse_timestamp(text);
    REQUIRE(std::holds_alternative<Timestamp>(r));
    return std::get<Timestamp>(r);
}

std::string show(std::optional<Timestamp> t) {
    return t ? core::expr::time::format_timestamp(*t) : std::string("none");
}

constexpr QuietWindow k_night{21 * 60, 8 * 60};  // 21:00-08:00

}  // namespace

TEST_CASE("quiet hours: inside the window, wrapping midnight, half-open", "[quiet_hours]") {
    struct Row {
        QuietWindow window;
        const char* t;
        const char* zone;
        bool quiet;
    };
    const Row rows[] = {
        {k_night, "2026-06-01T20:59:59+02:00", "Europe/Paris", false},
        {k_night, "2026-06-01T21:00:00+02:00", "Europe/Paris", true},   // start is inside
        {k_night, "2026-06-01T23:59:59+02:00", "Europe/Paris", true},
        {k_night, "2026-06-02T00:00:00+02:00", "Europe/Paris", true},
        {k_night, "2026-06-02T07:59:59+02:00", "Europe/Paris", true},
        {k_night, "2026-06-02T08:00:00+02:00", "Europe/Paris", false},  // end is outside
        {k_night, "2026-06-02T12:00:00Z", "Europe/Paris", false},
        {k_night, "2026-06-01T20:00:00Z", "Europe/Paris", true},        // 22:00 local
        {k_night, "2026-06-01T20:00:00Z", "UTC", false},
        {k_night, "2026-06-01T20:00:00Z", "+05:30", true},              // 01:30 local
        {QuietWindow{1 * 60, 5 * 60}, "2026-06-01T00:59:00Z", "UTC", false},
        {QuietWindow{1 * 60, 5 * 60}, "2026-06-01T01:00:00Z", "UTC", true},
        {QuietWindow{1 * 60, 5 * 60}, "2026-06-01T05:00:00Z", "UTC", false},
        {QuietWindow{1 * 60, 5 * 60}, "2026-06-01T23:00:00Z", "UTC", false},
        // start == end: no quiet hours at all
        {QuietWindow{9 * 60, 9 * 60}, "2026-06-01T09:00:00Z", "UTC", false},
        {QuietWindow{0, 0}, "2026-06-01T00:00:00Z", "UTC", false},
    };
    for (const Row& row : rows) {
        INFO(row.t << " in " << row.zone);
        CHECK(journeys::in_quiet_hours(row.window, at(row.t), row.zone) == row.quiet);
        CHECK(journeys::quiet_period_end(row.window, at(row.t), row.zone).has_value() == row.quiet);
    }
}

TEST_CASE("quiet hours: when the quiet period ends, across DST", "[quiet_hours]") {
    struct Row {
        QuietWindow window;
        const char* t;
        const char* zone;
        const char* end;
    };
    const Row rows[] = {
        // Ordinary nights, before and after midnight.
        {k_night, "2026-06-01T22:00:00+02:00", "Europe/Paris", "2026-06-02T06:00:00Z"},
        {k_night, "2026-06-02T03:00:00+02:00", "Europe/Paris", "2026-06-02T06:00:00Z"},
        {QuietWindow{1 * 60, 5 * 60}, "2026-06-01T03:00:00Z", "UTC", "2026-06-01T05:00:00Z"},
        {k_night, "2026-06-01T22:00:00+05:30", "+05:30", "2026-06-02T02:30:00Z"},
        // Paris, spring forward: 08:00 on 03-29 is CEST (+02:00).
        {k_night, "2026-03-28T21:30:00+01:00", "Europe/Paris", "2026-03-29T06:00:00Z"},
        {k_night, "2026-03-29T01:59:59+01:00", "Europe/Paris", "2026-03-29T06:00:00Z"},
        {k_night, "2026-03-29T03:00:00+02:00", "Europe/Paris", "2026-03-29T06:00:00Z"},
        // Paris, fall back: 08:00 on 10-25 is CET (+01:00).
        {k_night, "2026-10-24T22:00:00+02:00", "Europe/Paris", "2026-10-25T07:00:00Z"},
        {k_night, "2026-10-25T02:30:00+02:00", "Europe/Paris", "2026-10-25T07:00:00Z"},
        {k_night, "2026-10-25T02:30:00+01:00", "Europe/Paris", "2026-10-25T07:00:00Z"},
        // New York, spring forward and fall back.
        {k_night, "2026-03-07T23:00:00-05:00", "America/New_York", "2026-03-08T12:00:00Z"},
        {k_night, "2026-10-31T22:00:00-04:00", "America/New_York", "2026-11-01T13:00:00Z"},
        {k_night, "2026-11-01T01:30:00-05:00", "America/New_York", "2026-11-01T13:00:00Z"},
        // An end inside the spring-forward gap (02:30 does not exist): the
        // first instant after the gap, 03:00 local.
        {QuietWindow{21 * 60, 2 * 60 + 30}, "2026-03-28T23:00:00+01:00", "Europe/Paris", "2026-03-29T01:00:00Z"},
        {QuietWindow{21 * 60, 2 * 60 + 30}, "2026-03-08T01:00:00-05:00", "America/New_York", "2026-03-08T07:00:00Z"},
        // An end in the fall-back overlap (02:30 twice in Paris, 01:30 twice
        // in New York): the first occurrence ...
        {QuietWindow{21 * 60, 2 * 60 + 30}, "2026-10-25T01:00:00+02:00", "Europe/Paris", "2026-10-25T00:30:00Z"},
        {QuietWindow{21 * 60, 1 * 60 + 30}, "2026-11-01T00:30:00-04:00", "America/New_York", "2026-11-01T05:30:00Z"},
        // ... unless the instant is already past it: in the repeated hour the
        // clock shows a quiet time again, and the period ends at the second.
        {QuietWindow{21 * 60, 2 * 60 + 30}, "2026-10-25T02:10:00+01:00", "Europe/Paris", "2026-10-25T01:30:00Z"},
        {QuietWindow{21 * 60, 1 * 60 + 30}, "2026-11-01T01:10:00-05:00", "America/New_York", "2026-11-01T06:30:00Z"},
    };
    for (const Row& row : rows) {
        INFO(row.t << " in " << row.zone);
        const auto end = journeys::quiet_period_end(row.window, at(row.t), row.zone);
        CHECK(show(end) == row.end);
        if (end) {
            CHECK(*end > at(row.t));
            CHECK_FALSE(journeys::in_quiet_hours(row.window, *end, row.zone));
        }
    }
}

TEST_CASE("quiet hours: the first pass of a repeated hour can be outside the window", "[quiet_hours]") {
    // 21:00-02:30 in Paris: 02:45 CEST is outside, then the clock goes back
    // and 02:10 CET is inside again.
    const QuietWindow window{21 * 60, 2 * 60 + 30};
    CHECK_FALSE(journeys::in_quiet_hours(window, at("2026-10-25T00:45:00Z"), "Europe/Paris"));
    CHECK(journeys::in_quiet_hours(window, at("2026-10-25T01:10:00Z"), "Europe/Paris"));
}

TEST_CASE("quiet hours: resolving local times in gaps and overlaps", "[quiet_hours]") {
    // 2026-03-29T02:30 local (Paris) does not exist; 2026-10-25T02:30 twice.
    const int64_t gap = (20'541LL) * 86'400 + 2 * 3600 + 30 * 60;  // 2026-03-29 is day 20541
    const int64_t overlap = (20'751LL) * 86'400 + 2 * 3600 + 30 * 60;  // 2026-10-25
    const Timestamp early{0, 0};
    CHECK(show(journeys::resolve_local(gap, "Europe/Paris", early)) == "2026-03-29T01:00:00Z");
    CHECK(show(journeys::resolve_local(overlap, "Europe/Paris", early)) == "2026-10-25T00:30:00Z");
    CHECK(show(journeys::resolve_local(overlap, "Europe/Paris", at("2026-10-25T00:30:01Z"))) == "2026-10-25T01:30:00Z");
    CHECK(show(journeys::resolve_local(overlap, "Europe/Paris", at("2026-12-01T00:00:00Z"))) == "2026-10-25T01:30:00Z");
    CHECK(show(journeys::resolve_local(overlap, "UTC", early)) == "2026-10-25T02:30:00Z");
    CHECK(show(journeys::resolve_local(overlap, "-08:00", early)) == "2026-10-25T10:30:00Z");
    CHECK_FALSE(journeys::resolve_local(overlap, "Mars/Olympus", early).has_value());
    CHECK(journeys::zone_offset(at("2026-07-01T00:00:00Z"), "America/New_York") == -4 * 3600);
    CHECK(journeys::zone_offset(at("2026-12-01T00:00:00Z"), "America/New_York") == -5 * 3600);
}

TEST_CASE("quiet hours: the profile's zone, or the workspace zone when absent or invalid", "[quiet_hours]") {
    struct Row {
        Value value;
        bool given;
        const char* zone;
        bool fell_back;
        const char* why;
    };
    const Row rows[] = {
        {Value::string("America/New_York"), true, "America/New_York", false, ""},
        {Value::string("+05:30"), true, "+05:30", false, ""},
        {Value(), false, "Europe/Paris", true, "no zone"},
        {Value::null(), true, "Europe/Paris", true, "no zone"},
        {Value::string(""), true, "Europe/Paris", true, "empty zone"},
        {Value::string("Mars/Olympus"), true, "Europe/Paris", true, "unknown zone \"Mars/Olympus\""},
        {Value::integer(3), true, "Europe/Paris", true, "zone is of type int, not a string"},
        {Value::error("no such key: timezone"), true, "Europe/Paris", true,
         "zone expression failed: no such key: timezone"},
    };
    for (const Row& row : rows) {
        INFO(row.value.to_cel_literal());
        const auto choice = journeys::choose_zone(row.given ? &row.value : nullptr, "Europe/Paris");
        CHECK(choice.zone == row.zone);
        CHECK(choice.fell_back == row.fell_back);
        CHECK(choice.why == row.why);
    }
    CHECK(journeys::choose_zone(nullptr, "Nowhere/Land").zone == "UTC");
}

TEST_CASE("quiet hours: clock text", "[quiet_hours]") {
    CHECK(journeys::format_clock(0) == "00:00");
    CHECK(journeys::format_clock(21 * 60) == "21:00");
    CHECK(journeys::format_clock(8 * 60 + 5) == "08:05");
    CHECK(journeys::format_clock(23 * 60 + 59) == "23:59");
}
