// The cost model (core/expr/cost.hpp): the checker's worst-case estimate
// refuses explosive expressions and only those; the evaluator's count ends
// an evaluation that goes past the limit with an error no operator absorbs.
#include <catch2/catch.hpp>

#include <string>

#include "core/expr/checker.hpp"
#include "core/expr/cost.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/parser.hpp"

using namespace journeyctl::core::expr;

namespace {

// `[0, 1, ..., 9]`
std::string ten() { return "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"; }

// range.map(v1, range.map(v2, ... 1)) nested `depth` deep.
std::string nested_maps(const std::string& range, int depth) {
    std::string text = "1";
    for (int i = depth; i >= 1; --i) text = range + ".map(v" + std::to_string(i) + ", " + text + ")";
    return text;
}

struct Fixture {
    Environment env = Environment::standard();
    int list = env.declare("L", Type::list(Type::of(TypeKind::Int)));
    int events = env.declare("events", Type::list(Type::dyn()));
    int text = env.declare("s", Type::of(TypeKind::String));

    uint64_t estimate(const std::string& source) {
        ParseResult parsed = parse(source);
        REQUIRE(parsed.root);
        CheckResult checked = check(*parsed.root, env, {.cost_limit = UINT64_MAX});
        REQUIRE(checked.diagnostics.empty());
        return estimate_cost(*parsed.root, k_default_cost_limit).cost;
    }

