// Checker tests: each row compiles an expression in a small workspace-like
// environment and compares the result type's name, or the first error with
// its column and a part of its message.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/expr/expression.hpp"

using namespace journeyctl::core::expr;

namespace {

Type t(TypeKind k) { return Type::of(k); }

const Environment& environment() {
    static const Environment env = [] {
        Environment e = Environment::standard();
        e.declare("profile", Type::record("profile", {{"first_name", t(TypeKind::String)},
                                                     {"age", t(TypeKind::Int)},
                                                     {"vip", t(TypeKind::Bool)},
                                                     {"signup", t(TypeKind::Timestamp)},
                                                     {"score", t(TypeKind::Double)},
                                                     {"points", t(TypeKind::Uint)},
                                                     {"tags", Type::list(t(TypeKind::String))},
                                                     {"attrs", Type::map(t(TypeKind::String), Type::dyn())}}));
        e.declare("events", Type::list(Type::map(t(TypeKind::String), Type::dyn())));
        e.declare("x", Type::dyn());
        e.declare("counts", Type::map(t(TypeKind::String), t(TypeKind::Int)));
        FunctionDecl in_segment;
        in_segment.name = "inSegment";
        in_segment.parameters = {t(TypeKind::String)};
        in_segment.result = t(TypeKind::Bool);
        e.add_function(in_segment);
        FunctionDecl shout;
        shout.name = "shout";
        shout.receiver_style = true;
        shout.parameters = {t(TypeKind::String), t(TypeKind::Int)};
        shout.result = t(TypeKind::String);
        e.add_function(shout);
        return e;
    }();
    return env;
}

std::string checked(std::string_view text, CompileOptions options = {}) {
    CompileResult r = compile(text, environment(), options);
    if (r.ok()) return r.program->result_type().name();
    if (r.diagnostics.empty()) return "failed without diagnostics";
    return "error@" + std::to_string(r.diagnostics[0].span.column) + ": " + r.diagnostics[0].message;
}

struct Row {
    std::string_view text;
    std::string_view expected;  // a type name, or "error@COL: part of the message"
};

void check_rows(std::initializer_list<Row> rows, CompileOptions options = {}) {
    for (const Row& row : rows) {
        INFO("text: " << row.text);
        std::string got = checked(row.text, options);
        if (row.expected.substr(0, 6) == "error@") {
            auto colon = row.expected.find(": ");
            REQUIRE(colon != std::string_view::npos);
            CHECK(got.substr(0, colon + 2) == row.expected.substr(0, colon + 2));
            CHECK(got.find(row.expected.substr(colon + 2)) != std::string::npos);
        } else {
            CHECK(got == row.expected);
        }
    }
}

}  // namespace

TEST_CASE("literal and variable types", "[checker]") {
    check_rows({
        {"1", "int"},
        {"1u", "uint"},
        {"1.5", "double"},
        {"'a'", "string"},
        {"b'a'", "bytes"},
        {"true", "bool"},
        {"null", "null_type"},
        {"90d", "duration"},
        {"now", "timestamp"},
        {"profile", "profile"},
        {"profile.age", "int"},
        {"profile.first_name", "string"},
        {"profile.tags", "list(string)"},
        {"profile.attrs.anything", "dyn"},
        {"profile['age']", "int"},
        {"profile['unknown_but_indexed']", "dyn"},
        {"events", "list(map(string, dyn))"},
        {"events[0]", "map(string, dyn)"},
        {"events[0].type", "dyn"},
        {"x", "dyn"},
        {"x.y.z", "dyn"},
        {"x[1]['a']", "dyn"},
        {"counts['a']", "int"},
        {"counts.a", "int"},
        {"[1, 2]", "list(int)"},
        {"[]", "list(dyn)"},
        {"[1, 'a']", "list(dyn)"},
        {"[1, null]", "list(int)"},
        {"[[1], []]", "list(list(int))"},
        {"{'a': 1}", "map(string, int)"},
        {"{}", "map(dyn, dyn)"},
        {"{'a': 1, 2: 'b'}", "map(dyn, dyn)"},
        {"int", "type"},
        {"type(1) == int", "bool"},
        {"type(now) == google.protobuf.Timestamp", "bool"},
        {"google.protobuf.Duration", "type"},
    });
}

