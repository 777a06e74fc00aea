// Timestamps, durations and time zones (core/expr/time.hpp) against CEL's
// rules. Expected local times were computed with `TZ=<zone> date -d @<s>`
// over the system zoneinfo; Unix seconds with `date -u -d <text> +%s`.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "core/expr/time.hpp"

using journeyctl::core::expr::Duration;
using journeyctl::core::expr::Timestamp;
namespace t = journeyctl::core::expr::time;
using t::Field;

namespace Catch {
template <>
struct StringMaker<Timestamp> {
    static std::string convert(const Timestamp& v) {
        return "Timestamp{" + std::to_string(v.seconds) + ", " + std::to_string(v.nanos) + "}";
    }
};
template <>
struct StringMaker<Duration> {
    static std::string convert(const Duration& v) {
        return "Duration{" + std::to_string(v.seconds) + ", " + std::to_string(v.nanos) + "}";
    }
};
}  // namespace Catch

namespace {

template <typename T>
T value_of(const t::TimeResult<T>& result) {
    if (const auto* error = std::get_if<t::TimeError>(&result)) FAIL("unexpected error: " << error->message);
    return std::get<T>(result);
}

// The error message, or "" when the operation succeeded.
template <typename T>
std::string error_of(const t::TimeResult<T>& result) {
    if (const auto* error = std::get_if<t::TimeError>(&result)) return error->message;
    return "";
}

Timestamp ts(std::string_view text) { return value_of(t::parse_timestamp(text)); }
Duration dur(std::string_view text) { return value_of(t::parse_duration(text)); }

}  // namespace

TEST_CASE("parse_timestamp reads RFC 3339 with offsets", "[time]") {
    struct Case {
        const char* text;
        int64_t seconds;
    };
    const Case cases[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2009-02-13T23:31:30Z", 1234567890},
        {"2026-11-01T00:00:00Z", 1793491200},
        {"2026-11-01T01:00:00+01:00", 1793491200},
        {"2026-11-01T00:00:00-08:00", 1793520000},
        {"2026-11-01T05:30:00+05:30", 1793491200},
        {"2026-11-01T00:00:00+00:00", 1793491200},
        {"2026-11-01T00:00:00-00:00", 1793491200},
        {"2026-11-01T00:00:00+23:59", 1793404860},
        {"2026-11-01T00:00:00-23:59", 1793577540},
        {"2026-11-01T00:00:00+12:45", 1793445300},
        {"2024-02-29T00:00:00Z", 1709164800},
        {"2000-02-29T23:59:59Z", 951868799},
        {"1900-02-28T12:00:00Z", -2203934400},
        {"1600-02-29T00:00:00Z", -11670998400},
        {"1969-12-31T23:59:59Z", -1},
        {"0001-01-01T00:00:00Z", -62135596800},
        {"0001-01-01T01:00:00+01:00", -62135596800},
        {"9999-12-31T23:59:59Z", 253402300799},
        {"9999-12-31T22:59:59-01:00", 253402300799},
        {"2026-01-31T00:00:00Z", 1769817600},
        {"2026-04-30T00:00:00Z", 1777507200},
        {"2026-06-30T23:59:59Z", 1782863999},
        {"2026-12-31T23:59:59Z", 1798761599},
        {"1972-01-01T10:00:20-05:00", 63126020},
        // Either case of the separator and of Z.
        {"2026-11-01t00:00:00Z", 1793491200},
        {"2026-11-01T00:00:00z", 1793491200},
        {"2026-11-01t00:00:00z", 1793491200},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(ts(c.text) == Timestamp{c.seconds, 0});
    }
}

TEST_CASE("parse_timestamp reads fractions of 1 to 9 digits", "[time]") {
    struct Case {
        const char* text;
        int64_t seconds;
        int32_t nanos;
    };
    const Case cases[] = {
        {"1970-01-01T00:00:00.5Z", 0, 500000000},
        {"1970-01-01T00:00:00.05Z", 0, 50000000},
        {"1970-01-01T00:00:00.123Z", 0, 123000000},
        {"1970-01-01T00:00:00.1234Z", 0, 123400000},
        {"1970-01-01T00:00:00.12345Z", 0, 123450000},
        {"1970-01-01T00:00:00.123456Z", 0, 123456000},
        {"1970-01-01T00:00:00.1234567Z", 0, 123456700},
        {"1970-01-01T00:00:00.12345678Z", 0, 123456780},
        {"1970-01-01T00:00:00.123456789Z", 0, 123456789},
        {"1970-01-01T00:00:00.000000001Z", 0, 1},
        {"1970-01-01T00:00:00.000000000Z", 0, 0},
        {"1969-12-31T23:59:59.999999999Z", -1, 999999999},
        {"1970-01-01T01:00:00.25+01:00", 0, 250000000},
        {"9999-12-31T23:59:59.999999999Z", 253402300799, 999999999},
        {"0001-01-01T00:00:00.000000001Z", -62135596800, 1},
        {"2009-02-13T23:31:20.123456789Z", 1234567880, 123456789},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(ts(c.text) == Timestamp{c.seconds, c.nanos});
    }
}

