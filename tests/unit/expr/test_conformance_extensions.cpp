// Conformance: journeyctl's documented extensions to CEL
// (shared/design/expressions.md "Extensions"): duration shorthand literals,
// days and weeks in duration(), `now`, the `??` fallback, lowerAscii /
// upperAscii / trim, list sum / min / max; then the reference segment
// (formats.md "Segment") evaluated against map-valued `profile` and `events`
// variables declared as dyn.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::core::expr::Activation;
using journeyctl::core::expr::Environment;
using journeyctl::core::expr::ListValue;
using journeyctl::core::expr::MapValue;
using journeyctl::core::expr::Timestamp;
using journeyctl::core::expr::Type;
using journeyctl::core::expr::Value;
using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;
using journeyctl::tests::conformance::k_now_seconds;
using journeyctl::tests::conformance::mismatch;
using journeyctl::tests::conformance::run;

constexpr Case k_duration_shorthand[] = {
    {"90d", R"(duration("7776000s"))"},
    {"90d == duration('2160h')", "true"},
    {"2w", R"(duration("1209600s"))"},
    {"2w == 14d", "true"},
    {"12h", R"(duration("43200s"))"},
    {"30m", R"(duration("1800s"))"},
    {"10s", R"(duration("10s"))"},
    {"1d12h", R"(duration("129600s"))"},
    {"1d12h == duration('36h')", "true"},
    {"1h30m == duration('90m')", "true"},
    {"3d + 1h == duration('73h')", "true"},
    {"1d - 1h == 23h", "true"},
    {"1d > 23h", "true"},
    {"duration('3d')", R"(duration("259200s"))"},
    {"duration('1w') == 7d", "true"},
    {"duration('1d12h') == 1d12h", "true"},
    {"duration('2w3d') == 17d", "true"},
    {"type(90d)", "google.protobuf.Duration"},
    {"[1].map(d, d)", "[1]"},
    {"90x", "compile error"},
    {"d", "compile error"},
};

constexpr Case k_now[] = {
    {"now", R"(timestamp("2026-11-01T00:00:00Z"))"},
    {"now - 90d", R"(timestamp("2026-08-03T00:00:00Z"))"},
    {"now - 14d", R"(timestamp("2026-10-18T00:00:00Z"))"},
    {"now + 1h", R"(timestamp("2026-11-01T01:00:00Z"))"},
    {"now - (now - 90d) == 90d", "true"},
    {"now > now - 1s", "true"},
    {"timestamp('2026-10-01T00:00:00Z') >= now - 90d", "true"},
    {"timestamp('2026-07-01T00:00:00Z') >= now - 90d", "false"},
    {"now - timestamp('2026-10-31T00:00:00Z')", R"(duration("86400s"))"},
    {"now == timestamp('2026-11-01T00:00:00Z')", "true"},
    {"int(now)", "1793491200"},
};

constexpr Case k_fallback[] = {
    {"{'a': 1}.b ?? 2", "2"},
    {"{'a': 1}.a ?? 2", "1"},
    {"{'a': 1}['b'] ?? 2", "2"},
    {"null ?? 'x'", R"("x")"},
    {"{'a': null}.a ?? 'd'", R"("d")"},
    {"(1 / 0) ?? 5", "5"},
    {"{'a': 0}.a ?? 5", "0"},
    {"{'a': false}.a ?? true", "false"},
    {"'' ?? 'x'", R"("")"},
    {"1 ?? 2", "1"},
    {"{'a': 1}.b ?? {'a': 1}.c ?? 3", "3"},
    {"{'a': {'b': 1}}.a.c ?? 'none'", R"("none")"},
    {"{'a': {'b': 1}}.x.b ?? 7", "7"},
    {"({'a': 1}.b ?? 2) + 3", "5"},
    {"{'a': 1}.b ?? (1 / 0)", "error: by zero"},
    {"{'a': 1}.b ?? null", "null"},
    {"[1, 2][5] ?? 0", "0"},
    {"?? 1", "compile error"},
    {"1 ??", "compile error"},
};

constexpr Case k_string_extensions[] = {
    {"'Hello'.lowerAscii()", R"("hello")"},
    {"'Hello'.upperAscii()", R"("HELLO")"},
    {"'abc-XYZ 123'.lowerAscii()", R"("abc-xyz 123")"},
    {"'abc-XYZ 123'.upperAscii()", R"("ABC-XYZ 123")"},
    {"''.lowerAscii()", R"("")"},
    {"'ÉcOLE'.lowerAscii() == 'École'", "true"},
    {"'été'.upperAscii() == 'éTé'", "true"},
    {"'  a b  '.trim()", R"("a b")"},
    {"'\\t\\n x \\r'.trim()", R"("x")"},
    {"''.trim()", R"("")"},
    {"'   '.trim()", R"("")"},
    {"'x'.trim()", R"("x")"},
    {"'\\u00a0x\\u2003'.trim() == 'x'", "true"},
    {"' Ab '.trim().lowerAscii() == 'ab'", "true"},
    {"'abc'.lowerAscii(1)", "compile error"},
    {"lowerAscii('ABC')", "compile error"},
    {"dyn(1).trim()", "error"},
};

