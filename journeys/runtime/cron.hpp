// Cron schedules (entry.schedule, formats.md): five fields, minute hour
// day-of-month month day-of-week, as Vixie cron reads them. Each field is a
// list of items separated by commas; an item is `*`, a value or a range
// `a-b`, optionally followed by a step `/n` (n >= 1; `a/n` runs from a to
// the field's end). Months may be written JAN..DEC and weekdays SUN..SAT
// (any case); weekday 7 is Sunday, as 0, and so is SUN at the end of a
// range (MON-SUN). The macros are @hourly, @daily (@midnight), @weekly,
// @monthly and @yearly (@annually). As in Vixie cron, when both day fields
// are restricted (neither starts with `*`) a day matches either of them.
//
// One parser serves validation (which reports the first bad item with its
// place in the text) and the simulator (which asks for the next time).
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "journeys/runtime/wait_clock.hpp"

namespace journeyctl::journeys {

struct Cron {
    std::bitset<60> minutes;
    std::bitset<24> hours;
    std::bitset<32> days;      // 1..31
    std::bitset<13> months;    // 1..12
    std::bitset<7> weekdays;   // 0 = Sunday (7 is stored as 0)
    bool days_star = false;      // the day-of-month field starts with '*'
    bool weekdays_star = false;  // the day-of-week field starts with '*'

    // Whether the schedule runs on that date (weekday 0 = Sunday).
    bool matches_day(unsigned month, unsigned day, unsigned weekday) const;
};

struct CronError {
    uint32_t offset = 0;  // of the bad item in the text
    uint32_t length = 1;
    std::string message;  // "minute 60 is out of range (0-59)"
};

std::variant<Cron, CronError> parse_cron(std::string_view text);

// The first time strictly after `after` at which the schedule runs on the
// wall clock of `zone` (see wait_clock.hpp for zones and the DST rule: a
// time in a gap runs when the gap ends, a time in an overlap runs once, at
// its first occurrence; several times in one gap run once). An unknown
// zone is an error, and so is a schedule with no time in the next twelve
// years (`0 9 31 2 *`) or none before year 10000.
TimeResult<Timestamp> next_occurrence(const Cron& cron, Timestamp after, std::string_view zone);

}  // namespace journeyctl::journeys