TEST_CASE("unknown names and fields are errors with suggestions", "[checker]") {
    check_rows({
        {"y", "error@1: undeclared reference to 'y'"},
        {"profil.age", "error@1: undeclared reference to 'profil' (did you mean 'profile'?)"},
        {"nwo", "error@1: (did you mean 'now'?)"},
        {"profile.frist_name", "error@9: unknown field 'frist_name' of profile (did you mean 'first_name'?)"},
        {"profile.zzz", "error@9: unknown field 'zzz' of profile"},
        {"has(profile.agee)", "error@13: unknown field 'agee' of profile (did you mean 'age'?)"},
        {"1 + 2 == 3 && profile.nope", "error@23: unknown field 'nope'"},
        {"profile.age.value", "error@13: type 'int' has no fields"},
        {"now.seconds", "error@5: type 'timestamp' has no fields"},
        {"google.protobuf.Whatever", "error@1: undeclared reference to 'google'"},
        {"foo(1)", "error@1: unknown function 'foo'"},
        {"sise('a')", "error@1: unknown function 'sise' (did you mean 'size'?)"},
        {"'a'.startswith('b')", "error@5: (did you mean 'startsWith'?)"},
        {"inSegmnt('vip')", "error@1: (did you mean 'inSegment'?)"},
        {"l.all(v, v)", "error@1: undeclared reference to 'l'"},
        {"[1].all(v, w)", "error@12: undeclared reference to 'w'"},
    });
}

TEST_CASE("operators follow CEL's overloads", "[checker]") {
    check_rows({
        {"1 + 2", "int"},
        {"1u + 2u", "uint"},
        {"1.5 * 2.0", "double"},
        {"'a' + 'b'", "string"},
        {"b'a' + b'b'", "bytes"},
        {"[1] + [2]", "list(int)"},
        {"[1] + []", "list(int)"},
        {"now + 1d", "timestamp"},
        {"1d + now", "timestamp"},
        {"now - 1d", "timestamp"},
        {"now - profile.signup", "duration"},
        {"1h + 30m", "duration"},
        {"7 % 2", "int"},
        {"7u % 2u", "uint"},
        {"x + 1", "int"},
        {"x + x", "dyn"},
        {"x + 1d", "dyn"},
        {"x - now", "duration"},
        {"x * 2.0", "double"},
        {"-profile.age", "int"},
        {"-1.5", "double"},
        {"-x", "dyn"},
        {"-1h", "duration"},
        {"!profile.vip", "bool"},
        {"!x", "bool"},
        {"1 + 1u", "error@3: no matching overload for '+' applied to (int, uint)"},
        {"1 + 1.0", "error@3: no matching overload for '+' applied to (int, double)"},
        {"'a' - 'b'", "error@5: no matching overload for '-' applied to (string, string)"},
        {"1.5 % 2.0", "error@5: no matching overload for '%'"},
        {"now + now", "error@5: no matching overload for '+' applied to (timestamp, timestamp)"},
        {"1d - now", "error@4: no matching overload for '-' applied to (duration, timestamp)"},
        {"[1] + 2", "error@5: no matching overload for '+'"},
        {"[1] + ['a']", "error@5: no matching overload for '+' applied to (list(int), list(string))"},
        {"-1u", "error@1: no matching overload for '-' applied to (uint)"},
        {"-'a'", "error@1: no matching overload for '-' applied to (string)"},
        {"!1", "error@1: no matching overload for '!' applied to (int)"},
        {"profile.vip && 1", "error@13: no matching overload for '&&' applied to (bool, int)"},
        {"'a' || true", "error@5: no matching overload for '||'"},
        {"x && x || profile.vip", "bool"},
    });
}

