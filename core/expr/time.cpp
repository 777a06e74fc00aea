// Formatting, arithmetic and duration accessors of CEL timestamps and
// durations. Parsing lives in time_parse.cpp, time zones and the timestamp
// accessors in time_zone.cpp.
#include "core/expr/time.hpp"

#include <date/date.h>

#include <chrono>
#include <cstdio>

#include "core/expr/time_internal.hpp"

namespace journeyctl::core::expr::time {

using detail::Nanos;

namespace detail {

std::string quote_for_message(std::string_view text) {
    // Enough to recognise the input; a 10 kB cell would drown the message.
    constexpr size_t k_max_shown = 80;
    const bool shortened = text.size() > k_max_shown;
    if (shortened) text = text.substr(0, k_max_shown);
    std::string out = "\"";
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
            out += buffer;
        } else {
            out += c;
        }
    }
    out += shortened ? "...\"" : "\"";
    return out;
}

}  // namespace detail

namespace {

// The fraction of a second as protobuf's JSON mapping writes it: nothing
// when zero, else 3, 6 or 9 digits, whichever is exact.
void append_fraction(std::string& out, int64_t nanos) {
    if (nanos == 0) return;
    char buffer[32];
    if (nanos % 1'000'000 == 0) {
        std::snprintf(buffer, sizeof buffer, ".%03lld", static_cast<long long>(nanos / 1'000'000));
    } else if (nanos % 1'000 == 0) {
        std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(nanos / 1'000));
    } else {
        std::snprintf(buffer, sizeof buffer, ".%09lld", static_cast<long long>(nanos));
    }
    out += buffer;
}

TimeError timestamp_overflow() { return TimeError{"timestamp overflow"}; }
TimeError duration_overflow() { return TimeError{"duration overflow"}; }

TimeResult<Timestamp> checked_timestamp(Nanos n) {
    if (!detail::timestamp_in_range(n)) return timestamp_overflow();
    return detail::timestamp_from_nanos(n);
}

TimeResult<Duration> checked_duration(Nanos n) {
    if (!detail::duration_in_range(n)) return duration_overflow();
    return detail::duration_from_nanos(n);
}

const char* accessor_name(Field field) {
    switch (field) {
        case Field::FullYear: return "getFullYear";
        case Field::Month: return "getMonth";
        case Field::DayOfMonth: return "getDayOfMonth";
        case Field::Date: return "getDate";
        case Field::DayOfWeek: return "getDayOfWeek";
        case Field::DayOfYear: return "getDayOfYear";
        case Field::Hours: return "getHours";
        case Field::Minutes: return "getMinutes";
        case Field::Seconds: return "getSeconds";
        case Field::Milliseconds: return "getMilliseconds";
    }
    return "unknown accessor";
}

}  // namespace

std::string format_timestamp(Timestamp t) {
    // Normalise first: a caller may hand over nanos outside [0, 1e9).
    const Timestamp n = detail::timestamp_from_nanos(detail::to_nanos(t));
    int64_t days = n.seconds / 86'400;
    int64_t second_of_day = n.seconds % 86'400;
    if (second_of_day < 0) {
        second_of_day += 86'400;
        days -= 1;
    }
    const date::year_month_day ymd{date::sys_days{date::days{days}}};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long long>(second_of_day / 3600), static_cast<long long>(second_of_day / 60 % 60),
                  static_cast<long long>(second_of_day % 60));
    std::string out = buffer;
    append_fraction(out, n.nanos);
    out += 'Z';
    return out;
}

std::string format_duration(Duration d) {
    Nanos total = detail::to_nanos(d);
    std::string out;
    if (total < 0) {
        out += '-';
        total = -total;
    }
    // |total| / 1e9 may exceed int64 only for a malformed input; print the
    // 128-bit value digit by digit so even that stays exact.
    Nanos seconds = total / detail::k_nanos_per_second;
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(seconds % 10)));
        seconds /= 10;
    } while (seconds != 0);
    out += digits;
    append_fraction(out, static_cast<int64_t>(total % detail::k_nanos_per_second));
    out += 's';
    return out;
}

TimeResult<Timestamp> add(Timestamp t, Duration d) { return checked_timestamp(detail::to_nanos(t) + detail::to_nanos(d)); }

TimeResult<Timestamp> subtract(Timestamp t, Duration d) {
    return checked_timestamp(detail::to_nanos(t) - detail::to_nanos(d));
}

TimeResult<Duration> difference(Timestamp a, Timestamp b) {
    return checked_duration(detail::to_nanos(a) - detail::to_nanos(b));
}

TimeResult<Duration> add(Duration a, Duration b) { return checked_duration(detail::to_nanos(a) + detail::to_nanos(b)); }

TimeResult<Duration> subtract(Duration a, Duration b) {
    return checked_duration(detail::to_nanos(a) - detail::to_nanos(b));
}

TimeResult<Duration> negate(Duration d) { return checked_duration(-detail::to_nanos(d)); }

TimeResult<Timestamp> from_unix_seconds(int64_t seconds) {
    if (seconds < detail::k_min_timestamp_seconds || seconds > detail::k_max_timestamp_seconds) {
        return TimeError{"timestamp out of range: " + std::to_string(seconds) + " seconds since the epoch"};
    }
    return Timestamp{seconds, 0};
}

TimeResult<int64_t> get_duration_field(Duration d, Field field) {
    // CEL converts the whole duration (getMinutes of 3730s is 62) except for
    // getMilliseconds, which is the millisecond part of the fraction
    // (cel-spec conformance "duration_converters").
    const Nanos total = detail::to_nanos(d);
    const Nanos seconds = total / detail::k_nanos_per_second;
    switch (field) {
        case Field::Hours: return static_cast<int64_t>(seconds / 3600);
        case Field::Minutes: return static_cast<int64_t>(seconds / 60);
        case Field::Seconds: return static_cast<int64_t>(seconds);
        case Field::Milliseconds: return static_cast<int64_t>(total % detail::k_nanos_per_second / 1'000'000);
        default: break;
    }
    return TimeError{std::string(accessor_name(field)) + " does not apply to a duration"};
}

}  // namespace journeyctl::core::expr::time
