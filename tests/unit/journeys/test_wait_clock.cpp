#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "core/expr/time.hpp"
#include "journeys/runtime/wait_clock.hpp"

using namespace journeyctl;
using core::expr::Timestamp;
using core::expr::time::TimeError;

namespace {

Timestamp at(const char* text) {
    auto parsed = core::expr::time::parse_timestamp(text);
    REQUIRE(std::holds_alternative<Timestamp>(parsed));
    return std::get<Timestamp>(parsed);
}

std::string text_of(const core::expr::time::TimeResult<Timestamp>& result) {
    if (auto* error = std::get_if<TimeError>(&result)) return "error: " + error->message;
    return core::expr::time::format_timestamp(std::get<Timestamp>(result));
}

std::string until(const char* arrival, int hh, int mm, const char* zone) {
    return text_of(journeys::wait_until_time_of_day(at(arrival), hh * 60 + mm, zone));
}

}  // namespace

TEST_CASE("wait until a time of day: at or after arrival", "[wait_clock]") {
    CHECK(until("2026-11-28T07:00:00Z", 9, 0, "Europe/Paris") == "2026-11-28T08:00:00Z");
    CHECK(until("2026-11-28T08:00:00Z", 9, 0, "Europe/Paris") == "2026-11-28T08:00:00Z");
    CHECK(until("2026-11-28T08:00:00.500Z", 9, 0, "Europe/Paris") == "2026-11-29T08:00:00Z");
    CHECK(until("2026-11-28T23:30:00Z", 0, 15, "Europe/Paris") == "2026-11-29T23:15:00Z");
    CHECK(until("2026-11-28T23:30:00Z", 0, 45, "Europe/Paris") == "2026-11-28T23:45:00Z");
    CHECK(until("2026-11-01T12:00:00Z", 9, 0, "America/New_York") == "2026-11-01T14:00:00Z");
    CHECK(until("2026-11-28T12:00:00Z", 9, 0, "") == "2026-11-29T09:00:00Z");
    CHECK(until("2026-11-28T12:00:00Z", 9, 0, "-08:00") == "2026-11-28T17:00:00Z");
    CHECK(until("2026-11-28T12:00:00Z", 23, 59, "UTC") == "2026-11-28T23:59:00Z");
    CHECK(until("2026-11-28T12:00:00Z", 9, 0, "Nowhere/City") == "error: unknown time zone \"Nowhere/City\"");
}

TEST_CASE("wait until a time of day across DST changes", "[wait_clock]") {
    // Gap: 02:30 does not exist in Paris on 2026-03-29; the wait ends at 03:00 CEST.
    CHECK(until("2026-03-28T22:00:00Z", 2, 30, "Europe/Paris") == "2026-03-29T01:00:00Z");
    CHECK(until("2026-03-29T01:00:00Z", 2, 30, "Europe/Paris") == "2026-03-29T01:00:00Z");
    CHECK(until("2026-03-28T22:00:00Z", 9, 0, "Europe/Paris") == "2026-03-29T07:00:00Z");
    // Overlap: 02:30 happens twice on 2026-10-25; only the first counts.
    CHECK(until("2026-10-24T22:00:00Z", 2, 30, "Europe/Paris") == "2026-10-25T00:30:00Z");
    CHECK(until("2026-10-25T01:10:00Z", 2, 30, "Europe/Paris") == "2026-10-26T01:30:00Z");
    CHECK(until("2026-10-24T22:00:00Z", 9, 0, "Europe/Paris") == "2026-10-25T08:00:00Z");
    // New York: 02:00 is skipped on 2026-03-08.
    CHECK(until("2026-03-08T01:00:00Z", 2, 0, "America/New_York") == "2026-03-08T07:00:00Z");
    // Santiago springs forward at midnight (00:00 -04 to 01:00 -03 on 2026-09-06).
    CHECK(until("2026-09-05T16:00:00Z", 0, 30, "America/Santiago") == "2026-09-06T04:00:00Z");
}

TEST_CASE("local seconds and their first instant", "[wait_clock]") {
    auto local = journeys::local_seconds(at("2026-11-28T23:09:00Z"), "Europe/Paris");
    REQUIRE(std::holds_alternative<int64_t>(local));
    CHECK(std::get<int64_t>(local) == at("2026-11-29T00:09:00Z").seconds);
    CHECK(text_of(journeys::first_instant_at_local(std::get<int64_t>(local), "Europe/Paris")) ==
          "2026-11-28T23:09:00Z");
    CHECK(text_of(journeys::first_instant_at_local(at("1969-12-31T23:00:00Z").seconds, "Asia/Tokyo")) ==
          "1969-12-31T14:00:00Z");
}

TEST_CASE("wait for a duration", "[wait_clock]") {
    CHECK(text_of(journeys::wait_duration(at("2026-11-28T12:00:00Z"), {3 * 86400, 0})) == "2026-12-01T12:00:00Z");
    CHECK(text_of(journeys::wait_duration(at("9999-12-31T00:00:00Z"), {2 * 86400, 0})) == "error: timestamp overflow");
}
