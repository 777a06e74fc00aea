// The evaluator through compile(): table-driven rows of expression text and
// the value (as its CEL literal) or error it must give. Operands typed dyn
// (through dyn() or the dyn variables below) reach the runtime checks that
// the type checker would otherwise catch first.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/expr/expression.hpp"

using namespace journeyctl::core::expr;

namespace {

struct Row {
    std::string_view expr;
    // A CEL literal; "error" (any runtime error); "error: <part of the
    // message>"; "compile error: <part of the message>".
    std::string_view expected;
};

constexpr int64_t k_now = 1793491200;  // 2026-11-01T00:00:00Z

Value profile_value() {
    auto map = std::make_shared<MapValue>();
    map->insert(Value::string("name"), Value::borrowed_string("Ada"));
    map->insert(Value::string("age"), Value::integer(36));
    map->insert(Value::string("score"), Value::real(2.5));
    map->insert(Value::string("tags"), Value::list(ListValue{Value::string("vip"), Value::string("beta")}));
    map->insert(Value::string("nothing"), Value::null());
    auto nested = std::make_shared<MapValue>();
    nested->insert(Value::string("city"), Value::string("Paris"));
    map->insert(Value::string("address"), Value::map(nested));
    return Value::map(map);
}

Value events_value() {
    ListValue events;
    const std::pair<const char*, double> data[] = {{"purchase", 10}, {"visit", 0}, {"purchase", 12.5}};
    for (const auto& [type, amount] : data) {
        auto props = std::make_shared<MapValue>();
        props->insert(Value::string("amount"), Value::real(amount));
        auto event = std::make_shared<MapValue>();
        event->insert(Value::string("type"), Value::string(type));
        event->insert(Value::string("properties"), Value::map(props));
        events.push_back(Value::map(event));
    }
    return Value::list(std::move(events));
}

struct Fixture {
    Environment env = Environment::standard();
    int profile = env.declare("profile", Type::dyn());
    int events = env.declare("events", Type::list(Type::dyn()));
    int unset = env.declare("unset", Type::dyn());
    int big = env.declare("big", Type::map(Type::of(TypeKind::String), Type::of(TypeKind::Int)));

    Fixture() {
        FunctionDecl in_segment;
        in_segment.name = "inSegment";
        in_segment.parameters = {Type::of(TypeKind::String)};
        in_segment.result = Type::of(TypeKind::Bool);
        in_segment.implementation = [](std::span<const Value> args, const Activation& act) {
            const auto* segments = static_cast<const std::vector<std::string>*>(act.host());
            for (const std::string& s : *segments) {
                if (s == args[0].as_string()) return Value::boolean(true);
            }
            return Value::boolean(false);
        };
        env.add_function(std::move(in_segment));
    }

    std::string run(std::string_view source) const {
        CompileResult r = compile(source, env);
        if (!r.ok()) {
            return "compile error: " + (r.diagnostics.empty() ? std::string("?") : r.diagnostics.front().message);
        }
        static const std::vector<std::string> k_segments = {"vip"};
        static const Value k_big = [] {
            auto map = std::make_shared<MapValue>();
            for (int i = 0; i < 1000; ++i) map->insert(Value::string("k" + std::to_string(i)), Value::integer(i));
            return Value::map(map);
        }();
        Evaluator evaluator(r.program);
        Activation act(env);
        act.set(*env.slot_of("now"), Value::timestamp({k_now, 0}));
        act.set(profile, profile_value());
        act.set(events, events_value());
        act.set(big, k_big);
        act.set_host(&k_segments);
        return evaluator.evaluate(act).to_cel_literal();
    }

    void check(std::initializer_list<Row> rows) const {
        for (const Row& row : rows) {
            std::string got = run(row.expr);
            INFO("expression: " << row.expr << "\n  expected: " << row.expected << "\n  got:      " << got);
            if (row.expected == "error") {
                CHECK(got.starts_with("error: "));
            } else if (row.expected.starts_with("error: ") || row.expected.starts_with("compile error: ")) {
                std::string_view prefix = row.expected.substr(0, row.expected.find(": ") + 2);
                CHECK((got.starts_with(prefix) && got.find(row.expected.substr(prefix.size())) != std::string::npos));
            } else {
                CHECK(got == row.expected);
            }
        }
    }
};

}  // namespace

