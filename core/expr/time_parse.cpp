// Parsing of timestamp and duration text.
//
// Timestamps are RFC 3339 as CEL's timestamp() takes them:
//   YYYY-MM-DD ('T'|'t') hh:mm:ss [.f{1,9}] ('Z'|'z'|('+'|'-')hh:mm)
// with real calendar checks (month lengths, leap years), second 00-59 (no
// leap second, as protobuf), and the result inside 0001..9999 UTC. A year
// written with more than four digits is read, so "10000-01-01T00:00:00Z"
// says "out of range" rather than "invalid" (as the CEL conformance tests
// expect).
//
// Durations follow Go's time.ParseDuration, which CEL uses: an optional
// sign, then one or more <number><unit> with the number possibly fractional
// ("1.5h", "1h30m", ".5s"), units ns us µs ms s m h, plus our d (24h) and w
// (7d); a bare "0" is zero. Each term is converted to whole nanoseconds
// exactly (no floating point), truncating below the nanosecond.
#include <date/date.h>

#include <chrono>
#include <string>

#include "core/expr/time.hpp"
#include "core/expr/time_internal.hpp"

namespace journeyctl::core::expr::time {

using detail::Nanos;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A cursor over the text with the small steps both grammars need.
class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}
    bool at_end() const { return m_pos >= m_text.size(); }
    char peek() const { return at_end() ? '\0' : m_text[m_pos]; }
    bool take(char c) {
        if (peek() != c) return false;
        ++m_pos;
        return true;
    }
    // Exactly `count` digits as a number, or -1.
    int fixed_digits(size_t count) {
        if (m_pos + count > m_text.size()) return -1;
        int value = 0;
        for (size_t i = 0; i < count; ++i) {
            const char c = m_text[m_pos + i];
            if (!is_digit(c)) return -1;
            value = value * 10 + (c - '0');
        }
        m_pos += count;
        return value;
    }
    std::string_view digits() {
        const size_t start = m_pos;
        while (!at_end() && is_digit(m_text[m_pos])) ++m_pos;
        return m_text.substr(start, m_pos - start);
    }
    // Everything up to the next digit or '.', for a duration unit.
    std::string_view unit() {
        const size_t start = m_pos;
        while (!at_end() && !is_digit(m_text[m_pos]) && m_text[m_pos] != '.') ++m_pos;
        return m_text.substr(start, m_pos - start);
    }

private:
    std::string_view m_text;
    size_t m_pos = 0;
};

TimeError invalid_timestamp(std::string_view text, const std::string& why) {
    return TimeError{"invalid timestamp " + detail::quote_for_message(text) + ": " + why};
}

std::string two_digits(int value) {
    std::string s = std::to_string(value);
    return s.size() < 2 ? "0" + s : s;
}

}  // namespace

TimeResult<Timestamp> parse_timestamp(std::string_view text) {
    const std::string expected = "expected RFC 3339 such as 2026-11-01T09:30:00Z or 2026-11-01T10:30:00.5+01:00";
    Scanner in(text);
    const std::string_view year_digits = in.digits();
    // Up to 9 digits fit an int; anything longer is no date at all.
    if (year_digits.size() < 4 || year_digits.size() > 9) return invalid_timestamp(text, expected);
    // Past four digits only a real year above 9999 is read ("02026" is not).
    if (year_digits.size() > 4 && year_digits.front() == '0') return invalid_timestamp(text, expected);
    int year = 0;
    for (char c : year_digits) year = year * 10 + (c - '0');
    if (!in.take('-')) return invalid_timestamp(text, expected);
    const int month = in.fixed_digits(2);
    if (month < 0 || !in.take('-')) return invalid_timestamp(text, expected);
    const int day = in.fixed_digits(2);
    if (day < 0 || !(in.take('T') || in.take('t'))) return invalid_timestamp(text, expected);
    const int hour = in.fixed_digits(2);
    if (hour < 0 || !in.take(':')) return invalid_timestamp(text, expected);
    const int minute = in.fixed_digits(2);
    if (minute < 0 || !in.take(':')) return invalid_timestamp(text, expected);
    const int second = in.fixed_digits(2);
    if (second < 0) return invalid_timestamp(text, expected);

    int32_t nanos = 0;
    if (in.take('.')) {
        const std::string_view fraction = in.digits();
        if (fraction.empty()) return invalid_timestamp(text, "a '.' must be followed by digits");
        if (fraction.size() > 9) return invalid_timestamp(text, "more than 9 fractional digits");
        for (size_t i = 0; i < 9; ++i) nanos = nanos * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    }

    int offset_seconds = 0;
    if (!(in.take('Z') || in.take('z'))) {
        const char sign = in.peek();
        if (sign != '+' && sign != '-') {
            return invalid_timestamp(text, "missing time zone offset (Z, +hh:mm or -hh:mm)");
        }
        in.take(sign);
        const int offset_hours = in.fixed_digits(2);
        if (offset_hours < 0 || !in.take(':')) return invalid_timestamp(text, expected);
        const int offset_minutes = in.fixed_digits(2);
        if (offset_minutes < 0) return invalid_timestamp(text, expected);
        if (offset_hours > 23 || offset_minutes > 59) {
            return invalid_timestamp(text, "offset " + std::string(1, sign) + two_digits(offset_hours) + ":" +
                                               two_digits(offset_minutes) + " is not a valid UTC offset");
        }
        offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (sign == '-' ? -1 : 1);
    }
    if (!in.at_end()) return invalid_timestamp(text, "unexpected text after the time");

    if (month < 1 || month > 12) return invalid_timestamp(text, "month " + two_digits(month) + " is not 01-12");
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (year <= 9999 && !ymd.ok()) {
        const auto last = date::year_month_day_last{date::year{year}, date::month_day_last{ymd.month()}}.day();
        return invalid_timestamp(text, "day " + two_digits(day) + " is not 01-" +
                                           two_digits(static_cast<int>(static_cast<unsigned>(last))) + " in " +
                                           std::to_string(year) + "-" + two_digits(month));
    }
    if (hour > 23) return invalid_timestamp(text, "hour " + two_digits(hour) + " is not 00-23");
    if (minute > 59) return invalid_timestamp(text, "minute " + two_digits(minute) + " is not 00-59");
    if (second > 59) {
        return invalid_timestamp(text, "second " + two_digits(second) + " is not 00-59 (leap seconds are not supported)");
    }
    if (year > 9999) return TimeError{"timestamp out of range: " + detail::quote_for_message(text)};

    const int64_t days = date::sys_days{ymd}.time_since_epoch().count();
    const int64_t seconds = days * 86'400 + hour * 3600 + minute * 60 + second - offset_seconds;
    const Nanos total = Nanos{seconds} * detail::k_nanos_per_second + nanos;
    if (!detail::timestamp_in_range(total)) {
        return TimeError{"timestamp out of range: " + detail::quote_for_message(text) +
                         " (valid: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z)"};
    }
    return detail::timestamp_from_nanos(total);
}