TEST_CASE("comparisons and membership", "[checker]") {
    check_rows({
        {"profile.age >= 25", "bool"},
        {"profile.age < 2.5", "bool"},
        {"profile.age < 2u", "bool"},
        {"profile.points == 3", "bool"},
        {"1 == 1.0", "bool"},
        {"'a' < 'b'", "bool"},
        {"b'a' < b'b'", "bool"},
        {"true < false", "bool"},
        {"now > profile.signup", "bool"},
        {"1h < 2h", "bool"},
        {"x < 1", "bool"},
        {"x == 'a'", "bool"},
        {"profile.first_name == null", "bool"},
        {"[1] == [2]", "bool"},
        {"[1] == [1.0]", "bool"},
        {"{'a': 1} == {'a': 2}", "bool"},
        {"'a' in profile.tags", "bool"},
        {"'a' in counts", "bool"},
        {"'a' in profile", "bool"},
        {"1 in x", "bool"},
        {"x in [1, 2]", "bool"},
        {"1 in [1.0, 2.0]", "bool"},
        {"profile.first_name < 3", "error@20: no matching overload for '<' applied to (string, int)"},
        {"'a' == 1", "error@5: no matching overload for '==' applied to (string, int)"},
        {"'a' != true", "error@5: no matching overload for '!='"},
        {"now < 1", "error@5: no matching overload for '<' applied to (timestamp, int)"},
        {"now < 1h", "error@5: no matching overload for '<'"},
        {"[1] < [2]", "error@5: no matching overload for '<'"},
        {"x < [2]", "error@3: no matching overload for '<' applied to (dyn, list(int))"},
        {"null < 1", "error@6: no matching overload for '<'"},
        {"1 in profile.tags", "error@3: no matching overload for 'in' applied to (int, list(string))"},
        {"1 in counts", "error@3: no matching overload for 'in'"},
        {"1 in 2", "error@3: no matching overload for 'in' applied to (int, int)"},
        {"[1] == ['a']", "error@5: no matching overload for '=='"},
    });
}

TEST_CASE("conditionals, coalesce, indexes and map keys", "[checker]") {
    check_rows({
        {"profile.vip ? 1 : 2", "int"},
        {"x ? 'a' : 'b'", "string"},
        {"profile.vip ? x : 2", "dyn"},
        {"profile.vip ? null : 'a'", "string"},
        {"profile.vip ? [1] : []", "list(int)"},
        {"profile.vip ? 1 : 'a'", "error@13: branches of '?:' have different types (int and string)"},
        {"1 ? 2 : 3", "error@1: condition of '?:' must be bool, got int"},
        {"profile.age ?? 0", "int"},
        {"profile.age ?? 'unknown'", "dyn"},
        {"x ?? 1", "dyn"},
        {"null ?? 'a'", "string"},
        {"profile.tags[0]", "string"},
        {"profile.tags[0u]", "string"},
        {"profile.tags[x]", "string"},
        {"profile.tags['a']", "error@13: no matching overload for '[]' applied to (list(string), string)"},
        {"counts[1]", "error@7: no matching overload for '[]' applied to (map(string, int), int)"},
        {"'abc'[0]", "error@6: no matching overload for '[]' applied to (string, int)"},
        {"{1.5: 'a'}", "error@2: unsupported map key type 'double'"},
        {"{[1]: 'a'}", "error@2: unsupported map key type 'list(int)'"},
        {"{x: 1}", "map(dyn, int)"},
        {"{true: 1, false: 2}", "map(bool, int)"},
    });
}

