// Parser tests: each row parses a text and compares the tree written in a
// canonical, fully parenthesized form (so precedence and associativity show),
// or the first syntax error with its column.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <string_view>

#include "core/expr/parser.hpp"

using namespace journeyctl::core::expr;

namespace {

std::string literal_text(const Value& v) {
    char buf[64];
    switch (v.kind()) {
        case Value::Kind::Null: return "null";
        case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
        case Value::Kind::Int: return std::to_string(v.as_int());
        case Value::Kind::Uint: return std::to_string(v.as_uint()) + "u";
        case Value::Kind::Double:
            std::snprintf(buf, sizeof buf, "%gd", v.as_double());
            return buf;
        case Value::Kind::String: return "\"" + std::string(v.as_string()) + "\"";
        case Value::Kind::Bytes: return "b\"" + std::string(v.as_string()) + "\"";
        case Value::Kind::Duration:
            return "dur(" + std::to_string(v.as_duration().seconds) + "s" +
                   (v.as_duration().nanos ? std::to_string(v.as_duration().nanos) + "n" : "") + ")";
        default: return "?";
    }
}

std::string tree(const Node& n);

std::string joined(const Node& n, size_t from, std::string_view separator = ", ") {
    std::string out;
    for (size_t i = from; i < n.children.size(); ++i) {
        if (i > from) out += separator;
        out += tree(*n.children[i]);
    }
    return out;
}

std::string tree(const Node& n) {
    static constexpr std::string_view k_ops[] = {"==", "!=", "<", "<=", ">", ">=", "in", "+", "-", "*", "/", "%"};
    static constexpr std::string_view k_macros[] = {"all", "exists", "exists_one", "filter", "map", "map"};
    const auto child = [&](size_t i) { return tree(*n.children[i]); };
    switch (n.kind) {
        case NodeKind::Literal: return literal_text(n.literal);
        case NodeKind::Ident: return n.name;
        case NodeKind::Select:
            return n.test_only ? "has(" + child(0) + "." + n.name + ")" : "(" + child(0) + "." + n.name + ")";
        case NodeKind::Index: return "(" + child(0) + "[" + child(1) + "])";
        case NodeKind::Call:
            if (n.has_target) return "(" + child(0) + "." + n.name + "(" + joined(n, 1) + "))";
            return n.name + "(" + joined(n, 0) + ")";
        case NodeKind::List: return "[" + joined(n, 0) + "]";
        case NodeKind::Map: {
            std::string out = "{";
            for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
                if (i > 0) out += ", ";
                out += child(i) + ": " + child(i + 1);
            }
            return out + "}";
        }
        case NodeKind::Conditional: return "(" + child(0) + " ? " + child(1) + " : " + child(2) + ")";
        case NodeKind::And: return "(" + child(0) + " && " + child(1) + ")";
        case NodeKind::Or: return "(" + child(0) + " || " + child(1) + ")";
        case NodeKind::Not: return "(!" + child(0) + ")";
        case NodeKind::Negate: return "(-" + child(0) + ")";
        case NodeKind::Binary:
            return "(" + child(0) + " " + std::string(k_ops[static_cast<size_t>(n.op)]) + " " + child(1) + ")";
        case NodeKind::Coalesce: return "(" + child(0) + " ?? " + child(1) + ")";
        case NodeKind::Macro:
            return "(" + child(0) + "." + std::string(k_macros[static_cast<size_t>(n.macro)]) + "(" + n.name + ", " +
                   joined(n, 1) + "))";
    }
    return "?";
}

// "tree" on success, "error@COL: message" on failure.
std::string parsed(std::string_view text) {
    ParseResult r = parse(text);
    if (r.root) {
        if (!r.diagnostics.empty()) return "tree with diagnostics?";
        return tree(*r.root);
    }
    if (r.diagnostics.size() != 1) return "no tree and " + std::to_string(r.diagnostics.size()) + " diagnostics";
    return "error@" + std::to_string(r.diagnostics[0].span.column) + ": " + r.diagnostics[0].message;
}