namespace {

TimeError invalid_duration(std::string_view text, const std::string& why) {
    return TimeError{"invalid duration " + detail::quote_for_message(text) + ": " + why};
}

// Nanoseconds in one unit, or 0 for an unknown unit.
int64_t unit_nanos(std::string_view unit) {
    if (unit == "ns") return 1;
    if (unit == "us" || unit == "\xC2\xB5s" /* µ U+00B5 */ || unit == "\xCE\xBCs" /* μ U+03BC */) return 1'000;
    if (unit == "ms") return 1'000'000;
    if (unit == "s") return detail::k_nanos_per_second;
    if (unit == "m") return 60 * detail::k_nanos_per_second;
    if (unit == "h") return 3'600 * detail::k_nanos_per_second;
    if (unit == "d") return 86'400 * detail::k_nanos_per_second;
    if (unit == "w") return 604'800 * detail::k_nanos_per_second;
    return 0;
}

}  // namespace

TimeResult<Duration> parse_duration(std::string_view text) {
    const std::string units = "units are ns, us, ms, s, m, h, d, w";
    std::string_view body = text;
    bool negative = false;
    if (!body.empty() && (body.front() == '-' || body.front() == '+')) {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
    if (body.empty()) return invalid_duration(text, "expected a number and a unit, such as 90d, 1h30m or 3600s");
    if (body == "0") return Duration{};  // Go's special case: zero needs no unit

    // Anything above this is out of range whatever follows; capping the
    // running sums keeps the 128-bit arithmetic far from overflow.
    constexpr Nanos k_cap = -detail::k_min_duration_nanos + 1;
    Scanner in(body);
    Nanos total = 0;
    bool too_large = false;
    while (!in.at_end()) {
        const std::string_view whole = in.digits();
        std::string_view fraction;
        const bool has_point = in.take('.');
        if (has_point) fraction = in.digits();
        if (whole.empty() && fraction.empty()) {
            return invalid_duration(text, "expected a number before each unit (" + units + ")");
        }
        const std::string_view unit = in.unit();
        if (unit.empty()) return invalid_duration(text, "missing unit after a number (" + units + ")");
        const int64_t per_unit = unit_nanos(unit);
        if (per_unit == 0) {
            return invalid_duration(text, "unknown unit " + detail::quote_for_message(unit) + " (" + units + ")");
        }

        Nanos value = 0;
        for (char c : whole) {
            value = value * 10 + (c - '0');
            if (value >= k_cap) {  // even in nanoseconds this term is too long
                too_large = true;
                break;
            }
        }
        Nanos term = too_large ? k_cap : value * per_unit;
        // Digits past the 20th change the term by far less than 1 ns.
        Nanos fraction_value = 0;
        Nanos scale = 1;
        for (size_t i = 0; i < fraction.size() && i < 20; ++i) {
            fraction_value = fraction_value * 10 + (fraction[i] - '0');
            scale *= 10;
        }
        term += fraction_value * per_unit / scale;
        total += term;
        if (total >= k_cap) {
            too_large = true;
            total = k_cap;
        }
    }
    if (too_large || !detail::duration_in_range(negative ? -total : total)) {
        return TimeError{"duration out of range: " + detail::quote_for_message(text) +
                         " (the limit is 9223372036.854775807s, about 292 years)"};
    }
    return detail::duration_from_nanos(negative ? -total : total);
}

}  // namespace journeyctl::core::expr::time