TEST_CASE("built-in functions", "[checker]") {
    check_rows({
        {"size('abc')", "int"},
        {"'abc'.size()", "int"},
        {"size(b'abc')", "int"},
        {"size([1])", "int"},
        {"size({'a': 1})", "int"},
        {"profile.tags.size()", "int"},
        {"size(x)", "int"},
        {"size(1)", "error@1: no matching overload for 'size' applied to (int)"},
        {"size('a', 'b')", "error@1: no matching overload for 'size' applied to (string, string)"},
        {"int('1')", "int"},
        {"int(1.5)", "int"},
        {"int(now)", "int"},
        {"int(true)", "error@1: no matching overload for 'int' applied to (bool)"},
        {"uint(1)", "uint"},
        {"double(1)", "double"},
        {"string(1)", "string"},
        {"string(now)", "string"},
        {"string([1])", "error@1: no matching overload for 'string'"},
        {"bool('true')", "bool"},
        {"bytes('a')", "bytes"},
        {"type(1)", "type"},
        {"dyn(1)", "dyn"},
        {"timestamp('2026-01-01T00:00:00Z')", "timestamp"},
        {"timestamp(0)", "timestamp"},
        {"duration('3d')", "duration"},
        {"duration(1)", "error@1: no matching overload for 'duration' applied to (int)"},
        {"'abc'.matches('^a')", "bool"},
        {"matches('abc', 'b+')", "bool"},
        {"'abc'.matches('(')", "error@15: invalid regular expression"},
        {"'abc'.contains('b')", "bool"},
        {"'abc'.startsWith('a')", "bool"},
        {"'abc'.endsWith('c')", "bool"},
        {"'abc'.contains(1)", "error@7: no matching overload for 'contains' applied to string.(int)"},
        {"profile.age.startsWith('1')", "error@13: no matching overload for 'startsWith' applied to int.(string)"},
        {"' A '.trim().lowerAscii().upperAscii()", "string"},
        {"'a'.lowerAscii(1)", "error@5: no matching overload for 'lowerAscii'"},
        {"[1, 2].sum()", "int"},
        {"[1.5].sum()", "double"},
        {"[1h, 2h].sum()", "duration"},
        {"['a'].sum()", "error@7: no matching overload for 'sum' applied to list(string).()"},
        {"[1, 2].min()", "int"},
        {"[now].max()", "timestamp"},
        {"x.max()", "dyn"},
        {"events.map(e, e.amount).sum()", "dyn"},
        {"now.getHours()", "int"},
        {"now.getHours('Europe/Paris')", "int"},
        {"now.getDayOfWeek('+05:30')", "int"},
        {"now.getFullYear('Mars/Olympus')", "error@17: unknown time zone 'Mars/Olympus'"},
        {"1h.getMinutes()", "int"},
        {"1h.getFullYear()", "error@4: no matching overload for 'getFullYear' applied to duration.()"},
        {"now.getMilliseconds()", "int"},
        {"x.getMonth()", "int"},
    });
}

TEST_CASE("host functions resolve to their declaration", "[checker]") {
    check_rows({
        {"inSegment('vip')", "bool"},
        {"inSegment(x)", "bool"},
        {"inSegment(1)", "error@1: no matching overload for 'inSegment' applied to (int)"},
        {"inSegment()", "error@1: no matching overload for 'inSegment' applied to ()"},
        {"'a'.inSegment()", "error@5: unknown function 'inSegment'"},
        {"'a'.shout(2)", "string"},
        {"shout('a', 2)", "error@1: unknown function 'shout'"},
    });
    CompileResult r = compile("inSegment('a') && 'x'.shout(1) == 'X'", environment());
    REQUIRE(r.ok());
    const Node& root = r.program->root();
    CHECK(root.children[0]->overload == 0);
    CHECK(root.children[1]->children[0]->overload == 1);
    CompileResult builtin = compile("size('a')", environment());
    REQUIRE(builtin.ok());
    CHECK(builtin.program->root().overload == -1);
}