struct Row {
    std::string_view text;
    std::string_view expected;  // a tree, or "error@COL: part of the message"
};

void check_rows(std::initializer_list<Row> rows) {
    for (const Row& row : rows) {
        INFO("text: " << row.text);
        std::string got = parsed(row.text);
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

TEST_CASE("literals become literal nodes", "[parser]") {
    check_rows({
        {"42", "42"},
        {"42u", "42u"},
        {"1.5", "1.5d"},
        {"'a'", "\"a\""},
        {"b'a'", "b\"a\""},
        {"true", "true"},
        {"false", "false"},
        {"null", "null"},
        {"90d", "dur(7776000s)"},
        {"-7", "-7"},
        {"-1.5", "-1.5d"},
        {"-9223372036854775808", "-9223372036854775808"},
        {"--9223372036854775807", "9223372036854775807"},
        {"9223372036854775808", "error@1: integer literal out of range"},
        {"--9223372036854775808", "error@3: integer literal out of range"},
        {"-0x10", "-16"},
        {"-1u", "(-1u)"},
        {"-90d", "(-dur(7776000s))"},
        {"-1.size()", "(-1.size())"},
    });
}

TEST_CASE("operator precedence and associativity follow CEL", "[parser]") {
    check_rows({
        {"1 + 2 * 3", "(1 + (2 * 3))"},
        {"(1 + 2) * 3", "((1 + 2) * 3)"},
        {"1 - 2 - 3", "((1 - 2) - 3)"},
        {"8 / 4 / 2", "((8 / 4) / 2)"},
        {"7 % 3 * 2", "((7 % 3) * 2)"},
        {"1 + 2 < 4", "((1 + 2) < 4)"},
        {"a < b == c", "((a < b) == c)"},
        {"a == b != c", "((a == b) != c)"},
        {"a <= b", "(a <= b)"},
        {"a >= b", "(a >= b)"},
        {"a > b", "(a > b)"},
        {"x in [1, 2]", "(x in [1, 2])"},
        {"x + 1 in l", "((x + 1) in l)"},
        {"a && b || c", "((a && b) || c)"},
        {"a || b && c", "(a || (b && c))"},
        {"a || b || c", "((a || b) || c)"},
        {"a && b && c", "((a && b) && c)"},
        {"a == 1 && b < 2", "((a == 1) && (b < 2))"},
        {"a ? b : c", "(a ? b : c)"},
        {"a ? b : c ? d : e", "(a ? b : (c ? d : e))"},
        {"a ? b ? 1 : 2 : 3", "(a ? (b ? 1 : 2) : 3)"},
        {"a || b ? c : d", "((a || b) ? c : d)"},
        {"a ?? b", "(a ?? b)"},
        {"a ?? b ?? c", "((a ?? b) ?? c)"},
        {"a ?? b || c", "(a ?? (b || c))"},
        {"a ?? b ? c : d", "((a ?? b) ? c : d)"},
        {"c ? a ?? b : d", "(c ? (a ?? b) : d)"},
        {"!a", "(!a)"},
        {"!!a", "a"},
        {"!!!a", "(!a)"},
        {"-a", "(-a)"},
        {"--a", "a"},
        {"---a", "(-a)"},
        {"!a && b", "((!a) && b)"},
        {"-a * b", "((-a) * b)"},
        {"-a.b", "(-(a.b))"},
        {"!a.b()", "(!(a.b()))"},
        {"a - -b", "(a - (-b))"},
        {"1 - -1", "(1 - -1)"},
        {"a.b.c", "((a.b).c)"},
        {"a[0][1]", "((a[0])[1])"},
        {"a.b[0].c", "(((a.b)[0]).c)"},
        {"f(x)[0]", "(f(x)[0])"},
        {"a.f(x).g()", "((a.f(x)).g())"},
        {"(a)", "a"},
        {"((((a))))", "a"},
        {"now - 90d > t", "((now - dur(7776000s)) > t)"},
        {".now", "now"},
    });
}

TEST_CASE("calls, lists and maps", "[parser]") {
    check_rows({
        {"f()", "f()"},
        {"f(1, 2)", "f(1, 2)"},
        {"size(x)", "size(x)"},
        {"x.size()", "(x.size())"},
        {"s.startsWith('a')", "(s.startsWith(\"a\"))"},
        {"inSegment('vip')", "inSegment(\"vip\")"},
        {"now.getHours('Europe/Paris')", "(now.getHours(\"Europe/Paris\"))"},
        {"[]", "[]"},
        {"[1]", "[1]"},
        {"[1, 2, 3]", "[1, 2, 3]"},
        {"[1, 2,]", "[1, 2]"},
        {"[[1], []]", "[[1], []]"},
        {"{}", "{}"},
        {"{'a': 1}", "{\"a\": 1}"},
        {"{'a': 1, 'b': [2]}", "{\"a\": 1, \"b\": [2]}"},
        {"{'a': 1,}", "{\"a\": 1}"},
        {"{1: 'x', true: 'y'}", "{1: \"x\", true: \"y\"}"},
        {"[1, 2][0]", "([1, 2][0])"},
        {"{'a': 1}.a", "({\"a\": 1}.a)"},
        {"m['k']", "(m[\"k\"])"},
        {"a.if", "(a.if)"},
    });
}

TEST_CASE("macros", "[parser]") {
    check_rows({
        {"has(a.b)", "has(a.b)"},
        {"has(a.b.c)", "has((a.b).c)"},
        {"!has(a.b)", "(!has(a.b))"},
        {"l.all(x, x > 0)", "(l.all(x, (x > 0)))"},
        {"l.exists(x, x == 1)", "(l.exists(x, (x == 1)))"},
        {"l.exists_one(x, x)", "(l.exists_one(x, x))"},
        {"l.filter(x, x < 3)", "(l.filter(x, (x < 3)))"},
        {"l.map(x, x * 2)", "(l.map(x, (x * 2)))"},
        {"l.map(x, x > 1, x * 2)", "(l.map(x, (x > 1), (x * 2)))"},
        {"events.filter(e, e.type == 'purchase').map(e, e.amount).sum()",
         "(((events.filter(e, ((e.type) == \"purchase\"))).map(e, (e.amount))).sum())"},
        {"l.all(x, l.exists(y, x == y))", "(l.all(x, (l.exists(y, (x == y)))))"},
        {"all(x, y)", "all(x, y)"},
        {"has(a)", "error@1: invalid argument to has() macro"},
        {"has(a.b())", "error@1: invalid argument to has() macro"},
        {"has(a.b, c.d)", "error@1: invalid argument to has() macro"},
        {"has()", "error@1: invalid argument to has() macro"},
        {"has(has(a.b))", "error@1: invalid argument to has() macro"},
        {"l.all(x)", "error@3: all() macro takes 2 arguments"},
        {"l.exists(x, y, z)", "error@3: exists() macro takes 2 arguments"},
        {"l.map(x)", "error@3: map() macro takes 2 or 3 arguments"},
        {"l.map(x, a, b, c)", "error@3: map() macro takes 2 or 3 arguments"},
        {"l.all(x.y, true)", "error@9: must be a simple variable name"},
        {"l.filter(1, true)", "error@10: must be a simple variable name"},
    });
}

TEST_CASE("syntax errors name what was expected and where", "[parser]") {
    check_rows({
        {"", "error@1: unexpected end of expression"},
        {"   ", "error@4: unexpected end of expression"},
        {"1 +", "error@4: unexpected end of expression"},
        {"(1 + 2", "error@7: unexpected end of expression: expected ')'"},
        {"f(1 x", "error@5: expected ')' but found 'x'"},
        {"f(1, )", "error@6: expected an expression but found ')'"},
        {"[1 2]", "error@4: expected ']' but found '2'"},
        {"{'a' 1}", "error@6: expected ':' but found '1'"},
        {"{'a': 1 'b': 2}", "error@9: expected '}' but found ''b''"},
        {"a ? b", "error@6: unexpected end of expression: expected ':'"},
        {"a ? b c", "error@7: expected ':' but found 'c'"},
        {"1 2", "error@3: expected end of expression but found '2'"},
        {"a b", "error@3: expected end of expression but found 'b'"},
        {")", "error@1: expected an expression but found ')'"},
        {"a.", "error@3: unexpected end of expression"},
        {"a.1", "error@2: expected end of expression but found '.1'"},
        {"a.(b)", "error@3: expected a field or method name after '.'"},
        {"a.true", "error@3: expected a field or method name"},
        {"a[1", "error@4: unexpected end of expression: expected ']'"},
        {"a = 1", "error@3: (did you mean '=='?)"},
        {"a & b", "error@3: (did you mean '&&'?)"},
        {"a | b", "error@3: (did you mean '||'?)"},
        {"'abc", "error@1: unterminated string literal"},
        {"1 + '\\q'", "error@6: invalid escape sequence"},
        {"x.y{a: 1}", "error@4: message construction"},
        {"!-a", "error@2: expected an expression but found '-'"},
        {"-!a", "error@2: expected an expression but found '!'"},
        {"a ?", "error@4: unexpected end of expression"},
        {"a ?? ", "error@6: unexpected end of expression"},
        {"1 +\n  )", "error@3: expected an expression but found ')'"},
        {"in", "error@1: expected an expression but found 'in'"},
        {"for", "error@1: 'for' is a reserved word"},
        {"x + while", "error@5: 'while' is a reserved word"},
        {"package.x", "error@1: 'package' is a reserved word"},
        {"if(x)", "error@1: 'if' is a reserved word"},
        {"1m1h", "error@1: largest to the smallest"},
        {"12abc + 1", "error@1: invalid number literal '12abc'"},
    });
}

TEST_CASE("backtick-quoted field names select fields", "[parser]") {
    check_rows({
        {"e.properties.`content-type`", "((e.properties).content-type)"},
        {"m.`/api/v1`", "(m./api/v1)"},
        {"m.`a.b c_1`", "(m.a.b c_1)"},
        {"m.`in`", "(m.in)"},
        {"has(e.`content-type`)", "has(e.content-type)"},
        {"m.`a`.b", "((m.a).b)"},
        {"`a`", "error@1: it must follow a '.'"},
        {"m.`a`()", "error@3: a quoted name is a field, not a method"},
        {"m.`a+b`", "error@5: not '+'"},
        {"m.`é`", "error@4: not '\xC3\xA9'"},
        {"m.``", "error@3: empty quoted field name"},
        {"m.`a", "error@3: unterminated quoted field name"},
        {"m.`a\nb`", "error@5: unterminated quoted field name"},
    });
}

TEST_CASE("an unclosed bracket notes where it was opened", "[parser]") {
    struct Row {
        std::string_view text;
        uint32_t error_column;
        uint32_t note_column;  // 0: no note
        std::string_view note;
    };
    const Row rows[] = {
        {"[1, 2", 6, 1, "'[' opened here"},
        {"[1, 2 3]", 7, 1, "'[' opened here"},
        {"{'a': 1", 8, 1, "'{' opened here"},
        {"f(1, [2, 3]", 12, 2, "'(' opened here"},
        {"f(1, [2, 3", 11, 6, "'[' opened here"},
        {"(1 + 2", 7, 1, "'(' opened here"},
        {"m[0", 4, 2, "'[' opened here"},
        {"size(x) + (", 12, 11, "'(' opened here"},
        {"f(1, )", 6, 0, ""},     // an error inside, not an unclosed bracket
        {"[1, 2] +", 9, 0, ""},   // every bracket closed
    };
    for (const Row& row : rows) {
        INFO("text: " << row.text);
        const ParseResult r = parse(row.text);
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].span.column == row.error_column);
        if (row.note_column == 0) {
            CHECK_FALSE(r.diagnostics[0].note);
        } else {
            REQUIRE(r.diagnostics[0].note);
            CHECK(r.diagnostics[0].note->span.column == row.note_column);
            CHECK(r.diagnostics[0].note->span.length == 1);
            CHECK(r.diagnostics[0].note->message == row.note);
        }
    }
}