    Value run(const std::string& source, Value list_value, CompileOptions options = {}) {
        CompileResult compiled = compile(source, env, options);
        REQUIRE(compiled.ok());
        Evaluator evaluator(compiled.program);
        Activation activation(env);
        activation.set(list, std::move(list_value));
        activation.set(events, Value::list(ListValue{}));
        activation.set(text, Value::string(std::string(10'000, 'x')));
        return evaluator.evaluate(activation);
    }
};

Value ints(int n) {
    ListValue items;
    for (int i = 0; i < n; ++i) items.push_back(Value::integer(i));
    return Value::list(std::move(items));
}

bool is_cost_error(const Value& v) {
    return v.is_error() && v.as_string() == "expression exceeded its cost limit of " + std::to_string(k_default_cost_limit);
}

}  // namespace

TEST_CASE("cost estimate: literal sizes are exact, data counts as one element", "[expr][cost]") {
    Fixture fx;
    // The list literal (3 elements), then 3 iterations each adding an element.
    CHECK(fx.estimate("[1, 2, 3].map(x, x * 2)") == 3 + 3 * 2);
    // A list from data counts as one element: one iteration, one comparison.
    CHECK(fx.estimate("events.exists(e, e.type == 'x')") == 2);
    // Nesting multiplies: 10 iterations of (1 + 10 iterations of 2) plus the literals.
    CHECK(fx.estimate(nested_maps(ten(), 2)) == 10 + 10 * (1 + 10 + 10 * 2 + 1));
    // Strings cost by the started 32 bytes.
    CHECK(fx.estimate("'" + std::string(64, 'a') + "' + 'b'") == string_cost(65));
    // The dearer branch of ?: counts.
    CHECK(fx.estimate("true ? [1] : [1, 2, 3]") == 3);
    // Over filter(): the worst case keeps every element, so the size flows on.
    CHECK(fx.estimate("[1, 2].filter(x, x > 1).map(y, y)") == 2 + 2 * 2 + 2 * 2);
}

TEST_CASE("cost check: eight nested maps over a ten-item list are refused", "[expr][cost]") {
    Fixture fx;
    const std::string source = nested_maps(ten(), 8);
    CompileResult compiled = compile(source, fx.env);
    REQUIRE_FALSE(compiled.ok());
    REQUIRE(compiled.diagnostics.size() == 1);
    const ExprDiagnostic& d = compiled.diagnostics[0];
    CHECK(d.over_cost_limit);
    CHECK_FALSE(d.is_warning);
    CHECK(d.message.find("over the cost limit of 1000000") != std::string::npos);
    // At the outermost map: the first `map` of the text.
    CHECK(d.span.offset == source.find("map"));
    // Five deep is 10^5 iterations: allowed.
    CHECK(compile(nested_maps(ten(), 5), fx.env).ok());
    // Six deep is over the limit (10^6 iterations and as many elements).
    CHECK_FALSE(compile(nested_maps(ten(), 6), fx.env).ok());
}

TEST_CASE("cost check: ordinary expressions pass", "[expr][cost]") {
    Fixture fx;
    for (const char* source : {
             "events.filter(e, e.type == 'purchase').size() >= 2",
             "events.exists(e, e.type == 'purchase' && events.exists(f, f.type == 'refund'))",
             "events.map(e, e.amount).sum() > 100",
             "['gold', 'platinum'].exists(t, events.exists(e, e.tier == t))",
             "L.map(a, L.map(b, L.map(c, L.map(d, L.map(e, L.map(f, L.map(g, L.map(h, 1))))))))",
             "s.lowerAscii().contains('x')",
         }) {
        INFO(source);
        CHECK(compile(source, fx.env).ok());
    }
}

TEST_CASE("cost check: the limit is an option", "[expr][cost]") {
    Fixture fx;
    CHECK(compile("[1, 2, 3]", fx.env, {.cost_limit = 3}).ok());
    CompileResult refused = compile("[1, 2, 3, 4]", fx.env, {.cost_limit = 3});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.diagnostics[0].over_cost_limit);
    CHECK(refused.diagnostics[0].message.find("estimated at 4, over the cost limit of 3") != std::string::npos);
    // A type error is reported alone: the cost of a broken tree means nothing.
    CompileResult broken = compile("[1, 2, 3, 4] + 'a'", fx.env, {.cost_limit = 3});
    REQUIRE(broken.diagnostics.size() == 1);
    CHECK_FALSE(broken.diagnostics[0].over_cost_limit);
}

TEST_CASE("cost at run time: a bomb over a variable's list stops at the limit", "[expr][cost]") {
    Fixture fx;
    // Passes the check (L's size is unknown), would be 10^8 elements.
    const std::string bomb = nested_maps("L", 8);
    CHECK(is_cost_error(fx.run(bomb, ints(10))));
    // Over one element it is cheap.
    CHECK(fx.run(bomb, ints(1)).to_cel_literal() == "[[[[[[[[1]]]]]]]]");
    // Loops that build nothing are counted too.
    CHECK(is_cost_error(fx.run("L.all(a, L.all(b, L.all(c, L.all(d, true))))", ints(40))));
    CHECK(is_cost_error(fx.run("L.filter(a, L.filter(b, L.exists(c, L.exists_one(d, false))).size() > 0)", ints(40))));
}

TEST_CASE("cost at run time: the error is not absorbed", "[expr][cost]") {
    Fixture fx;
    const std::string bomb = "L.exists(a, L.exists(b, L.exists(c, L.exists(d, false))))";
    CHECK(is_cost_error(fx.run(bomb + " || true", ints(40))));
    CHECK(is_cost_error(fx.run("true || " + bomb, ints(40))) == false);  // never evaluated
    CHECK(is_cost_error(fx.run("(" + nested_maps("L", 5) + ")[0] ?? 1", ints(40))));
    CHECK(is_cost_error(fx.run("L.all(x, " + bomb + ")", ints(40))));
}

TEST_CASE("cost at run time: lists, strings and functions are charged", "[expr][cost]") {
    Fixture fx;
    const CompileOptions small{.cost_limit = 100};
    auto over = [](const Value& v) { return v.is_error() && v.as_string() == "expression exceeded its cost limit of 100"; };
    CHECK(over(fx.run("L + L", ints(60), small)));
    CHECK(fx.run("(L + L).size()", ints(40), small).to_cel_literal() == "80");
    CHECK(over(fx.run("7 in L", ints(200), small)));
    CHECK(over(fx.run("L.sum()", ints(200), small)));
    CHECK(over(fx.run("L == L", ints(200), small)));
    CHECK(fx.run("L.size()", ints(200), small).to_cel_literal() == "200");
    // s is 10,000 bytes: 313 units to scan or copy.
    CHECK(over(fx.run("s.contains('y')", ints(1), small)));
    CHECK(over(fx.run("s + 'y'", ints(1), small)));
    CHECK(over(fx.run("s.upperAscii().size()", ints(1), small)));
    CHECK(fx.run("s.size()", ints(1), small).to_cel_literal() == "10000");
}

TEST_CASE("cost at run time: each evaluation counts afresh", "[expr][cost]") {
    Fixture fx;
    CompileResult compiled = compile("L.map(a, L.map(b, L.map(c, a + b + c)))", fx.env);
    REQUIRE(compiled.ok());
    Evaluator evaluator(compiled.program);
    Activation activation(fx.env);
    activation.set(fx.list, ints(200));
    CHECK(is_cost_error(evaluator.evaluate(activation)));
    activation.set(fx.list, ints(2));
    CHECK(evaluator.evaluate(activation).to_cel_literal() == "[[[0, 1], [1, 2]], [[1, 2], [2, 3]]]");
    // 79^3 iterations of the inner map and as many elements, plus the outer
    // ones: 998,718 units, just under the limit.
    activation.set(fx.list, ints(79));
    CHECK(evaluator.evaluate(activation).kind() == Value::Kind::List);
    // Again, with the count of the previous evaluations forgotten.
    CHECK(evaluator.evaluate(activation).kind() == Value::Kind::List);
}