TEST_CASE("eval: integer and double arithmetic", "[eval]") {
    Fixture().check({
        {"1 + 2 * 3", "7"},
        {"7 / 2", "3"},
        {"-7 / 2", "-3"},
        {"-7 % 3", "-1"},
        {"7u / 2u", "3u"},
        {"1.5 + 1.0", "2.5"},
        {"1.0 / 0.0", "+infinity"},
        {"9223372036854775807 + 1", "error: integer overflow"},
        {"-9223372036854775807 - 2", "error: integer overflow"},
        {"4611686018427387904 * 2", "error: integer overflow"},
        {"-(dyn(-9223372036854775807) - 1)", "error: integer overflow"},
        {"(-9223372036854775807 - 1) / -1", "error: integer overflow"},
        {"(-9223372036854775807 - 1) % -1", "error: integer overflow"},
        {"1 / 0", "error: division by zero"},
        {"1 % 0", "error: modulus by zero"},
        {"1u / 0u", "error: division by zero"},
        {"0u - 1u", "error: unsigned integer overflow"},
        {"18446744073709551615u + 1u", "error: unsigned integer overflow"},
        {"dyn(1) + 1u", "error: no matching overload for '+' applied to (int, uint)"},
        {"dyn(1.5) % dyn(1.0)", "error: no matching overload for '%' applied to (double, double)"},
        {"-dyn(1u)", "error: no matching overload for '-' applied to (uint)"},
    });
}

TEST_CASE("eval: strings, bytes and lists concatenate", "[eval]") {
    Fixture().check({
        {"'ab' + 'cd'", "\"abcd\""},
        {"b'ab' + b'cd'", "b\"abcd\""},
        {"[1, 2] + [3]", "[1, 2, 3]"},
        {"[] + [1]", "[1]"},
    });
}

TEST_CASE("eval: comparisons across numeric kinds and of other types", "[eval]") {
    Fixture().check({
        {"1 == 1.0", "true"},
        {"dyn(1) == 1u", "true"},
        {"dyn(1) < 1.5", "true"},
        {"dyn(2u) > -1", "true"},
        {"dyn(9223372036854775807) < 9223372036854775808.0", "true"},
        {"dyn(18446744073709551615u) > 9223372036854775807", "true"},
        {"0.0/0.0 == 0.0/0.0", "false"},
        {"0.0/0.0 != 0.0/0.0", "true"},
        {"dyn(1) < 0.0/0.0", "false"},
        {"'a' < 'b'", "true"},
        {"'é' > 'z'", "true"},
        {"b'\\x01' < b'\\xff'", "true"},
        {"false < true", "true"},
        {"dyn(1) == 'a'", "false"},
        {"dyn(1) != 'a'", "true"},
        {"dyn(null) == null", "true"},
        {"[1, 2] == [1.0, 2u]", "true"},
        {"{'a': 1} == {'a': 1.0}", "true"},
        {"dyn('a') < 1", "error: no matching overload for '<' applied to (string, int)"},
        {"dyn(null) < dyn(null)", "error: no matching overload for '<' applied to (null, null)"},
        {"timestamp('2026-01-01T00:00:00Z') < now", "true"},
        {"duration('1h') > duration('59m')", "true"},
    });
}

TEST_CASE("eval: in on lists and maps", "[eval]") {
    Fixture().check({
        {"2 in [1, 2, 3]", "true"},
        {"2.0 in [1, 2, 3]", "true"},
        {"4 in [1, 2, 3]", "false"},
        {"'a' in {'a': 1}", "true"},
        {"'b' in {'a': 1}", "false"},
        {"1u in {1: 'x'}", "true"},
        {"'k999' in big", "true"},
        {"'vip' in profile.tags", "true"},
        {"1 in dyn(1)", "error: no matching overload for 'in' applied to (int, int)"},
    });
}

