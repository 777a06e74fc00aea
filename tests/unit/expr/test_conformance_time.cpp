// Conformance: timestamps and durations (langdef "Abstract Types",
// "Overflow", "Timezones" and the timestamp/duration overloads): RFC 3339
// parsing, CEL's year range 0001..9999, arithmetic and its range errors,
// ordering, the accessors in UTC, in IANA zones across DST changes (the
// instants below are the 2026 transitions of the system's tz database) and
// in fixed offsets, and the duration accessors.
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_parse_and_print[] = {
    {"timestamp('2026-11-01T00:00:00Z')", R"(timestamp("2026-11-01T00:00:00Z"))"},
    {"timestamp('2026-11-01T01:00:00+01:00')", R"(timestamp("2026-11-01T00:00:00Z"))"},
    {"timestamp('2026-10-31T19:00:00-05:00')", R"(timestamp("2026-11-01T00:00:00Z"))"},
    {"timestamp('2026-11-01t00:00:00z')", R"(timestamp("2026-11-01T00:00:00Z"))"},
    {"timestamp('1970-01-01T00:00:00Z')", R"(timestamp("1970-01-01T00:00:00Z"))"},
    {"timestamp('0001-01-01T00:00:00Z')", R"(timestamp("0001-01-01T00:00:00Z"))"},
    {"timestamp('2026-11-01T00:00:00.5Z') == timestamp('2026-11-01T00:00:00.500Z')", "true"},
    {"timestamp('2026-11-01T00:00:00.5Z') > timestamp('2026-11-01T00:00:00Z')", "true"},
    {"timestamp('1972-01-01T10:00:20.021-05:00') == timestamp('1972-01-01T15:00:20.021Z')", "true"},
    {"timestamp('2026-11-01T00:00:00.000000001Z') > timestamp('2026-11-01T00:00:00Z')", "true"},
    {"timestamp('2024-02-29T00:00:00Z').getDate()", "29"},
    {"timestamp('0000-01-01T00:00:00Z')", "fails"},
    {"timestamp('10000-01-01T00:00:00Z')", "fails"},
    {"timestamp('2026-13-01T00:00:00Z')", "fails"},
    {"timestamp('2026-02-30T00:00:00Z')", "fails"},
    {"timestamp('2025-02-29T00:00:00Z')", "fails"},
    {"timestamp('2026-11-01T24:00:01Z')", "fails"},
    {"timestamp('2026-11-01')", "fails"},
    {"timestamp('2026-11-01T00:00:00')", "fails"},
    {"timestamp('not a date')", "fails"},
    {"timestamp('')", "fails"},
    {"timestamp(dyn('garbage'))", "error"},
    {"false && timestamp(dyn('garbage')) < now", "false"},
    {"duration('3600s')", R"(duration("3600s"))"},
    {"duration('1h')", R"(duration("3600s"))"},
    {"duration('0s')", R"(duration("0s"))"},
    {"duration('-1s')", R"(duration("-1s"))"},
    {"duration('1h30m')", R"(duration("5400s"))"},
    {"duration('1.5h') == duration('5400s')", "true"},
    {"duration('-2h30m') == duration('-9000s')", "true"},
    {"duration('1m') == duration('60s')", "true"},
    {"duration('1ms') == duration('0.001s')", "true"},
    {"duration('2us') == duration('0.000002s')", "true"},
    {"duration('1000ns') == duration('1us')", "true"},
    {"duration('1h1m1s1ms') == duration('3661.001s')", "true"},
    {"duration('1')", "fails"},
    {"duration('abc')", "fails"},
    {"duration('1x')", "fails"},
    {"duration('')", "fails"},
    {"duration('320000000000s')", "fails"},
    {"duration('-320000000000s')", "fails"},
    {"duration(dyn('1y'))", "error"},
    {"timestamp(1)", "timestamp(\"1970-01-01T00:00:01Z\") | compile error"},
};

