#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "core/expr/time.hpp"
#include "journeys/runtime/cron.hpp"

using namespace journeyctl;
using journeys::Cron;
using journeys::CronError;
using journeys::parse_cron;

namespace {

core::expr::Timestamp at(const char* text) {
    auto parsed = core::expr::time::parse_timestamp(text);
    REQUIRE(std::holds_alternative<core::expr::Timestamp>(parsed));
    return std::get<core::expr::Timestamp>(parsed);
}

Cron cron_of(const char* text) {
    auto parsed = parse_cron(text);
    INFO(text);
    REQUIRE(std::holds_alternative<Cron>(parsed));
    return std::get<Cron>(parsed);
}

// The next time as RFC 3339 UTC text, or "error: MESSAGE".
std::string next(const char* cron, const char* after, const char* zone) {
    auto result = journeys::next_occurrence(cron_of(cron), at(after), zone);
    if (auto* error = std::get_if<core::expr::time::TimeError>(&result)) return "error: " + error->message;
    return core::expr::time::format_timestamp(std::get<core::expr::Timestamp>(result));
}

}  // namespace

TEST_CASE("cron fields parse lists, ranges, steps and names", "[cron]") {
    const Cron c = cron_of("*/15 8-18/5 1,15 JAN-mar mon-fri");
    CHECK(c.minutes.count() == 4);
    CHECK(c.minutes.test(45));
    CHECK(c.hours.count() == 3);  // 8, 13, 18
    CHECK(c.hours.test(13));
    CHECK(c.days.count() == 2);
    CHECK(c.months.count() == 3);
    CHECK(c.weekdays.count() == 5);
    CHECK_FALSE(c.days_star);
    CHECK_FALSE(c.weekdays_star);
    CHECK(cron_of("0 0 * * 7").weekdays.test(0));
    CHECK(cron_of("0 0 * * MON-SUN").weekdays.count() == 7);
    CHECK(cron_of("0 0 * * SUN-SUN").weekdays.count() == 1);
    CHECK(cron_of("5/20 * * * *").minutes.count() == 3);  // 5, 25, 45
    CHECK(cron_of("0 0 */2 * *").days_star);
    CHECK(cron_of("  0\t9  *  * MON ").hours.test(9));
}

TEST_CASE("cron macros are their five-field forms", "[cron]") {
    CHECK(cron_of("@hourly").hours.count() == 24);
    CHECK(cron_of("@daily").hours.count() == 1);
    CHECK(cron_of("@midnight").minutes.count() == 1);
    CHECK(cron_of("@weekly").weekdays.count() == 1);
    CHECK(cron_of("@monthly").days.count() == 1);
    CHECK(cron_of("@yearly").months.count() == 1);
    CHECK(cron_of("@annually").months.test(1));
}

TEST_CASE("cron errors name the first bad item and its place", "[cron]") {
    struct Row {
        const char* cron;
        const char* message;
        uint32_t offset;
        uint32_t length;
    };
    const Row rows[] = {
        {"60 9 * * MON", "minute 60 is out of range (0-59)", 0, 2},
        {"0 24 * * *", "hour 24 is out of range (0-23)", 2, 2},
        {"0 9 0 * *", "day of month 0 is out of range (1-31)", 4, 1},
        {"0 9 * 13 *", "month 13 is out of range (1-12 or JAN-DEC)", 6, 2},
        {"0 9 * * FUN", "'FUN' is not a day of week (0-7 or SUN-SAT)", 8, 3},
        {"0 9 * * 5-1", "the day of week range '5-1' runs backwards", 8, 3},
        {"0 0 * * 1-0", "the day of week range '1-0' runs backwards", 8, 3},
        {"*/0 9 * * *", "the step '0' of the minute field must be a whole number of at least 1", 0, 3},
        {"0 9,,10 * * *", "an empty item in the hour field", 4, 1},
        {"0 9 * MON *", "'MON' is not a month (1-12 or JAN-DEC)", 6, 3},
        {"0 9 * *", "a cron schedule has five fields: minute hour day-of-month month day-of-week", 0, 7},
        {"0 9 * * * *", "a cron schedule has five fields: minute hour day-of-month month day-of-week", 0, 11},
        {"@reboot", "'@reboot' is not a cron macro (@hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually)",
         0, 7},
    };
    for (const Row& row : rows) {
        INFO(row.cron);
        auto parsed = parse_cron(row.cron);
        REQUIRE(std::holds_alternative<CronError>(parsed));
        const CronError& e = std::get<CronError>(parsed);
        CHECK(e.message == row.message);
        CHECK(e.offset == row.offset);
        CHECK(e.length == row.length);
    }
}

TEST_CASE("next occurrence is strictly after, on the zone's wall clock", "[cron]") {
    // Saturday 2026-11-28; Paris is UTC+1 in winter.
    CHECK(next("0 9 * * MON", "2026-11-28T23:09:00Z", "Europe/Paris") == "2026-11-30T08:00:00Z");
    CHECK(next("0 9 * * MON", "2026-11-30T08:00:00Z", "Europe/Paris") == "2026-12-07T08:00:00Z");
    CHECK(next("0 9 * * MON", "2026-11-30T07:59:59.500Z", "Europe/Paris") == "2026-11-30T08:00:00Z");
    CHECK(next("* * * * *", "2026-11-30T07:59:59.500Z", "UTC") == "2026-11-30T08:00:00Z");
    CHECK(next("* * * * *", "2026-11-30T08:00:00Z", "") == "2026-11-30T08:01:00Z");
    CHECK(next("0 9 * * *", "2026-11-28T00:00:00Z", "+05:30") == "2026-11-28T03:30:00Z");
    CHECK(next("0 0 * * 7", "2026-11-28T23:09:00Z", "UTC") == "2026-11-29T00:00:00Z");
    CHECK(next("@hourly", "2026-11-28T23:09:00Z", "UTC") == "2026-11-29T00:00:00Z");
    CHECK(next("@yearly", "2026-12-31T23:00:00Z", "UTC") == "2027-01-01T00:00:00Z");
    CHECK(next("@yearly", "2026-06-01T00:00:00Z", "Europe/Paris") == "2026-12-31T23:00:00Z");
    CHECK(next("@monthly", "2026-11-28T23:09:00Z", "America/New_York") == "2026-12-01T05:00:00Z");
}