constexpr Case k_list_extensions[] = {
    {"[1, 2, 3].sum()", "6"},
    {"[].sum()", "0"},
    {"[5].sum()", "5"},
    {"[-1, 1].sum()", "0"},
    {"[1u, 2u].sum()", "3u"},
    {"[1.5, 2.5].sum() == 4.0", "true"},
    {"[1, 2].min()", "1"},
    {"[3, 1, 2].max()", "3"},
    {"[5].min()", "5"},
    {"[-3, -1].max()", "-1"},
    {"[2u, 1u].min()", "1u"},
    {"[2.5, 1.5].min() == 1.5", "true"},
    {"[2.5, 1.5].max() == 2.5", "true"},
    {"[].min()", "error"},
    {"[].max()", "error"},
    {"[timestamp('2026-01-01T00:00:00Z'), timestamp('2025-01-01T00:00:00Z')].min()",
     R"(timestamp("2025-01-01T00:00:00Z"))"},
    {"[timestamp('2026-01-01T00:00:00Z'), timestamp('2025-01-01T00:00:00Z')].max()",
     R"(timestamp("2026-01-01T00:00:00Z"))"},
    {"[now - 1d, now, now - 2d].max() == now", "true"},
    {"[9223372036854775807, 1].sum()", "error: overflow"},
    {"[1, 2, 3].map(x, x * 10).sum()", "60"},
    {"[1, 2, 3].filter(x, x > 5).sum()", "0"},
    {"['a'].sum()", "compile error"},
    {"[[1]].min()", "compile error"},
    {"dyn(['a']).sum()", "error"},
    {"dyn([1, 'a']).max()", "error"},
};

// A map with string keys, in the order given.
Value record(std::initializer_list<std::pair<std::string, Value>> fields) {
    auto map = std::make_shared<MapValue>();
    for (const auto& [name, value] : fields) map->insert(Value::string(name), value);
    return Value::map(std::shared_ptr<const MapValue>(std::move(map)));
}

Value days_before_now(int64_t days) {
    return Value::timestamp(Timestamp{k_now_seconds - days * 86400, 0});
}

Value event(std::string type, int64_t days_ago, double amount) {
    return record({{"type", Value::string(std::move(type))},
                   {"time", days_before_now(days_ago)},
                   {"properties", record({{"amount", Value::real(amount)}})}});
}

constexpr std::string_view k_segment_profile_part =
    "profile.tier in [\"gold\", \"platinum\"]\n"
    "  && profile.country in [\"FR\", \"DE\", \"ES\"]\n"
    "  && profile.email_opt_in\n"
    "  && profile.age >= 25 && profile.age <= 54";

constexpr std::string_view k_segment_events_part =
    "events.filter(e, e.type == \"purchase\" && e.time >= now - 90d).size() >= 2\n"
    "  && !events.exists(e, e.type == \"purchase\" && e.time >= now - 14d)";

}  // namespace

TEST_CASE("conformance: duration shorthand literals and days/weeks", "[conformance][extensions]") {
    check_cases(k_duration_shorthand);
}

TEST_CASE("conformance: now is the evaluation instant", "[conformance][extensions]") {
    check_cases(k_now);
}

TEST_CASE("conformance: ?? falls back on absent, null or error", "[conformance][extensions]") {
    check_cases(k_fallback);
}

TEST_CASE("conformance: lowerAscii, upperAscii, trim", "[conformance][extensions]") {
    check_cases(k_string_extensions);
}

TEST_CASE("conformance: list sum, min, max", "[conformance][extensions]") {
    check_cases(k_list_extensions);
}