constexpr Case k_arithmetic[] = {
    {"timestamp('2009-02-13T23:00:00Z') + duration('240s') == timestamp('2009-02-13T23:04:00Z')", "true"},
    {"duration('120s') + timestamp('2009-02-13T23:01:00Z') == timestamp('2009-02-13T23:03:00Z')", "true"},
    {"duration('600s') + duration('50s') == duration('650s')", "true"},
    {"timestamp('2009-02-13T23:10:00Z') - duration('600s') == timestamp('2009-02-13T23:00:00Z')", "true"},
    {"timestamp('2009-02-13T23:31:00Z') - timestamp('2009-02-13T23:29:00Z') == duration('120s')", "true"},
    {"timestamp('2009-02-13T23:29:00Z') - timestamp('2009-02-13T23:31:00Z') == duration('-120s')", "true"},
    {"duration('900s') - duration('42s') == duration('858s')", "true"},
    {"timestamp('2026-11-01T00:00:00Z') - timestamp('2026-10-31T00:00:00Z')", R"(duration("86400s"))"},
    {"timestamp('2026-01-01T00:00:00Z') + duration('24h')", R"(timestamp("2026-01-02T00:00:00Z"))"},
    {"timestamp('0001-01-01T00:00:01.000000001Z') + duration('-999999999ns') == timestamp('0001-01-01T00:00:00.000000002Z')", "true"},
    {"timestamp('0001-01-01T00:00:01.999999999Z') + duration('999999999ns') == timestamp('0001-01-01T00:00:02.999999998Z')", "true"},
    {"duration('0.5s') + duration('0.5s') == duration('1s')", "true"},
    {"duration('1s') - duration('1.5s') == duration('-0.5s')", "true"},
    {"type(timestamp('2026-01-01T00:00:00Z') - timestamp('2025-01-01T00:00:00Z'))", "google.protobuf.Duration"},
    {"timestamp('2026-01-01T00:00:00Z') + timestamp('2026-01-01T00:00:00Z')", "compile error"},
    {"duration('1s') - timestamp('2026-01-01T00:00:00Z')", "compile error"},
    {"timestamp('2026-01-01T00:00:00Z') + 1", "compile error"},
    {"duration('1s') * 2", "compile error"},
    {"dyn(timestamp('2026-01-01T00:00:00Z')) + dyn(1)", "error"},
    // Leaving the range 0001-01-01 .. 9999-12-31T23:59:59.999999999Z.
    {"timestamp('0001-01-01T00:00:00Z') + duration('-1s')", "error"},
    {"timestamp('9999-12-31T23:59:59Z') + duration('1s')", "error"},
    {"timestamp('9999-12-31T23:59:59.999999999Z') + duration('1ns')", "error"},
    {"timestamp('0001-01-01T00:00:00Z') + duration('-1ns')", "error"},
    {"timestamp('0001-01-01T00:00:00Z') - duration('1s')", "error"},
    // cel-spec's duration_range cases: their operands are already out of
    // CEL's range (an int64 of nanoseconds), which journeyctl finds while
    // compiling; in-range operands overflow when evaluated.
    {"duration('-200000000000s') + duration('-200000000000s')", "fails"},
    {"duration('200000000000s') + duration('200000000000s')", "fails"},
    {"duration('-200000000000s') - duration('200000000000s')", "fails"},
    {"duration('200000000000s') - duration('-200000000000s')", "fails"},
    {"duration('-5000000000s') + duration('-5000000000s')", "error"},
    {"duration('5000000000s') + duration('5000000000s')", "error"},
    {"duration('-5000000000s') - duration('5000000000s')", "error"},
    {"duration('5000000000s') - duration('-5000000000s')", "error"},
    {"timestamp('9999-12-31T23:59:59Z') - duration('-1s')", "error"},
    {"timestamp('9999-12-31T23:59:59Z') - timestamp('0001-01-01T00:00:00Z')", "error"},
    {"timestamp('0001-01-01T00:00:00Z') - timestamp('9999-12-31T23:59:59Z')", "error"},
};

constexpr Case k_comparisons[] = {
    {"timestamp('2009-02-13T23:31:30Z') == timestamp('2009-02-13T23:31:30Z')", "true"},
    {"timestamp('2009-02-13T23:31:29Z') == timestamp('2009-02-13T23:31:30Z')", "false"},
    {"timestamp('1945-05-07T02:41:00Z') != timestamp('1945-05-07T02:41:00Z')", "false"},
    {"timestamp('2000-01-01T00:00:00Z') != timestamp('2001-01-01T00:00:00Z')", "true"},
    {"duration('123s') == duration('123s')", "true"},
    {"duration('60s') == duration('3600s')", "false"},
    {"duration('86400s') != duration('86164s')", "true"},
    {"timestamp('2009-02-13T23:00:00Z') <= timestamp('2009-02-13T23:00:00Z')", "true"},
    {"timestamp('2009-02-13T23:00:00Z') <= timestamp('2009-02-13T22:59:59Z')", "false"},
    {"timestamp('2009-02-13T23:00:00Z') < timestamp('2009-03-13T23:00:00Z')", "true"},
    {"timestamp('2009-02-13T22:58:00Z') >= timestamp('2009-02-13T23:00:00Z')", "false"},
    {"timestamp('2009-02-13T23:59:00Z') > timestamp('2009-02-13T23:00:00Z')", "true"},
    {"duration('200s') <= duration('200s')", "true"},
    {"duration('300s') <= duration('200s')", "false"},
    {"duration('200s') < duration('300s')", "true"},
    {"duration('120s') >= duration('200s')", "false"},
    {"duration('300s') > duration('200s')", "true"},
    {"duration('-1s') < duration('0s')", "true"},
    {"duration('1ns') > duration('0s')", "true"},
    {"timestamp('2026-01-01T00:00:00Z') < duration('1s')", "compile error"},
    {"timestamp('2026-01-01T00:00:00Z') == '2026-01-01T00:00:00Z'", "compile error"},
    {"dyn(duration('1s')) == 1", "false"},
};