TEST_CASE("parse_timestamp rejects malformed text with a readable message", "[time]") {
    const char* cases[] = {
        "",
        "2026",
        "2026-11-01",
        "2026-11-01T00:00",
        "2026-11-01T00:00:00",          // no offset
        "2026-11-01 00:00:00Z",         // space separator
        "2026-11-01X00:00:00Z",
        "26-11-01T00:00:00Z",           // two-digit year
        "02026-11-01T00:00:00Z",        // five digits that are not a year above 9999
        "2026-1-01T00:00:00Z",
        "2026-11-1T00:00:00Z",
        "2026-11-01T0:00:00Z",
        "2026-11-01T00:0:00Z",
        "2026-11-01T00:00:0Z",
        "2026/11/01T00:00:00Z",
        "2026-11-01T00.00.00Z",
        "2026-11-01T00:00:00.Z",        // empty fraction
        "2026-11-01T00:00:00.1234567890Z",  // 10 digits
        "2026-11-01T00:00:00,5Z",
        "2026-11-01T00:00:00+0100",
        "2026-11-01T00:00:00+01",
        "2026-11-01T00:00:00+1:00",
        "2026-11-01T00:00:00UTC",
        "2026-11-01T00:00:00Z ",
        " 2026-11-01T00:00:00Z",
        "2026-11-01T00:00:00ZZ",
        "2026-11-01T00:00:00+01:00Z",
        "+2026-11-01T00:00:00Z",
        "-2026-11-01T00:00:00Z",
        "2026-11-01T00:00:00\xC2\xB5",
        "abcd-ef-ghTij:kl:mnZ",
        "1234567890",
        // Calendar and clock ranges.
        "2026-00-01T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-99-01T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-01-32T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-06-31T00:00:00Z",
        "2026-09-31T00:00:00Z",
        "2026-11-31T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2026-11-01T24:00:00Z",
        "2026-11-01T25:00:00Z",
        "2026-11-01T00:60:00Z",
        "2026-11-01T00:00:60Z",  // leap second: protobuf rejects it
        "2016-12-31T23:59:60Z",
        "2026-11-01T00:00:61Z",
        "2026-11-01T00:00:00+24:00",
        "2026-11-01T00:00:00+01:60",
        "2026-11-01T00:00:00-99:00",
    };
    for (const char* text : cases) {
        INFO(text);
        const std::string message = error_of(t::parse_timestamp(text));
        CHECK(message.rfind("invalid timestamp \"", 0) == 0);
    }
}