TEST_CASE("conformance: the reference segment's profile part over a dyn profile map",
          "[conformance][extensions]") {
    Environment env = Environment::standard();
    const int profile_slot = env.declare("profile", Type::dyn());

    struct Row {
        const char* name;
        Value profile;
        const char* expected;
    };
    const Row rows[] = {
        {"gold FR opted-in 30",
         record({{"tier", Value::string("gold")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::integer(30)}}),
         "true"},
        {"platinum DE at the lower bound 25",
         record({{"tier", Value::string("platinum")}, {"country", Value::string("DE")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::integer(25)}}),
         "true"},
        {"gold ES at the upper bound 54",
         record({{"tier", Value::string("gold")}, {"country", Value::string("ES")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::integer(54)}}),
         "true"},
        {"age as a double compares by value",
         record({{"tier", Value::string("gold")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::real(30.0)}}),
         "true"},
        {"silver tier",
         record({{"tier", Value::string("silver")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::integer(30)}}),
         "false"},
        {"country US",
         record({{"tier", Value::string("gold")}, {"country", Value::string("US")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::integer(30)}}),
         "false"},
        {"not opted in",
         record({{"tier", Value::string("gold")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::boolean(false)}, {"age", Value::integer(30)}}),
         "false"},
        {"too young",
         record({{"tier", Value::string("gold")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::integer(24)}}),
         "false"},
        {"too old",
         record({{"tier", Value::string("gold")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::boolean(true)}, {"age", Value::integer(55)}}),
         "false"},
        // Absent fields: selecting them is an error, absorbed by a false
        // conjunct elsewhere, otherwise the whole condition is an error.
        {"age absent, everything else true",
         record({{"tier", Value::string("gold")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::boolean(true)}}),
         "error"},
        {"tier absent but country decides",
         record({{"country", Value::string("US")}, {"email_opt_in", Value::boolean(true)},
                 {"age", Value::integer(30)}}),
         "false"},
        {"empty profile", record({}), "error"},
        {"opt-in is a string, not a bool",
         record({{"tier", Value::string("gold")}, {"country", Value::string("FR")},
                 {"email_opt_in", Value::string("yes")}, {"age", Value::integer(30)}}),
         "error"},
    };
    for (const Row& row : rows) {
        INFO("profile: " << row.name);
        const auto outcome = run(k_segment_profile_part, env, [&](Activation& activation) {
            activation.set(profile_slot, row.profile);
        });
        CHECK(mismatch(outcome, row.expected) == "");
    }

    const Value full = record({{"first_name", Value::string("Ada")}, {"age", Value::integer(36)}});
    const Value sparse = record({{"age", Value::integer(36)}});
    const Case presence[] = {
        {"has(profile.age)", "true"},
        {"has(profile.first_name)", "true"},
        {"profile.first_name ?? 'there'", R"("Ada")"},
        {"profile.age + 1", "37"},
        {"type(profile)", "map"},
    };
    check_cases(presence, env, [&](Activation& activation) { activation.set(profile_slot, full); });
    const Case absence[] = {
        {"has(profile.age)", "true"},
        {"has(profile.first_name)", "false"},
        {"profile.first_name ?? 'there'", R"("there")"},
        {"profile.first_name", "error: no such key"},
        {"profile.first_name == 'Ada'", "error"},
    };
    check_cases(absence, env, [&](Activation& activation) { activation.set(profile_slot, sparse); });
}

TEST_CASE("conformance: the reference segment's events part over a dyn events list",
          "[conformance][extensions]") {
    Environment env = Environment::standard();
    const int events_slot = env.declare("events", Type::dyn());

    struct Row {
        const char* name;
        ListValue events;
        const char* expected;
    };
    const Row rows[] = {
        {"two purchases in 90 days, none in 14",
         {event("purchase", 100, 5.0), event("purchase", 60, 10.0), event("email_open", 2, 0.0),
          event("purchase", 30, 20.5)},
         "true"},
        {"one purchase in 90 days", {event("purchase", 100, 5.0), event("purchase", 60, 10.0)}, "false"},
        {"a purchase in the last 14 days",
         {event("purchase", 60, 10.0), event("purchase", 30, 20.5), event("purchase", 3, 1.0)},
         "false"},
        {"exactly 90 days ago counts", {event("purchase", 90, 1.0), event("purchase", 20, 1.0)}, "true"},
        {"exactly 14 days ago excludes", {event("purchase", 40, 1.0), event("purchase", 14, 1.0)}, "false"},
        {"no events", {}, "false"},
    };
    for (const Row& row : rows) {
        INFO("events: " << row.name);
        const Value events = Value::list(row.events);
        const auto outcome = run(k_segment_events_part, env, [&](Activation& activation) {
            activation.set(events_slot, events);
        });
        CHECK(mismatch(outcome, row.expected) == "");
    }

    const Value events = Value::list(ListValue{event("purchase", 100, 5.0), event("purchase", 60, 10.0),
                                               event("email_open", 2, 0.0), event("purchase", 30, 20.5)});
    const Case cases[] = {
        {"events.filter(e, e.type == 'purchase').map(e, e.properties.amount).sum() == 35.5", "true"},
        {"events.map(e, e.time).max() == now - 2d", "true"},
        {"events.map(e, e.time).min() == now - 100d", "true"},
        {"events.exists_one(e, e.type == 'email_open')", "true"},
        {"events.all(e, has(e.properties.amount))", "true"},
        {"events.filter(e, e.type == 'purchase').size()", "3"},
        {"events[0].type", R"("purchase")"},
        {"events.map(e, e.properties.missing)", "error: no such key"},
        {"events.map(e, e.properties.missing ?? 0.0).sum() == 0.0", "true"},
    };
    check_cases(cases, env, [&](Activation& activation) { activation.set(events_slot, events); });
}