TEST_CASE("macros type their variable and result", "[checker]") {
    check_rows({
        {"has(profile.age)", "bool"},
        {"has(x.y)", "bool"},
        {"has(counts.a)", "bool"},
        {"has(profile.age.x)", "error@17: type 'int' has no fields"},
        {"profile.tags.all(t, t.size() > 1)", "bool"},
        {"profile.tags.exists(t, t == 'a')", "bool"},
        {"profile.tags.exists_one(t, t == 'a')", "bool"},
        {"profile.tags.filter(t, t != 'a')", "list(string)"},
        {"profile.tags.map(t, t.size())", "list(int)"},
        {"profile.tags.map(t, t != '', t.size())", "list(int)"},
        {"counts.filter(k, counts[k] > 1)", "list(string)"},
        {"counts.all(k, k.startsWith('a'))", "bool"},
        {"x.map(v, v)", "list(dyn)"},
        {"events.exists(e, e.type == 'purchase' && e.amount > 10)", "bool"},
        {"events.filter(e, e.type == 'purchase').map(e, e.properties.amount).sum()", "dyn"},
        {"[1, 2].all(v, [3].exists(w, v < w))", "bool"},
        {"[1].map(v, ['a'].map(v, v))", "list(list(string))"},
        {"[1].all(now, now > 0)", "bool"},
        {"[1].map(v, v) + [2].map(v, v)", "list(int)"},
        {"1.all(v, true)", "error@3: all() cannot iterate over int"},
        {"profile.tags.all(t, t)", "error@21: the predicate of all() must be bool, got string"},
        {"profile.tags.map(t, 1, t)", "error@21: the predicate of map() must be bool, got int"},
        {"profile.tags.all(t, t > 1)", "error@23: no matching overload for '>' applied to (string, int)"},
        {"[true].exists(v, v) || v", "error@24: undeclared reference to 'v'"},
    });
}

TEST_CASE("macro variables get distinct slots after the environment's", "[checker]") {
    const Environment& env = environment();
    int base = env.variable_count();
    CompileResult r = compile("[1].all(a, [2].all(b, a < b)) && [3].exists(c, c > 0)", env);
    REQUIRE(r.ok());
    const Node& root = r.program->root();
    const Node& outer = *root.children[0];
    const Node& inner = *outer.children[1];
    const Node& sibling = *root.children[1];
    CHECK(outer.slot == base);
    CHECK(inner.slot == base + 1);
    CHECK(sibling.slot == base);
    // a < b inside: a is the outer variable, b the inner one.
    const Node& less = *inner.children[1];
    CHECK(less.children[0]->slot == base);
    CHECK(less.children[1]->slot == base + 1);
    CHECK(r.program->frame_size() == base + 2);

    // Shadowing: the inner `v` is a string, the outer an int.
    CompileResult shadow = compile("[1].map(v, ['a'].map(v, v + 'b'))", env);
    REQUIRE(shadow.ok());
    const Node& inner_map = *shadow.program->root().children[1];
    CHECK(inner_map.children[1]->children[0]->slot == base + 1);

    CompileResult plain = compile("now", env);
    REQUIRE(plain.ok());
    CHECK(plain.program->root().slot == *env.slot_of("now"));
    CHECK(plain.program->frame_size() == base);
}

TEST_CASE("conditions must be bool", "[checker]") {
    CompileOptions condition;
    condition.expect_bool = true;
    check_rows({
        {"profile.age >= 25", "bool"},
        {"x", "dyn"},
        {"profile.attrs.flag", "dyn"},
        {"inSegment('vip')", "bool"},
        {"profile.age", "error@9: condition must be bool, got int"},
        {"'yes'", "error@1: condition must be bool, got string"},
        {"[true]", "error@1: condition must be bool, got list(bool)"},
        {"profile.age + 1", "error@13: condition must be bool, got int"},
    },
               condition);
}

TEST_CASE("literal arguments are validated at compile time", "[checker]") {
    check_rows({
        {"timestamp('2026-13-01T00:00:00Z')", "error@11: "},
        {"timestamp('not a time')", "error@11: "},
        {"duration('forever')", "error@10: "},
        {"duration('90d') > 1d", "bool"},
        {"'a'.matches('[')", "error@13: invalid regular expression"},
    });
}