TEST_CASE("parse_timestamp errors name the text and the reason", "[time]") {
    CHECK(error_of(t::parse_timestamp("2026-13-01T00:00:00Z")) ==
          "invalid timestamp \"2026-13-01T00:00:00Z\": month 13 is not 01-12");
    CHECK(error_of(t::parse_timestamp("2023-02-29T00:00:00Z")) ==
          "invalid timestamp \"2023-02-29T00:00:00Z\": day 29 is not 01-28 in 2023-02");
    CHECK(error_of(t::parse_timestamp("2024-02-30T00:00:00Z")) ==
          "invalid timestamp \"2024-02-30T00:00:00Z\": day 30 is not 01-29 in 2024-02");
    CHECK_THAT(error_of(t::parse_timestamp("2026-11-01T00:00:60Z")), Catch::Contains("leap seconds"));
    CHECK_THAT(error_of(t::parse_timestamp("2026-11-01T24:00:00Z")), Catch::Contains("hour 24"));
    CHECK_THAT(error_of(t::parse_timestamp("2026-11-01T00:00:00")), Catch::Contains("offset"));
    CHECK_THAT(error_of(t::parse_timestamp("2026-11-01T00:00:00+25:00")), Catch::Contains("+25:00"));
    CHECK_THAT(error_of(t::parse_timestamp("2026-11-01T00:00:00Zjunk")), Catch::Contains("after the time"));
    // Quotes and control bytes are escaped; huge input is shortened.
    CHECK_THAT(error_of(t::parse_timestamp("a\"b\n")), Catch::StartsWith("invalid timestamp \"a\\\"b\\x0a\""));
    const std::string huge(10'000, '9');
    const std::string message = error_of(t::parse_timestamp(huge));
    CHECK(message.size() < 300);
    CHECK_THAT(message, Catch::Contains("...\""));
}

TEST_CASE("parse_timestamp keeps to the years 0001..9999", "[time]") {
    const char* cases[] = {
        "0000-01-01T00:00:00Z",
        "0000-12-31T23:59:59.999999999Z",
        "0000-02-29T00:00:00Z",            // year 0 is a leap year, still out of range
        "0001-01-01T00:00:00+00:01",       // 0000-12-31T23:59Z
        "0001-01-01T00:59:59.999999999+01:00",
        "0001-01-01T00:58:59.999999999+00:59",
        "9999-12-31T23:59:59-00:01",       // 10000-01-01T00:00:59Z
        "9999-12-31T23:00:00-01:00",
        "10000-01-01T00:00:00Z",
        "99999-12-31T00:00:00Z",
    };
    for (const char* text : cases) {
        INFO(text);
        CHECK_THAT(error_of(t::parse_timestamp(text)), Catch::StartsWith("timestamp out of range"));
    }
    CHECK(ts("0001-01-01T00:59:00+00:59") == Timestamp{-62135596800, 0});
}

TEST_CASE("format_timestamp writes CEL's UTC string", "[time]") {
    struct Case {
        Timestamp value;
        const char* text;
    };
    const Case cases[] = {
        {{0, 0}, "1970-01-01T00:00:00Z"},
        {{1234567890, 0}, "2009-02-13T23:31:30Z"},
        {{1793491200, 0}, "2026-11-01T00:00:00Z"},
        {{1793491200, 500000000}, "2026-11-01T00:00:00.500Z"},
        {{1793491200, 120000000}, "2026-11-01T00:00:00.120Z"},
        {{1793491200, 1000000}, "2026-11-01T00:00:00.001Z"},
        {{1793491200, 123456000}, "2026-11-01T00:00:00.123456Z"},
        {{1793491200, 1000}, "2026-11-01T00:00:00.000001Z"},
        {{1793491200, 123456789}, "2026-11-01T00:00:00.123456789Z"},
        {{1793491200, 1}, "2026-11-01T00:00:00.000000001Z"},
        {{1793491200, 100}, "2026-11-01T00:00:00.000000100Z"},
        {{-1, 999999999}, "1969-12-31T23:59:59.999999999Z"},
        {{-1, 0}, "1969-12-31T23:59:59Z"},
        {{-62135596800, 0}, "0001-01-01T00:00:00Z"},
        {{253402300799, 999999999}, "9999-12-31T23:59:59.999999999Z"},
        {{1709164800, 0}, "2024-02-29T00:00:00Z"},
        {{951868799, 0}, "2000-02-29T23:59:59Z"},
        {{-2203934400, 0}, "1900-02-28T12:00:00Z"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(t::format_timestamp(c.value) == c.text);
    }
}

TEST_CASE("timestamps survive a parse/format round trip", "[time]") {
    const char* canonical[] = {
        "1970-01-01T00:00:00Z",          "2026-11-01T00:00:00Z",          "2026-11-01T00:00:00.500Z",
        "2026-11-01T00:00:00.123456Z",   "2026-11-01T00:00:00.123456789Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:34:56Z",          "1969-07-20T20:17:40Z",
        "2038-01-19T03:14:08Z",          "1901-12-13T20:45:52Z",          "2000-01-01T00:00:00.001Z",
    };
    for (const char* text : canonical) {
        INFO(text);
        CHECK(t::format_timestamp(ts(text)) == text);
    }
    // Other spellings of the same instant come back in the canonical form.
    const std::pair<const char*, const char*> respelled[] = {
        {"2026-11-01T01:00:00+01:00", "2026-11-01T00:00:00Z"},
        {"2026-10-31T16:00:00-08:00", "2026-11-01T00:00:00Z"},
        {"2026-11-01t00:00:00.5z", "2026-11-01T00:00:00.500Z"},
        {"2026-11-01T00:00:00.5000Z", "2026-11-01T00:00:00.500Z"},
        {"2026-11-01T00:00:00.1200000Z", "2026-11-01T00:00:00.120Z"},
        {"2026-11-01T00:00:00.000000000Z", "2026-11-01T00:00:00Z"},
        {"2026-11-01T00:00:00.0000010Z", "2026-11-01T00:00:00.000001Z"},
        {"2027-01-01T05:29:59+05:30", "2026-12-31T23:59:59Z"},
    };
    for (const auto& [in, out] : respelled) {
        INFO(in);
        CHECK(t::format_timestamp(ts(in)) == out);
    }
}

TEST_CASE("parse_duration reads every unit", "[time]") {
    struct Case {
        const char* text;
        int64_t seconds;
        int32_t nanos;
    };
    const Case cases[] = {
        {"0", 0, 0},
        {"-0", 0, 0},
        {"+0", 0, 0},
        {"0s", 0, 0},
        {"0h", 0, 0},
        {"1ns", 0, 1},
        {"999ns", 0, 999},
        {"1000000000ns", 1, 0},
        {"1us", 0, 1000},
        {"1\xC2\xB5s", 0, 1000},  // µ (micro sign)
        {"1\xCE\xBCs", 0, 1000},  // μ (Greek mu)
        {"2us", 0, 2000},
        {"1ms", 0, 1000000},
        {"1500ms", 1, 500000000},
        {"1s", 1, 0},
        {"3600s", 3600, 0},
        {"1000000s", 1000000, 0},
        {"1m", 60, 0},
        {"30m", 1800, 0},
        {"1h", 3600, 0},
        {"12h", 43200, 0},
        {"2160h", 7776000, 0},
        {"1d", 86400, 0},
        {"90d", 7776000, 0},
        {"1w", 604800, 0},
        {"2w", 1209600, 0},
        {"52w", 31449600, 0},
        {"10s", 10, 0},
        {"007s", 7, 0},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(dur(c.text) == Duration{c.seconds, c.nanos});
    }
}

TEST_CASE("parse_duration reads fractions, combinations and signs", "[time]") {
    struct Case {
        const char* text;
        int64_t seconds;
        int32_t nanos;
    };
    const Case cases[] = {
        {"1.5h", 5400, 0},
        {"1.5s", 1, 500000000},
        {"0.5s", 0, 500000000},
        {".5s", 0, 500000000},
        {"5.s", 5, 0},
        {"1.000000001s", 1, 1},
        {"1.0000000019s", 1, 1},  // below a nanosecond is truncated
        {"0.1ns", 0, 0},
        {"1.5ns", 0, 1},
        {"0.001ms", 0, 1000},
        {"2.5us", 0, 2500},
        {"0.5d", 43200, 0},
        {"1.5w", 907200, 0},
        {"0.25m", 15, 0},
        {"0.333333333333h", 1199, 999999998},
        {"1h30m", 5400, 0},
        {"1d12h", 129600, 0},
        {"2w3d", 1468800, 0},
        {"1h1m1s1ms1us1ns", 3661, 1001001},
        {"1s1s", 2, 0},       // Go allows repeated units
        {"30m1h", 5400, 0},   // and any order
        {"-2h30m", -9000, 0},
        {"-1.5s", -1, -500000000},
        {"-1ns", 0, -1},
        {"+1h", 3600, 0},
        {"-90d", -7776000, 0},
        {"9223372036s", 9223372036, 0},
        {"-9223372036s", -9223372036, 0},
        {"9223372036.854775807s", 9223372036, 854775807},
        {"-9223372036.854775808s", -9223372036, -854775808},
        {"2562047h", 9223369200, 0},
        {"106751d", 9223286400, 0},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(dur(c.text) == Duration{c.seconds, c.nanos});
    }
}

TEST_CASE("parse_duration rejects malformed text", "[time]") {
    const char* cases[] = {
        "",      "-",      "+",     "s",      "1",      "10",     "-1",     "00",      "1.5",   ".",
        ".s",    "1..5s",  "1.5.s", "1x",     "1sec",   "1 s",    " 1s",    "1s ",     "1H",    "1S",
        "1D",    "1W",     "1y",    "1mo",    "1hr",    "h1",     "1h-30m", "1h+30m",  "--1s",  "+-1s",
        "1e3s",  "0x10s",  "1,5s",  "1_000s", "inf",    "NaN",    "1ns1",   "1h 30m",  "1µ",     "\xC2\xB5s",
    };
    for (const char* text : cases) {
        INFO(text);
        CHECK_THAT(error_of(t::parse_duration(text)), Catch::StartsWith("invalid duration \""));
    }
    CHECK_THAT(error_of(t::parse_duration("1y")), Catch::Contains("unknown unit \"y\""));
    CHECK_THAT(error_of(t::parse_duration("10")), Catch::Contains("missing unit"));
    CHECK(error_of(t::parse_duration("5x")) ==
          "invalid duration \"5x\": unknown unit \"x\" (units are ns, us, ms, s, m, h, d, w)");
}

TEST_CASE("parse_duration keeps to CEL's range", "[time]") {
    const char* cases[] = {
        "9223372037s",
        "-9223372037s",
        "9223372036.854775807s1ns",
        "-9223372036.854775808s1ns",
        "9223372036.854775808s",
        "320000000000s",   // cel-spec conformance duration_range
        "-320000000000s",
        "200000000000s",
        "2562048h",
        "106752d",
        "15251w",
        "99999999999999999999999999999999999999999999s",
        "9223372036854775807s",
        "9223372036854775808ns1000000000000000000000s",
        "200000000000s200000000000s",
    };
    for (const char* text : cases) {
        INFO(text);
        CHECK_THAT(error_of(t::parse_duration(text)), Catch::StartsWith("duration out of range"));
    }
    // Just inside: the largest int64 of nanoseconds is about 292 years.
    CHECK(dur("9223372036854775807ns") == Duration{9223372036, 854775807});
    CHECK(dur("-9223372036854775808ns") == Duration{-9223372036, -854775808});
}

TEST_CASE("format_duration writes protobuf's JSON form", "[time]") {
    struct Case {
        Duration value;
        const char* text;
    };
    const Case cases[] = {
        {{0, 0}, "0s"},
        {{3600, 0}, "3600s"},
        {{1000000, 0}, "1000000s"},
        {{1, 500000000}, "1.500s"},
        {{0, 1}, "0.000000001s"},
        {{0, 1000}, "0.000001s"},
        {{0, 1000000}, "0.001s"},
        {{0, 120000000}, "0.120s"},
        {{0, 123456000}, "0.123456s"},
        {{0, 123456789}, "0.123456789s"},
        {{-1, -500000000}, "-1.500s"},
        {{0, -1}, "-0.000000001s"},
        {{-3600, 0}, "-3600s"},
        {{9223372036, 854775807}, "9223372036.854775807s"},
        {{-9223372036, -854775808}, "-9223372036.854775808s"},
        {{7776000, 0}, "7776000s"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        CHECK(t::format_duration(c.value) == c.text);
    }
    // Text in, canonical text out.
    const std::pair<const char*, const char*> round_trips[] = {
        {"1.5s", "1.500s"}, {"90d", "7776000s"}, {"1h30m", "5400s"}, {"-2h30m", "-9000s"},
        {"1ms", "0.001s"},  {"2us", "0.000002s"}, {"10ns", "0.000000010s"}, {"-1.5s", "-1.500s"},
        {"0", "0s"},        {"3600s", "3600s"},   {"1.25s", "1.250s"},       {"1d12h", "129600s"},
    };
    for (const auto& [in, out] : round_trips) {
        INFO(in);
        CHECK(t::format_duration(dur(in)) == out);
        CHECK(dur(t::format_duration(dur(in))) == dur(in));
    }
}

TEST_CASE("timestamp and duration arithmetic", "[time]") {
    // cel-spec conformance "timestamp_arithmetic".
    CHECK(value_of(t::add(ts("2009-02-13T23:00:00Z"), dur("240s"))) == ts("2009-02-13T23:04:00Z"));
    CHECK(value_of(t::add(ts("0001-01-01T00:00:01.000000001Z"), dur("-999999999ns"))) ==
          ts("0001-01-01T00:00:00.000000002Z"));
    CHECK(value_of(t::add(ts("0001-01-01T00:00:01.999999999Z"), dur("999999999ns"))) ==
          ts("0001-01-01T00:00:02.999999998Z"));
    CHECK(value_of(t::subtract(ts("2009-02-13T23:10:00Z"), dur("600s"))) == ts("2009-02-13T23:00:00Z"));
    CHECK(value_of(t::difference(ts("2009-02-13T23:31:00Z"), ts("2009-02-13T23:29:00Z"))) == dur("120s"));
    CHECK(value_of(t::difference(ts("2009-02-13T23:29:00Z"), ts("2009-02-13T23:31:00Z"))) == dur("-120s"));
    CHECK(value_of(t::add(dur("600s"), dur("50s"))) == dur("650s"));
    CHECK(value_of(t::subtract(dur("900s"), dur("42s"))) == dur("858s"));

    // Nanos are normalised: a timestamp keeps them in [0, 1e9), a duration
    // gives them the sign of its seconds.
    CHECK(value_of(t::add(Timestamp{10, 900000000}, Duration{0, 200000000})) == Timestamp{11, 100000000});
    CHECK(value_of(t::add(Timestamp{10, 100000000}, Duration{0, -200000000})) == Timestamp{9, 900000000});
    CHECK(value_of(t::subtract(Timestamp{0, 0}, Duration{0, 1})) == Timestamp{-1, 999999999});
    CHECK(value_of(t::difference(Timestamp{10, 0}, Timestamp{9, 999999999})) == Duration{0, 1});
    CHECK(value_of(t::difference(Timestamp{9, 999999999}, Timestamp{10, 0})) == Duration{0, -1});
    CHECK(value_of(t::difference(Timestamp{10, 100000000}, Timestamp{8, 900000000})) == Duration{1, 200000000});
    CHECK(value_of(t::add(Duration{1, 500000000}, Duration{-2, 0})) == Duration{0, -500000000});
    CHECK(value_of(t::add(Duration{1, 600000000}, Duration{1, 600000000})) == Duration{3, 200000000});
    CHECK(value_of(t::subtract(Duration{0, 0}, Duration{1, 500000000})) == Duration{-1, -500000000});
    CHECK(value_of(t::negate(Duration{1, 500000000})) == Duration{-1, -500000000});
    CHECK(value_of(t::negate(Duration{0, 0})) == Duration{0, 0});
    CHECK(value_of(t::negate(dur("-9223372036.854775807s"))) == dur("9223372036.854775807s"));

    // Calendar-free: 90d is 90 × 24h whatever the DST changes.
    CHECK(value_of(t::add(ts("2026-01-01T00:00:00Z"), dur("90d"))) == ts("2026-04-01T00:00:00Z"));
    CHECK(value_of(t::add(ts("2024-02-28T12:00:00Z"), dur("1d"))) == ts("2024-02-29T12:00:00Z"));
    CHECK(value_of(t::add(ts("2023-02-28T12:00:00Z"), dur("1d"))) == ts("2023-03-01T12:00:00Z"));
    CHECK(value_of(t::subtract(ts("2026-03-01T00:00:00Z"), dur("2w"))) == ts("2026-02-15T00:00:00Z"));
    // A difference of about 292 years is the most a duration holds.
    CHECK(value_of(t::difference(ts("2262-04-11T23:47:16.854775807Z"), ts("1970-01-01T00:00:00Z"))) ==
          Duration{9223372036, 854775807});
    CHECK(value_of(t::difference(ts("1677-09-21T00:12:43.145224192Z"), ts("1970-01-01T00:00:00Z"))) ==
          Duration{-9223372036, -854775808});
}

TEST_CASE("arithmetic out of range is an error", "[time]") {
    // cel-spec conformance "timestamp_range" and "duration_range".
    CHECK(error_of(t::add(ts("0001-01-01T00:00:00Z"), dur("-1s"))) == "timestamp overflow");
    CHECK(error_of(t::add(ts("9999-12-31T23:59:59Z"), dur("1s"))) == "timestamp overflow");
    CHECK(error_of(t::add(ts("9999-12-31T23:59:59.999999999Z"), dur("1ns"))) == "timestamp overflow");
    CHECK(error_of(t::add(ts("0001-01-01T00:00:00Z"), dur("-1ns"))) == "timestamp overflow");
    CHECK(error_of(t::subtract(ts("0001-01-01T00:00:00Z"), dur("1ns"))) == "timestamp overflow");
    CHECK(error_of(t::subtract(ts("9999-12-31T23:59:59.999999999Z"), dur("-1ns"))) == "timestamp overflow");
    CHECK(error_of(t::add(ts("9800-01-01T00:00:00Z"), dur("9223372036s"))) == "timestamp overflow");
    // cel-spec conformance sub_time_duration_over/under: ten thousand years
    // are no duration.
    CHECK(error_of(t::difference(ts("9999-12-31T23:59:59Z"), ts("0001-01-01T00:00:00Z"))) == "duration overflow");
    CHECK(error_of(t::difference(ts("0001-01-01T00:00:00Z"), ts("9999-12-31T23:59:59Z"))) == "duration overflow");
    CHECK(error_of(t::difference(ts("2262-04-11T23:47:16.854775808Z"), ts("1970-01-01T00:00:00Z"))) ==
          "duration overflow");
    CHECK(error_of(t::add(dur("-5000000000s"), dur("-5000000000s"))) == "duration overflow");
    CHECK(error_of(t::add(dur("5000000000s"), dur("5000000000s"))) == "duration overflow");
    CHECK(error_of(t::subtract(dur("-5000000000s"), dur("5000000000s"))) == "duration overflow");
    CHECK(error_of(t::subtract(dur("5000000000s"), dur("-5000000000s"))) == "duration overflow");
    CHECK(error_of(t::add(dur("9223372036.854775807s"), dur("1ns"))) == "duration overflow");
    CHECK(error_of(t::negate(dur("-9223372036.854775808s"))) == "duration overflow");
    // Malformed inputs (far outside the range) still fail cleanly.
    CHECK(error_of(t::add(Timestamp{INT64_MAX, 999999999}, Duration{INT64_MAX, 999999999})) == "timestamp overflow");
    CHECK(error_of(t::negate(Duration{INT64_MIN, 0})) == "duration overflow");
    CHECK(error_of(t::difference(Timestamp{INT64_MAX, 0}, Timestamp{INT64_MIN, 0})) == "duration overflow");
    // The edges themselves are fine.
    CHECK(value_of(t::add(ts("9999-12-31T23:59:59Z"), dur("0.999999999s"))) == ts("9999-12-31T23:59:59.999999999Z"));
    CHECK(value_of(t::add(dur("9223372036s"), dur("0.854775807s"))) == dur("9223372036.854775807s"));
}

TEST_CASE("from_unix_seconds", "[time]") {
    CHECK(value_of(t::from_unix_seconds(0)) == Timestamp{0, 0});
    CHECK(value_of(t::from_unix_seconds(1234567890)) == ts("2009-02-13T23:31:30Z"));
    CHECK(value_of(t::from_unix_seconds(-1)) == ts("1969-12-31T23:59:59Z"));
    CHECK(value_of(t::from_unix_seconds(-62135596800)) == ts("0001-01-01T00:00:00Z"));
    CHECK(value_of(t::from_unix_seconds(253402300799)) == ts("9999-12-31T23:59:59Z"));
    CHECK_THAT(error_of(t::from_unix_seconds(-62135596801)), Catch::StartsWith("timestamp out of range"));
    CHECK_THAT(error_of(t::from_unix_seconds(253402300800)), Catch::StartsWith("timestamp out of range"));
    CHECK_THAT(error_of(t::from_unix_seconds(INT64_MAX)), Catch::StartsWith("timestamp out of range"));
    CHECK_THAT(error_of(t::from_unix_seconds(INT64_MIN)), Catch::StartsWith("timestamp out of range"));
}

TEST_CASE("timestamp accessors in UTC and IANA zones", "[time]") {
    struct Case {
        const char* text;
        const char* zone;
        int64_t year, month, day_of_month, date, day_of_week, day_of_year, hours, minutes, seconds;
    };
    // Each row checked with `TZ=<zone> date -d @<seconds>` (abbreviation in the comment).
    const Case cases[] = {
        // cel-spec conformance "timestamp_selectors" and "timestamp_selectors_tz".
        {"2009-02-13T23:31:30Z", "", 2009, 1, 12, 13, 5, 43, 23, 31, 30},
        {"2009-02-13T23:31:30Z", "UTC", 2009, 1, 12, 13, 5, 43, 23, 31, 30},
        {"2009-02-13T23:31:30Z", "Australia/Sydney", 2009, 1, 13, 14, 6, 44, 10, 31, 30},  // AEDT
        {"2009-02-13T23:31:30Z", "US/Central", 2009, 1, 12, 13, 5, 43, 17, 31, 30},        // CST
        {"2009-02-13T02:00:00Z", "America/St_Johns", 2009, 1, 11, 12, 4, 42, 22, 30, 0},   // NST
        {"2009-02-13T23:31:30Z", "Asia/Kathmandu", 2009, 1, 13, 14, 6, 44, 5, 16, 30},     // +0545
        // Europe/Paris: spring forward 2026-03-29 (02:00 -> 03:00), fall back 2026-10-25.
        {"2026-03-29T00:59:59Z", "Europe/Paris", 2026, 2, 28, 29, 0, 87, 1, 59, 59},  // CET
        {"2026-03-29T01:00:00Z", "Europe/Paris", 2026, 2, 28, 29, 0, 87, 3, 0, 0},    // CEST
        {"2026-10-25T00:30:00Z", "Europe/Paris", 2026, 9, 24, 25, 0, 297, 2, 30, 0},  // CEST
        {"2026-10-25T00:59:59Z", "Europe/Paris", 2026, 9, 24, 25, 0, 297, 2, 59, 59}, // CEST
        {"2026-10-25T01:00:00Z", "Europe/Paris", 2026, 9, 24, 25, 0, 297, 2, 0, 0},   // CET
        {"2026-10-25T01:30:00Z", "Europe/Paris", 2026, 9, 24, 25, 0, 297, 2, 30, 0},  // CET
        {"2026-07-14T10:00:00Z", "Europe/Paris", 2026, 6, 13, 14, 2, 194, 12, 0, 0},  // CEST
        {"2026-12-31T23:30:00Z", "Europe/Paris", 2027, 0, 0, 1, 5, 0, 0, 30, 0},      // CET
        // America/New_York: 2026-03-08 and 2026-11-01, and a year boundary.
        {"2026-03-08T06:59:59Z", "America/New_York", 2026, 2, 7, 8, 0, 66, 1, 59, 59},     // EST
        {"2026-03-08T07:00:00Z", "America/New_York", 2026, 2, 7, 8, 0, 66, 3, 0, 0},       // EDT
        {"2026-11-01T05:30:00Z", "America/New_York", 2026, 10, 0, 1, 0, 304, 1, 30, 0},    // EDT
        {"2026-11-01T06:30:00Z", "America/New_York", 2026, 10, 0, 1, 0, 304, 1, 30, 0},    // EST
        {"2026-01-01T04:59:59Z", "America/New_York", 2025, 11, 30, 31, 3, 364, 23, 59, 59}, // EST
        {"2026-01-01T05:00:00Z", "America/New_York", 2026, 0, 0, 1, 4, 0, 0, 0, 0},       // EST
        {"1950-07-01T12:00:00Z", "America/New_York", 1950, 6, 0, 1, 6, 181, 8, 0, 0},      // EDT
        // Australia/Lord_Howe: a 30-minute DST shift.
        {"2026-04-04T14:59:59Z", "Australia/Lord_Howe", 2026, 3, 4, 5, 0, 94, 1, 59, 59},  // +11
        {"2026-04-04T15:00:00Z", "Australia/Lord_Howe", 2026, 3, 4, 5, 0, 94, 1, 30, 0},   // +1030
        {"2026-10-03T15:29:59Z", "Australia/Lord_Howe", 2026, 9, 3, 4, 0, 276, 1, 59, 59}, // +1030
        {"2026-10-03T15:30:00Z", "Australia/Lord_Howe", 2026, 9, 3, 4, 0, 276, 2, 30, 0},  // +11
        {"2026-06-15T12:00:00Z", "Australia/Lord_Howe", 2026, 5, 14, 15, 1, 165, 22, 30, 0}, // +1030
        // Asia/Kolkata: +05:30 all year.
        {"2026-12-31T18:29:59Z", "Asia/Kolkata", 2026, 11, 30, 31, 4, 364, 23, 59, 59},
        {"2026-12-31T18:30:00Z", "Asia/Kolkata", 2027, 0, 0, 1, 5, 0, 0, 0, 0},
        {"2026-06-15T12:00:00Z", "Asia/Kolkata", 2026, 5, 14, 15, 1, 165, 17, 30, 0},
        // Pacific/Chatham: +12:45 / +13:45.
        {"2026-06-15T12:00:00Z", "Pacific/Chatham", 2026, 5, 15, 16, 2, 166, 0, 45, 0},  // +1245
        {"2026-09-26T13:59:59Z", "Pacific/Chatham", 2026, 8, 26, 27, 0, 269, 2, 44, 59}, // +1245
        {"2026-09-26T14:00:00Z", "Pacific/Chatham", 2026, 8, 26, 27, 0, 269, 3, 45, 0},  // +1345
        {"2026-12-31T10:15:00Z", "Pacific/Chatham", 2027, 0, 0, 1, 5, 0, 0, 0, 0},       // +1345
        // From 2038 on the zoneinfo lists no transitions; DST must go on
        // (GNU date reads the TZif footer rule), and local time may reach
        // the year 10000. Before the first transition: local mean time.
        {"2038-07-01T12:00:00Z", "Europe/Paris", 2038, 6, 0, 1, 4, 181, 14, 0, 0},  // CEST
        {"2040-03-25T00:59:59Z", "Europe/Paris", 2040, 2, 24, 25, 0, 84, 1, 59, 59},  // CET
        {"2040-03-25T01:00:00Z", "Europe/Paris", 2040, 2, 24, 25, 0, 84, 3, 0, 0},  // CEST
        {"2040-10-28T00:59:59Z", "Europe/Paris", 2040, 9, 27, 28, 0, 301, 2, 59, 59},  // CEST
        {"2040-10-28T01:00:00Z", "Europe/Paris", 2040, 9, 27, 28, 0, 301, 2, 0, 0},  // CET
        {"2040-07-01T12:00:00Z", "America/New_York", 2040, 6, 0, 1, 0, 182, 8, 0, 0},  // EDT
        {"2050-01-15T12:00:00Z", "Australia/Sydney", 2050, 0, 14, 15, 6, 14, 23, 0, 0},  // AEDT
        {"2050-07-15T12:00:00Z", "Australia/Sydney", 2050, 6, 14, 15, 5, 195, 22, 0, 0},  // AEST
        {"2045-12-31T23:00:00Z", "Australia/Lord_Howe", 2046, 0, 0, 1, 1, 0, 10, 0, 0},  // +11
        {"2100-03-01T12:00:00Z", "Europe/Paris", 2100, 2, 0, 1, 1, 59, 13, 0, 0},  // CET
        {"2100-07-01T12:00:00Z", "Europe/Paris", 2100, 6, 0, 1, 4, 181, 14, 0, 0},  // CEST
        {"9999-07-01T12:00:00Z", "Europe/Paris", 9999, 6, 0, 1, 4, 181, 14, 0, 0},  // CEST
        {"9999-12-31T23:59:59Z", "Pacific/Chatham", 10000, 0, 0, 1, 6, 0, 13, 44, 59},  // +1345
        {"0001-01-01T00:00:00Z", "Europe/Paris", 1, 0, 0, 1, 1, 0, 0, 9, 21},  // LMT
        // Calendar corners in UTC.
        {"2024-02-29T12:00:00Z", "", 2024, 1, 28, 29, 4, 59, 12, 0, 0},
        {"2024-12-31T23:59:59Z", "", 2024, 11, 30, 31, 2, 365, 23, 59, 59},
        {"2023-12-31T23:59:59Z", "", 2023, 11, 30, 31, 0, 364, 23, 59, 59},
        {"2000-02-29T00:00:00Z", "", 2000, 1, 28, 29, 2, 59, 0, 0, 0},
        {"1970-01-01T00:00:00Z", "", 1970, 0, 0, 1, 4, 0, 0, 0, 0},
        {"1969-12-31T23:59:59Z", "", 1969, 11, 30, 31, 3, 364, 23, 59, 59},
        {"0001-01-01T00:00:00Z", "", 1, 0, 0, 1, 1, 0, 0, 0, 0},
        {"9999-12-31T23:59:59Z", "", 9999, 11, 30, 31, 5, 364, 23, 59, 59},
    };
    for (const auto& c : cases) {
        INFO(c.text << " in \"" << c.zone << "\"");
        const Timestamp when = ts(c.text);
        CHECK(value_of(t::get_field(when, Field::FullYear, c.zone)) == c.year);
        CHECK(value_of(t::get_field(when, Field::Month, c.zone)) == c.month);
        CHECK(value_of(t::get_field(when, Field::DayOfMonth, c.zone)) == c.day_of_month);
        CHECK(value_of(t::get_field(when, Field::Date, c.zone)) == c.date);
        CHECK(value_of(t::get_field(when, Field::DayOfWeek, c.zone)) == c.day_of_week);
        CHECK(value_of(t::get_field(when, Field::DayOfYear, c.zone)) == c.day_of_year);
        CHECK(value_of(t::get_field(when, Field::Hours, c.zone)) == c.hours);
        CHECK(value_of(t::get_field(when, Field::Minutes, c.zone)) == c.minutes);
        CHECK(value_of(t::get_field(when, Field::Seconds, c.zone)) == c.seconds);
    }
}

TEST_CASE("timestamp accessors with fixed offsets", "[time]") {
    const Timestamp when = ts("2009-02-13T23:31:30Z");
    // cel-spec conformance: "+11:00", "-09:30", "02:00" (no sign), "-00:00".
    CHECK(value_of(t::get_field(when, Field::DayOfMonth, "+11:00")) == 13);
    CHECK(value_of(t::get_field(ts("2009-02-13T02:00:00Z"), Field::DayOfMonth, "-02:30")) == 11);
    CHECK(value_of(t::get_field(when, Field::FullYear, "-09:30")) == 2009);
    CHECK(value_of(t::get_field(when, Field::Hours, "02:00")) == 1);
    CHECK(value_of(t::get_field(when, Field::Seconds, "-00:00")) == 30);

    struct Case {
        const char* zone;
        int64_t date, hours, minutes;
    };
    const Case cases[] = {
        {"+00:00", 13, 23, 31}, {"+05:30", 14, 5, 1},  {"-08:00", 13, 15, 31}, {"+23:59", 14, 23, 30},
        {"-23:59", 12, 23, 32}, {"+00:29", 14, 0, 0},  {"-05:00", 13, 18, 31}, {"+12:45", 14, 12, 16},
    };
    for (const auto& c : cases) {
        INFO(c.zone);
        CHECK(value_of(t::get_field(when, Field::Date, c.zone)) == c.date);
        CHECK(value_of(t::get_field(when, Field::Hours, c.zone)) == c.hours);
        CHECK(value_of(t::get_field(when, Field::Minutes, c.zone)) == c.minutes);
    }
    // A fixed offset never changes with DST, unlike Europe/Paris.
    CHECK(value_of(t::get_field(ts("2026-07-14T10:00:00Z"), Field::Hours, "+01:00")) == 11);
    CHECK(value_of(t::get_field(ts("2026-07-14T10:00:00Z"), Field::Hours, "Europe/Paris")) == 12);
}

TEST_CASE("getMilliseconds of a timestamp", "[time]") {
    const Timestamp when = ts("2009-02-13T23:31:20.123456789Z");
    CHECK(value_of(t::get_field(when, Field::Milliseconds, "")) == 123);
    CHECK(value_of(t::get_field(when, Field::Milliseconds, "Asia/Kolkata")) == 123);
    CHECK(value_of(t::get_field(when, Field::Milliseconds, "-08:00")) == 123);
    CHECK(value_of(t::get_field(ts("1969-12-31T23:59:59.999Z"), Field::Milliseconds, "")) == 999);
    CHECK(value_of(t::get_field(ts("2026-01-01T00:00:00Z"), Field::Milliseconds, "")) == 0);
    CHECK(value_of(t::get_field(ts("2026-01-01T00:00:00.000999999Z"), Field::Milliseconds, "")) == 0);
    CHECK(error_of(t::get_field(when, Field::Milliseconds, "Mars/Base")) == "unknown time zone \"Mars/Base\"");
}

TEST_CASE("unknown time zones are errors naming the zone", "[time]") {
    const Timestamp when = ts("2026-11-01T00:00:00Z");
    const char* bad[] = {
        "Mars/Base", "Europe/Pariss", "europe/paris", "utc", "+24:00", "+05:60", "+5:30", "05:30:00",
        "+0530",     "UTC+1",         "GMT+25",       " UTC", "Europe/",  "/",      "../../etc/passwd", "Z",
    };
    for (const char* zone : bad) {
        INFO(zone);
        CHECK(error_of(t::get_field(when, Field::Hours, zone)) == "unknown time zone \"" + std::string(zone) + "\"");
        CHECK_FALSE(t::is_valid_zone(zone));
    }
    // Asking again (now from the cache) gives the same answer.
    CHECK(error_of(t::get_field(when, Field::Hours, "Mars/Base")) == "unknown time zone \"Mars/Base\"");
}

TEST_CASE("is_valid_zone", "[time]") {
    const char* good[] = {
        "",          "UTC",           "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
        "Pacific/Chatham", "US/Central", "CET",        "Etc/GMT+5",        "+05:30",              "-08:00",
        "02:00",     "-00:00",        "+23:59",
    };
    for (const char* zone : good) {
        INFO(zone);
        CHECK(t::is_valid_zone(zone));
        CHECK(std::holds_alternative<int64_t>(t::get_field(Timestamp{}, Field::Hours, zone)));
    }
}

TEST_CASE("duration accessors", "[time]") {
    // cel-spec conformance "duration_converters".
    CHECK(value_of(t::get_duration_field(dur("10000s"), Field::Hours)) == 2);
    CHECK(value_of(t::get_duration_field(dur("3730s"), Field::Minutes)) == 62);
    CHECK(value_of(t::get_duration_field(dur("3730s"), Field::Seconds)) == 3730);
    CHECK(value_of(t::get_duration_field(Duration{123, 321456789}, Field::Milliseconds)) == 321);

    struct Case {
        const char* text;
        int64_t hours, minutes, seconds, milliseconds;
    };
    const Case cases[] = {
        {"0", 0, 0, 0, 0},
        {"90d", 2160, 129600, 7776000, 0},
        {"1h59m59.999s", 1, 119, 7199, 999},
        {"-1h59m59.999s", -1, -119, -7199, -999},
        {"59m", 0, 59, 3540, 0},
        {"1.5s", 0, 0, 1, 500},
        {"-1.5s", 0, 0, -1, -500},
        {"999ms", 0, 0, 0, 999},
        {"1ms", 0, 0, 0, 1},
        {"999999ns", 0, 0, 0, 0},
        {"2w", 336, 20160, 1209600, 0},
        {"9223372036.854775807s", 2562047, 153722867, 9223372036, 854},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const Duration d = dur(c.text);
        CHECK(value_of(t::get_duration_field(d, Field::Hours)) == c.hours);
        CHECK(value_of(t::get_duration_field(d, Field::Minutes)) == c.minutes);
        CHECK(value_of(t::get_duration_field(d, Field::Seconds)) == c.seconds);
        CHECK(value_of(t::get_duration_field(d, Field::Milliseconds)) == c.milliseconds);
    }
    const Field not_for_durations[] = {Field::FullYear, Field::Month,     Field::DayOfMonth,
                                       Field::Date,     Field::DayOfWeek, Field::DayOfYear};
    for (Field f : not_for_durations) {
        CHECK_THAT(error_of(t::get_duration_field(dur("1h"), f)), Catch::EndsWith("does not apply to a duration"));
    }
    CHECK(error_of(t::get_duration_field(dur("1h"), Field::FullYear)) == "getFullYear does not apply to a duration");
}

TEST_CASE("zone lookups are safe from many threads", "[time]") {
    const char* zones[] = {"Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "+05:30", "Mars/Base"};
    const int64_t expected_hours[] = {3, 21, 6, 14, 6, -1};  // at 2026-03-29T01:00:00Z
    const Timestamp when = ts("2026-03-29T01:00:00Z");
    std::vector<std::thread> threads;
    std::vector<int> failures(8, 0);
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            for (int round = 0; round < 2000; ++round) {
                const size_t z = static_cast<size_t>(round + i) % std::size(zones);
                const auto result = t::get_field(when, Field::Hours, zones[z]);
                const int64_t got = std::holds_alternative<int64_t>(result) ? std::get<int64_t>(result) : -1;
                if (got != expected_hours[z]) ++failures[static_cast<size_t>(i)];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int f : failures) CHECK(f == 0);
}