TEST_CASE("day of month and day of week: either when both are restricted", "[cron]") {
    // 2026-11-01 is a Sunday: the first Friday is the 6th, before the 13th.
    CHECK(next("0 0 13 * FRI", "2026-11-01T00:00:00Z", "UTC") == "2026-11-06T00:00:00Z");
    CHECK(next("0 0 13 * FRI", "2026-11-06T00:00:00Z", "UTC") == "2026-11-13T00:00:00Z");
    CHECK(next("0 0 2 * FRI", "2026-11-01T00:00:00Z", "UTC") == "2026-11-02T00:00:00Z");
    // A field starting with '*' makes it "both": odd days that are Mondays.
    CHECK(next("0 0 */2 * MON", "2026-11-01T00:00:00Z", "UTC") == "2026-11-09T00:00:00Z");
}

TEST_CASE("month ends and leap years", "[cron]") {
    CHECK(next("0 0 31 * *", "2026-04-01T00:00:00Z", "UTC") == "2026-05-31T00:00:00Z");
    CHECK(next("0 0 30 * *", "2026-02-01T00:00:00Z", "UTC") == "2026-03-30T00:00:00Z");
    CHECK(next("0 0 29 2 *", "2026-01-01T00:00:00Z", "UTC") == "2028-02-29T00:00:00Z");
    CHECK(next("0 12 29 FEB *", "2026-01-01T00:00:00Z", "Europe/Paris") == "2028-02-29T11:00:00Z");
    // 2100 is not a leap year: eight years to wait.
    CHECK(next("0 0 29 2 *", "2096-03-01T00:00:00Z", "UTC") == "2104-02-29T00:00:00Z");
    CHECK(next("0 0 31 2 *", "2026-01-01T00:00:00Z", "UTC").starts_with("error: the schedule has no time"));
    CHECK(next("59 23 31 12 *", "9999-12-31T23:59:00Z", "UTC").starts_with("error: the schedule has no time"));
    CHECK(next("0 9 * * *", "2026-01-01T00:00:00Z", "Mars/Olympus") == "error: unknown time zone \"Mars/Olympus\"");
}

TEST_CASE("a time in a DST gap runs when the gap ends, once", "[cron]") {
    // Paris springs forward on 2026-03-29 at 02:00 CET (01:00Z) to 03:00 CEST.
    CHECK(next("30 2 * * *", "2026-03-28T12:00:00Z", "Europe/Paris") == "2026-03-29T01:00:00Z");
    CHECK(next("30 2 * * *", "2026-03-29T01:00:00Z", "Europe/Paris") == "2026-03-30T00:30:00Z");
    CHECK(next("*/15 2 * * *", "2026-03-29T00:00:00Z", "Europe/Paris") == "2026-03-29T01:00:00Z");
    CHECK(next("*/15 2 * * *", "2026-03-29T01:00:00Z", "Europe/Paris") == "2026-03-30T00:00:00Z");
    // New York springs forward on 2026-03-08 at 02:00 EST (07:00Z).
    CHECK(next("0 2 * * *", "2026-03-07T12:00:00Z", "America/New_York") == "2026-03-08T07:00:00Z");
    CHECK(next("0 3 * * *", "2026-03-07T12:00:00Z", "America/New_York") == "2026-03-08T07:00:00Z");
    // After 2037 the rules still apply (2040-03-25 is the last Sunday of March).
    CHECK(next("30 2 25 3 *", "2040-01-01T00:00:00Z", "Europe/Paris") == "2040-03-25T01:00:00Z");
}

TEST_CASE("a time in a DST overlap runs once, at its first occurrence", "[cron]") {
    // Paris falls back on 2026-10-25 at 03:00 CEST (01:00Z) to 02:00 CET.
    CHECK(next("30 2 * * *", "2026-10-24T12:00:00Z", "Europe/Paris") == "2026-10-25T00:30:00Z");
    CHECK(next("30 2 * * *", "2026-10-25T00:30:00Z", "Europe/Paris") == "2026-10-26T01:30:00Z");
    CHECK(next("0,30 * * * *", "2026-10-25T00:00:00Z", "Europe/Paris") == "2026-10-25T00:30:00Z");
    CHECK(next("0,30 * * * *", "2026-10-25T00:30:00Z", "Europe/Paris") == "2026-10-25T02:00:00Z");
    // New York falls back on 2026-11-01 at 02:00 EDT (06:00Z) to 01:00 EST.
    CHECK(next("30 1 * * *", "2026-10-31T12:00:00Z", "America/New_York") == "2026-11-01T05:30:00Z");
    CHECK(next("30 1 * * *", "2026-11-01T05:30:00Z", "America/New_York") == "2026-11-02T06:30:00Z");
    CHECK(next("30 1 * * *", "2026-11-01T06:00:00Z", "America/New_York") == "2026-11-02T06:30:00Z");
}