TEST_CASE("eval: logic absorbs errors commutatively", "[eval]") {
    Fixture().check({
        {"false && 1/0 == 1", "false"},
        {"1/0 == 1 && false", "false"},
        {"true || 1/0 == 1", "true"},
        {"1/0 == 1 || true", "true"},
        {"1/0 == 1 && true", "error: division by zero"},
        {"true && 1/0 == 1", "error: division by zero"},
        {"false || 1/0 == 1", "error: division by zero"},
        {"1/0 == 1 && 2 % 0 == 1", "error: division by zero"},
        {"dyn(1) && false", "false"},
        {"dyn(1) && true", "error: no matching overload"},
        {"!true", "false"},
        {"!dyn(1)", "error: no matching overload for '!' applied to (int)"},
        {"true ? 1 : 1/0", "1"},
        {"false ? 1/0 : 2", "2"},
        {"dyn(1) ? 1 : 2", "error: condition of ?: must be bool, got int"},
        {"1/0 == 1 ? 1 : 2", "error: division by zero"},
    });
}

TEST_CASE("eval: coalescing skips absent, null and errors", "[eval]") {
    Fixture().check({
        {"profile.missing ?? 'x'", "\"x\""},
        {"profile.nothing ?? 'x'", "\"x\""},
        {"profile.name ?? 'x'", "\"Ada\""},
        {"1/0 ?? 5", "5"},
        {"profile.missing ?? profile.other ?? 3", "3"},
        {"profile.missing ?? 1/0", "error: division by zero"},
    });
}

TEST_CASE("eval: selection, has() and indexing", "[eval]") {
    Fixture().check({
        {"profile.name", "\"Ada\""},
        {"profile.address.city", "\"Paris\""},
        {"profile.missing", "error: no such key: 'missing'"},
        {"profile.missing.deeper", "error: no such key: 'missing'"},
        {"profile.age.x", "error: cannot select field 'x'"},
        {"has(profile.age)", "true"},
        {"has(profile.missing)", "false"},
        {"has(profile.nothing)", "true"},
        {"has(profile.address.city)", "true"},
        {"has(profile.missing.city)", "error: no such key"},
        {"has(profile.age.x)", "error"},
        {"{'a': 1}.a", "1"},
        {"profile['name']", "\"Ada\""},
        {"[1, 2, 3][1]", "2"},
        {"[1, 2, 3][dyn(1u)]", "2"},
        {"[1, 2, 3][dyn(2.0)]", "3"},
        {"[1, 2, 3][dyn(1.5)]", "error"},
        {"[1, 2, 3][5]", "error: index out of bounds: 5"},
        {"[1, 2, 3][-1]", "error: index out of bounds: -1"},
        {"{1: 'a'}[1u]", "\"a\""},
        {"{1: 'a'}[dyn(1.0)]", "\"a\""},
        {"{1: 'a'}[2]", "error: no such key: 2"},
        {"{'a': 1}['b']", "error: no such key: 'b'"},
        {"big.k500", "500"},
        {"big['k999']", "999"},
        {"unset", "error: variable 'unset' has no value"},
        {"has(unset.x)", "error: variable 'unset' has no value"},
        {"{'a': 1, 'a': 2}", "error: repeated key"},
        {"{dyn(1.5): 1}", "error: unsupported key type"},
        {"[1, 1/0]", "error: division by zero"},
    });
}

