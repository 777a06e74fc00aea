// Timestamps, durations and time zones for the expression language, with
// CEL's rules (google/cel-spec doc/langdef.md, "Timestamps and Durations"):
// RFC 3339 text, nanosecond precision, the year range 0001..9999, overflow
// as an error, and accessors in UTC, an IANA zone or a fixed "+HH:MM" offset
// (through howardhinnant date/tz and the system's zoneinfo, so DST gaps and
// overlaps follow the real rules).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/expr/value.hpp"

namespace journeyctl::core::expr::time {

// Why a time operation failed; the text is what the user sees.
struct TimeError {
    std::string message;
};

template <typename T>
using TimeResult = std::variant<T, TimeError>;

// RFC 3339: "2026-11-01T00:00:00Z", "2026-11-01T01:00:00.5+01:00"; 'T'/'t'
// and 'Z'/'z' in either case. Outside 0001..9999 is an error.
TimeResult<Timestamp> parse_timestamp(std::string_view text);
// CEL's string form: UTC, 'Z', fraction only when non-zero with 3, 6 or 9
// digits ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00.500Z").
std::string format_timestamp(Timestamp t);

// CEL durations ("3600s", "1.5h", "-2h30m", "1ms", "2us", "10ns") and our
// extension with days and weeks ("90d", "2w", "1d12h").
TimeResult<Duration> parse_duration(std::string_view text);
// CEL's string form: seconds with the fraction trimmed as protobuf JSON
// does: "3600s", "1.500s", "-0.000000001s".
std::string format_duration(Duration d);

// Arithmetic; each fails with "timestamp overflow" / "duration overflow"
// outside CEL's ranges.
TimeResult<Timestamp> add(Timestamp t, Duration d);
TimeResult<Timestamp> subtract(Timestamp t, Duration d);
TimeResult<Duration> difference(Timestamp a, Timestamp b);  // a - b
TimeResult<Duration> add(Duration a, Duration b);
TimeResult<Duration> subtract(Duration a, Duration b);
TimeResult<Duration> negate(Duration d);

// Whole seconds since the epoch for int(timestamp); timestamp(int).
TimeResult<Timestamp> from_unix_seconds(int64_t seconds);

// The accessors of CEL: getFullYear, getMonth (0-11), getDayOfMonth (0-30),
// getDate (1-31), getDayOfWeek (0 = Sunday), getDayOfYear (0-365), getHours,
// getMinutes, getSeconds, getMilliseconds. `zone` is empty for UTC, an IANA
// name ("Europe/Paris") or a fixed offset ("+05:30", "-08:00"); an unknown
// zone is an error naming it.
enum class Field : uint8_t {
    FullYear, Month, DayOfMonth, Date, DayOfWeek, DayOfYear, Hours, Minutes, Seconds, Milliseconds
};
TimeResult<int64_t> get_field(Timestamp t, Field field, std::string_view zone);
// The zone's offset from UTC at `t` in seconds east (what get_field adds
// to the instant before reading the wall clock); an unknown zone is an
// error naming it. One lookup, for callers that need the whole wall clock.
TimeResult<int64_t> utc_offset(Timestamp t, std::string_view zone);

// Duration accessors: getHours, getMinutes, getSeconds (whole units of the
// whole duration), getMilliseconds (the millisecond part).
TimeResult<int64_t> get_duration_field(Duration d, Field field);

// The offset in seconds east of a zone that has one offset at all times:
// 0 for "" and "UTC", the offset of "+05:30" or "-08:00"; nullopt for an
// IANA name (or no zone at all).
std::optional<int64_t> fixed_zone_offset(std::string_view zone);

// Whether `zone` names an IANA zone the system knows, or a fixed offset.
bool is_valid_zone(std::string_view zone);

}  // namespace journeyctl::core::expr::time