TEST_CASE("compile reports every checker error in source order", "[checker]") {
    CompileResult r = compile("profile.nope == 1 || y > 'a' || 1 + 'b' == 2", environment());
    CHECK_FALSE(r.ok());
    REQUIRE(r.diagnostics.size() == 3);
    CHECK(r.diagnostics[0].message.find("unknown field 'nope'") != std::string::npos);
    CHECK(r.diagnostics[1].message.find("undeclared reference to 'y'") != std::string::npos);
    CHECK(r.diagnostics[2].message.find("'+'") != std::string::npos);
    CHECK(r.diagnostics[0].span.offset < r.diagnostics[1].span.offset);
    CHECK(r.diagnostics[1].span.offset < r.diagnostics[2].span.offset);

    CompileResult syntax = compile("1 +", environment());
    CHECK_FALSE(syntax.ok());
    REQUIRE(syntax.diagnostics.size() == 1);

    CompileResult ok = compile("profile.age > 1", environment());
    REQUIRE(ok.ok());
    CHECK(ok.diagnostics.empty());
    CHECK(ok.program->source() == "profile.age > 1");
    CHECK(ok.program->environment().variable_count() == environment().variable_count());
}

TEST_CASE("environments and activations", "[checker]") {
    Environment env = Environment::standard();
    CHECK(env.variable_count() == 1);
    CHECK(env.slot_of("now") == 0);
    CHECK(env.type_of(0).kind() == TypeKind::Timestamp);
    int a = env.declare("a", Type::of(TypeKind::Int));
    CHECK(a == 1);
    CHECK(env.declare("a", Type::of(TypeKind::String)) == 1);
    CHECK(env.type_of(1).kind() == TypeKind::String);
    CHECK_FALSE(env.slot_of("b").has_value());
    CHECK(checked("now") == "timestamp");
    CHECK(compile("now", Environment()).diagnostics.at(0).message == "undeclared reference to 'now'");

    Activation act(env);
    CHECK_FALSE(act.has(1));
    CHECK(act.get(1).is_error());
    CHECK(act.get(1).as_string().find("'a'") != std::string_view::npos);
    act.set(1, Value::integer(5));
    CHECK(act.has(1));
    CHECK(act.get(1).as_int() == 5);
    CHECK(act.get(99).is_error());
    CHECK(act.get(-1).is_error());
}

TEST_CASE("types name themselves and compare", "[checker]") {
    Type record = Type::record("profile", {{"age", Type::of(TypeKind::Int)}});
    CHECK(record.name() == "profile");
    CHECK(record.is_record());
    CHECK(record.kind() == TypeKind::Map);
    CHECK(record.key().kind() == TypeKind::String);
    CHECK(record.field("age")->kind() == TypeKind::Int);
    CHECK_FALSE(record.field("agee").has_value());
    CHECK(Type::list(Type::of(TypeKind::Int)).name() == "list(int)");
    CHECK(Type::map(Type::of(TypeKind::String), Type::dyn()).name() == "map(string, dyn)");
    CHECK(Type::of(TypeKind::Null).name() == "null_type");
    CHECK(Type::dyn().accepts(Type::of(TypeKind::Int)));
    CHECK(Type::of(TypeKind::Int).accepts(Type::dyn()));
    CHECK_FALSE(Type::of(TypeKind::Int).accepts(Type::of(TypeKind::String)));
    CHECK(Type::list(Type::dyn()).accepts(Type::list(Type::of(TypeKind::Int))));
    CHECK_FALSE(Type::list(Type::of(TypeKind::String)).accepts(Type::list(Type::of(TypeKind::Int))));
    CHECK(Type::map(Type::of(TypeKind::String), Type::dyn()).accepts(record));
    CHECK(Type::list(Type::of(TypeKind::Int)) == Type::list(Type::of(TypeKind::Int)));
    CHECK_FALSE(Type::list(Type::of(TypeKind::Int)) == Type::list(Type::dyn()));
    CHECK(Type::of(TypeKind::Int).element().is_dyn());
}