constexpr Case k_accessors_utc[] = {
    {"timestamp('2009-02-13T23:31:30Z').getDate()", "13"},
    {"timestamp('2009-02-13T23:31:30Z').getDayOfMonth()", "12"},
    {"timestamp('2009-02-13T23:31:30Z').getDayOfWeek()", "5"},
    {"timestamp('2009-02-13T23:31:30Z').getDayOfYear()", "43"},
    {"timestamp('2009-02-13T23:31:30Z').getFullYear()", "2009"},
    {"timestamp('2009-02-13T23:31:30Z').getHours()", "23"},
    {"timestamp('2009-02-13T23:31:20.123456789Z').getMilliseconds()", "123"},
    {"timestamp('2009-02-13T23:31:30Z').getMinutes()", "31"},
    {"timestamp('2009-02-13T23:31:30Z').getMonth()", "1"},
    {"timestamp('2009-02-13T23:31:30Z').getSeconds()", "30"},
    {"timestamp('2026-01-01T00:00:00Z').getDayOfYear()", "0"},
    {"timestamp('2026-12-31T00:00:00Z').getDayOfYear()", "364"},
    {"timestamp('2024-12-31T00:00:00Z').getDayOfYear()", "365"},
    {"timestamp('2026-01-01T00:00:00Z').getMonth()", "0"},
    {"timestamp('2026-12-31T23:59:59Z').getMonth()", "11"},
    {"timestamp('2026-11-01T00:00:00Z').getDayOfWeek()", "0"},
    {"timestamp('2026-10-31T00:00:00Z').getDayOfWeek()", "6"},
    {"timestamp('2026-11-01T00:00:00Z').getHours('UTC')", "0"},
    {"timestamp('2009-02-13T23:31:30Z').getDayOfWeek('UTC')", "5"},
    {"timestamp('2009-02-13T23:31:30Z').getMonth('UTC')", "1"},
    {"now.getFullYear()", "2026"},
    {"now.getMonth()", "10"},
    {"now.getDate()", "1"},
    {"now.getDayOfYear()", "304"},
    {"getHours(timestamp('2026-01-01T00:00:00Z'))", "compile error"},
    {"timestamp('2026-01-01T00:00:00Z').getHours(1)", "compile error"},
};