TEST_CASE("eval: macros", "[eval]") {
    Fixture().check({
        {"[1, 2, 3].all(x, x > 0)", "true"},
        {"[1, 2, 3].all(x, x > 1)", "false"},
        {"[0, 1].all(x, 1 / x > 0)", "error: division by zero"},
        {"[0, 1, -1].all(x, 1 / x > 0)", "false"},
        {"[0, 1].exists(x, 1 / x > 0)", "true"},
        {"[0, -1].exists(x, 1 / x > 0)", "error: division by zero"},
        {"[].exists(x, x > 0)", "false"},
        {"[].all(x, x > 0)", "true"},
        {"[1, 2, 3].exists_one(x, x > 2)", "true"},
        {"[1, 2, 3].exists_one(x, x > 1)", "false"},
        {"[0, 1].exists_one(x, 1 / x > 0)", "error: division by zero"},
        {"[1, 2, 3, 4].filter(x, x % 2 == 0)", "[2, 4]"},
        {"[1, 2, 3].map(x, x * x)", "[1, 4, 9]"},
        {"[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]"},
        {"[0, 1].map(x, 1 / x)", "error: division by zero"},
        {"{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])", "true"},
        {"{'a': 1, 'b': 2}.map(k, k + k)", "[\"aa\", \"bb\"]"},
        {"[[1, 2], [3]].map(x, x.map(y, y + 1))", "[[2, 3], [4]]"},
        {"[[1], [2]].all(x, x.all(x, x > 0))", "true"},
        {"[1, 2].map(x, [3].map(x, x)[0] + x)", "[4, 5]"},
        {"events.filter(e, e.type == 'purchase').map(e, e.properties.amount).sum()", "22.5"},
        {"events.exists(e, e.type == 'visit')", "true"},
        {"[1, 2].all(x, dyn(x))", "error: predicate of all"},
        {"dyn(1).all(x, true)", "error: no matching overload for 'all' applied to (int)"},
    });
}

TEST_CASE("eval: string functions and size", "[eval]") {
    Fixture().check({
        {"size('héllo')", "5"},
        {"'héllo'.size()", "5"},
        {"size(b'h\\xc3\\xa9')", "3"},
        {"size([1, 2])", "2"},
        {"size({'a': 1})", "1"},
        {"size(dyn(1))", "error: no matching overload for 'size' applied to (int)"},
        {"'hello'.contains('ell')", "true"},
        {"'hello'.startsWith('he')", "true"},
        {"'hello'.endsWith('lo')", "true"},
        {"'hello'.endsWith('he')", "false"},
        {"'hello'.matches('l+')", "true"},
        {"'hello'.matches('^l+$')", "false"},
        {"matches('abc', '^a')", "true"},
        {"'hello'.matches('(')", "compile error: invalid regular expression"},
        {"'hello'.matches(profile.name + '|h')", "true"},
        {"'a(b'.matches(dyn('('))", "error: invalid regular expression"},
        {"'HeLLo'.lowerAscii()", "\"hello\""},
        {"'héllo'.upperAscii()", "\"HéLLO\""},
        {"'  \\t hi \\n'.trim()", "\"hi\""},
    });
}

TEST_CASE("eval: conversions", "[eval]") {
    Fixture().check({
        {"int('42')", "42"},
        {"int('-42')", "-42"},
        {"int('4x')", "error"},
        {"int('99999999999999999999')", "error"},
        {"int(42u)", "42"},
        {"int(18446744073709551615u)", "error: range"},
        {"int(2.9)", "2"},
        {"int(-2.9)", "-2"},
        {"int(1e19)", "error: range"},
        {"int(0.0/0.0)", "error: range"},
        {"int(timestamp('2026-11-01T00:00:00Z'))", "1793491200"},
        {"uint(42)", "42u"},
        {"uint(-1)", "error: range"},
        {"uint(2.5)", "2u"},
        {"uint('18446744073709551615')", "18446744073709551615u"},
        {"uint('-1')", "error"},
        {"double(2)", "2.0"},
        {"double(2u)", "2.0"},
        {"double('1e3')", "1000.0"},
        {"double('-1.5')", "-1.5"},
        {"double('abc')", "error"},
        {"string(42)", "\"42\""},
        {"string(42u)", "\"42\""},
        {"string(1.5)", "\"1.5\""},
        {"string(b'abc')", "\"abc\""},
        {"string(b'\\xff')", "error: UTF-8"},
        {"string(true)", "\"true\""},
        {"string(timestamp('2026-11-01T00:00:00Z'))", "\"2026-11-01T00:00:00Z\""},
        {"string(duration('1h'))", "\"3600s\""},
        {"bool('true')", "true"},
        {"bool('f')", "false"},
        {"bool('TRUE')", "true"},
        {"bool('yes')", "error"},
        {"bytes('abc')", "b\"abc\""},
        {"type(1)", "int"},
        {"type(1u)", "uint"},
        {"type('a')", "string"},
        {"type([])", "list"},
        {"type({})", "map"},
        {"type(null)", "null_type"},
        {"type(now)", "google.protobuf.Timestamp"},
        {"type(type(1))", "type"},
        {"type(1) == int", "true"},
        {"dyn(3)", "3"},
        {"timestamp(0)", "timestamp(\"1970-01-01T00:00:00Z\")"},
        {"timestamp(dyn('nope'))", "error"},
        {"duration('90d')", "duration(\"7776000s\")"},
        {"duration('1.5h')", "duration(\"5400s\")"},
    });
}