TEST_CASE("error positions count lines", "[parser]") {
    ParseResult r = parse("a &&\n  b ||\n  )");
    REQUIRE_FALSE(r.root);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].span.line == 3);
    CHECK(r.diagnostics[0].span.column == 3);
    CHECK(r.diagnostics[0].span.offset == 14);
}

TEST_CASE("nodes carry the span of the token that names them", "[parser]") {
    ParseResult r = parse("profile.age >= 25 && f(x)");
    REQUIRE(r.root);
    const Node& and_node = *r.root;
    CHECK(and_node.span.column == 19);
    CHECK(and_node.span.length == 2);
    const Node& ge = *and_node.children[0];
    CHECK(ge.span.column == 13);
    const Node& select = *ge.children[0];
    CHECK(select.span.column == 9);
    CHECK(select.span.length == 3);
    const Node& call = *and_node.children[1];
    CHECK(call.span.column == 22);
    ParseResult list = parse("[1, 2]");
    REQUIRE(list.root);
    CHECK(list.root->span.offset == 0);
    CHECK(list.root->span.length == 6);
}

TEST_CASE("nesting is limited instead of exhausting the stack", "[parser]") {
    auto nested = [](std::string_view open, std::string_view middle, std::string_view close, int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += open;
        s += middle;
        for (int i = 0; i < n; ++i) s += close;
        return s;
    };
    CHECK(parse(nested("(", "1", ")", 100)).root != nullptr);
    CHECK(parse(nested("[", "1", "]", 100)).root != nullptr);
    for (const std::string& text : {nested("(", "1", ")", 100000), nested("[", "", "]", 100000),
                                    nested("{1:", "1", "}", 50000), nested("f(", "1", ")", 50000)}) {
        ParseResult r = parse(text);
        CHECK_FALSE(r.root);
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].message == "expression nests too deeply");
    }
    std::string chain = "a";
    for (int i = 0; i < 100000; ++i) chain += ".b";
    CHECK(parsed(chain) .find("nests too deeply") != std::string::npos);
    std::string sum = "1";
    for (int i = 0; i < 100000; ++i) sum += " + 1";
    CHECK(parsed(sum).find("nests too deeply") != std::string::npos);
    std::string nots(100000, '!');
    CHECK(parsed(nots + "a") == "a");
    std::string wide = "[";
    for (int i = 0; i < 10000; ++i) wide += "1,";
    CHECK(parse(wide + "]").root != nullptr);
}