constexpr Case k_accessors_zoned[] = {
    {"timestamp('2009-02-13T23:31:30Z').getDate('Australia/Sydney')", "14"},
    {"timestamp('2009-02-13T23:31:30Z').getDayOfMonth('US/Central')", "12"},
    {"timestamp('2009-02-13T23:31:30Z').getDayOfMonth('+11:00')", "13"},
    {"timestamp('2009-02-13T02:00:00Z').getDayOfMonth('-02:30')", "11"},
    {"timestamp('2009-02-13T02:00:00Z').getDayOfMonth('America/St_Johns')", "11"},
    {"timestamp('2009-02-13T23:31:30Z').getDayOfYear('US/Central')", "43"},
    {"timestamp('2009-02-13T23:31:30Z').getFullYear('-09:30')", "2009"},
    {"timestamp('2009-02-13T23:31:30Z').getMinutes('Asia/Kathmandu')", "16"},
    // Europe/Paris: CET -> CEST at 2026-03-29T01:00Z, back at 2026-10-25T01:00Z.
    {"timestamp('2026-03-29T00:59:59Z').getHours('Europe/Paris')", "1"},
    {"timestamp('2026-03-29T01:00:00Z').getHours('Europe/Paris')", "3"},
    {"timestamp('2026-03-29T01:00:00Z').getHours('Europe/Paris') == 3", "true"},
    {"timestamp('2026-10-25T00:59:59Z').getHours('Europe/Paris')", "2"},
    {"timestamp('2026-10-25T01:00:00Z').getHours('Europe/Paris')", "2"},
    {"timestamp('2026-10-25T01:30:00Z').getMinutes('Europe/Paris')", "30"},
    {"timestamp('2026-07-01T12:00:00Z').getHours('Europe/Paris')", "14"},
    {"timestamp('2026-01-15T12:00:00Z').getHours('Europe/Paris')", "13"},
    {"timestamp('2026-12-31T23:30:00Z').getFullYear('Europe/Paris')", "2027"},
    {"timestamp('2026-12-31T23:30:00Z').getDayOfYear('Europe/Paris')", "0"},
    // America/New_York: EST -> EDT at 2026-03-08T07:00Z, back at 2026-11-01T06:00Z.
    {"timestamp('2026-03-08T06:59:59Z').getHours('America/New_York')", "1"},
    {"timestamp('2026-03-08T07:00:00Z').getHours('America/New_York')", "3"},
    {"timestamp('2026-11-01T05:59:59Z').getHours('America/New_York')", "1"},
    {"timestamp('2026-11-01T06:00:00Z').getHours('America/New_York')", "1"},
    {"timestamp('2026-11-01T04:59:00Z').getHours('America/New_York')", "0"},
    {"now.getHours('America/New_York')", "20"},
    {"now.getDate('America/New_York')", "31"},
    {"now.getDayOfMonth('America/New_York')", "30"},
    {"now.getMonth('America/New_York')", "9"},
    {"now.getDayOfWeek('America/New_York')", "6"},
    {"now.getDayOfYear('America/New_York')", "303"},
    // Australia/Lord_Howe moves by half an hour: +11 -> +10:30 at
    // 2026-04-04T15:00Z, +10:30 -> +11 at 2026-10-03T15:30Z.
    {"timestamp('2026-04-04T14:59:59Z').getHours('Australia/Lord_Howe')", "1"},
    {"timestamp('2026-04-04T14:59:59Z').getMinutes('Australia/Lord_Howe')", "59"},
    {"timestamp('2026-04-04T15:00:00Z').getHours('Australia/Lord_Howe')", "1"},
    {"timestamp('2026-04-04T15:00:00Z').getMinutes('Australia/Lord_Howe')", "30"},
    {"timestamp('2026-10-03T15:29:59Z').getMinutes('Australia/Lord_Howe')", "59"},
    {"timestamp('2026-10-03T15:30:00Z').getHours('Australia/Lord_Howe')", "2"},
    {"timestamp('2026-10-03T15:30:00Z').getMinutes('Australia/Lord_Howe')", "30"},
    {"timestamp('2026-01-01T00:00:00Z').getHours('Australia/Lord_Howe')", "11"},
    {"timestamp('2026-07-01T00:00:00Z').getMinutes('Australia/Lord_Howe')", "30"},
    // Fixed offsets.
    {"now.getHours('+05:30')", "5"},
    {"now.getMinutes('+05:30')", "30"},
    {"now.getHours('-08:00')", "16"},
    {"now.getDate('-08:00')", "31"},
    {"now.getHours('+00:00')", "0"},
    {"now.getSeconds('+14:00')", "0"},
    {"timestamp('2026-11-01T00:00:00Z').getDayOfWeek('+14:00')", "0"},
    {"timestamp('2026-11-01T10:00:00Z').getDayOfWeek('+14:00')", "1"},
    // An unknown zone is an error (at compile time when it is a literal).
    {"now.getHours('Mars/Olympus_Mons')", "fails"},
    {"now.getHours('+25:00')", "fails"},
    {"now.getHours(dyn('Nowhere/Else'))", "error"},
};

constexpr Case k_duration_accessors[] = {
    {"duration('10000s').getHours()", "2"},
    {"duration('3730s').getMinutes()", "62"},
    {"duration('3730s').getSeconds()", "3730"},
    {"duration('123.321456789s').getMilliseconds()", "321"},
    {"duration('1.5s').getMilliseconds()", "500"},
    {"duration('-3730s').getMinutes()", "-62"},
    {"duration('59m').getHours()", "0"},
    {"int(duration('90s').getSeconds())", "90"},
};

}  // namespace

TEST_CASE("conformance: timestamp and duration parsing and printing", "[conformance][time]") {
    check_cases(k_parse_and_print);
}

TEST_CASE("conformance: timestamp and duration arithmetic and range", "[conformance][time]") {
    check_cases(k_arithmetic);
}

TEST_CASE("conformance: timestamp and duration comparisons", "[conformance][time]") {
    check_cases(k_comparisons);
}

TEST_CASE("conformance: timestamp accessors in UTC", "[conformance][time]") {
    check_cases(k_accessors_utc);
}

TEST_CASE("conformance: timestamp accessors in IANA zones and fixed offsets", "[conformance][time]") {
    check_cases(k_accessors_zoned);
}

TEST_CASE("conformance: duration accessors", "[conformance][time]") {
    check_cases(k_duration_accessors);
}