TEST_CASE("eval: timestamps and durations", "[eval]") {
    Fixture().check({
        {"now + duration('1h')", "timestamp(\"2026-11-01T01:00:00Z\")"},
        {"duration('1h') + now", "timestamp(\"2026-11-01T01:00:00Z\")"},
        {"now - duration('1d')", "timestamp(\"2026-10-31T00:00:00Z\")"},
        {"now - timestamp('2026-10-31T00:00:00Z')", "duration(\"86400s\")"},
        {"duration('1h') - duration('30m')", "duration(\"1800s\")"},
        {"-duration('1h')", "duration(\"-3600s\")"},
        {"timestamp('9999-12-31T23:59:59Z') + duration('1s')", "error"},
        {"now.getFullYear()", "2026"},
        {"now.getMonth()", "10"},
        {"now.getDate()", "1"},
        {"now.getDayOfMonth()", "0"},
        {"now.getDayOfWeek()", "0"},
        {"now.getHours('Europe/Paris')", "1"},
        {"now.getHours('-08:00')", "16"},
        {"now.getHours(dyn('Mars/Olympus'))", "error: Mars/Olympus"},
        {"duration('90m').getHours()", "1"},
        {"duration('90m').getMinutes()", "90"},
        {"duration('1.5s').getMilliseconds()", "500"},
    });
}

TEST_CASE("eval: list aggregates", "[eval]") {
    Fixture().check({
        {"[1, 2, 3].sum()", "6"},
        {"[1u, 2u].sum()", "3u"},
        {"[1.5, 2.5].sum()", "4.0"},
        {"[].sum()", "0"},
        {"[9223372036854775807, 1].sum()", "error: integer overflow"},
        {"[3, 1, 2].min()", "1"},
        {"[3, 1, 2].max()", "3"},
        {"[2.5, 1.5].min()", "1.5"},
        {"dyn(['b', 'a']).min()", "\"a\""},
        {"[now, now - duration('1h')].min()", "timestamp(\"2026-10-31T23:00:00Z\")"},
        {"[duration('1h'), duration('2h')].sum()", "duration(\"10800s\")"},
        {"[].min()", "error: min of empty list"},
        {"[].max()", "error: max of empty list"},
        {"dyn(['a', 1]).min()", "error: min() of a list of string and int"},
    });
}

TEST_CASE("eval: host functions receive arguments and the activation", "[eval]") {
    Fixture().check({
        {"inSegment('vip')", "true"},
        {"inSegment('other')", "false"},
        {"inSegment('vip') && profile.age >= 18", "true"},
    });
}

TEST_CASE("eval: an evaluator is reusable across activations", "[eval]") {
    Environment env = Environment::standard();
    int x = env.declare("x", Type::of(TypeKind::Int));
    CompileResult simple = compile("x * 2 + 1", env);
    REQUIRE(simple.ok());
    Evaluator evaluator(simple.program);
    for (int64_t i = 0; i < 100; ++i) {
        Activation act(env);
        act.set(x, Value::integer(i));
        Value v = evaluator.evaluate(act);
        REQUIRE(v.kind() == Value::Kind::Int);
        CHECK(v.as_int() == i * 2 + 1);
    }
}