TEST_CASE("the parser survives arbitrary bytes", "[parser]") {
    // A cheap deterministic fuzz: every prefix of some tricky inputs, and
    // pseudo-random byte strings, must parse or fail without crashing.
    const char* seeds[] = {"a.all(x, x > 1) && has(b.c) ? [1, 2,][0] : {'k': -9223372036854775808}",
                           "r'''\\u00''' + b\"\\377\" ?? 1d12h30m - .5e-3 in m[\"x\"]",
                           "'\\uD83D\\uDE00' + \"\\U0010FFFF\" + '\\x41\\101'"};
    for (const char* seed : seeds) {
        std::string s(seed);
        for (size_t i = 0; i <= s.size(); ++i) {
            ParseResult r = parse(std::string_view(s).substr(0, i));
            CHECK((r.root != nullptr) != !r.diagnostics.empty());
        }
    }
    uint32_t state = 12345;
    const std::string alphabet = "ab1.()[]{},:?!-+*/%<>=&|'\"\\ux0 \n\xC3\xA9\xFF_ind";
    for (int n = 0; n < 3000; ++n) {
        std::string s;
        int len = static_cast<int>(state % 40);
        for (int i = 0; i < len; ++i) {
            state = state * 1103515245 + 12345;
            s += alphabet[(state >> 16) % alphabet.size()];
        }
        state = state * 1103515245 + 12345;
        ParseResult r = parse(s);
        CHECK((r.root != nullptr) != !r.diagnostics.empty());
    }
}
