// Evaluator options a host uses for speed: variables fixed for the
// Evaluator's life (folded with the literals around them) and shortcuts
// that evaluate a node in the host's own way.
#include <catch2/catch.hpp>

#include <utility>

#include "core/expr/expression.hpp"

using namespace journeyctl::core::expr;

namespace {

constexpr int64_t k_now = 1793491200;  // 2026-11-01T00:00:00Z

struct Compiled {
    Environment env = Environment::standard();
    int now = *env.slot_of("now");
    int x = env.declare("x", Type::of(TypeKind::Int));
    std::shared_ptr<const Program> program;
    explicit Compiled(std::string_view text) {
        CompileResult r = compile(text, env);
        REQUIRE(r.ok());
        program = r.program;
    }
};

// The first node of a kind in the tree, depth first.
const Node* find(const Node& n, NodeKind kind) {
    if (n.kind == kind) return &n;
    for (const auto& child : n.children) {
        if (const Node* found = find(*child, kind)) return found;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("A constant variable is folded with the literals around it", "[eval]") {
    Compiled c("x > 0 && now - duration('24h') > timestamp('2026-10-01T00:00:00Z')");
    const std::pair<int, Value> constants[] = {{c.now, Value::timestamp({k_now, 0})}};
    Evaluator folded(c.program, constants);
    Evaluator plain(c.program);

    const Node& root = c.program->root();
    const Node& right = *root.children[1];  // now - 24h > timestamp(...)
    REQUIRE(folded.folded_value(right) != nullptr);
    CHECK(folded.folded_value(right)->to_cel_literal() == "true");
    CHECK(folded.folded_value(*right.children[0])->to_cel_literal() == "timestamp(\"2026-10-31T00:00:00Z\")");
    CHECK(folded.folded_value(*root.children[0]) == nullptr);  // x > 0 varies
    CHECK(plain.folded_value(right) == nullptr);                // now is a variable to it

    Activation act(c.env);
    act.set(c.x, Value::integer(1));
    act.set(c.now, Value::timestamp({k_now, 0}));
    CHECK(folded.evaluate(act).to_cel_literal() == "true");
    CHECK(plain.evaluate(act).to_cel_literal() == "true");
    // The activation's `now` is not read by the folded evaluator.
    act.set(c.now, Value::timestamp({0, 0}));
    CHECK(folded.evaluate(act).to_cel_literal() == "true");
    CHECK(plain.evaluate(act).to_cel_literal() == "false");
}

TEST_CASE("A folded subexpression that fails keeps its error", "[eval]") {
    Compiled c("x == 1 || now + duration('2000000h') > now");
    const std::pair<int, Value> constants[] = {{c.now, Value::timestamp({253402300000, 0})}};  // year 9999
    Evaluator folded(c.program, constants);
    Activation act(c.env);
    act.set(c.x, Value::integer(2));
    const Value v = folded.evaluate(act);
    REQUIRE(v.is_error());
    act.set(c.x, Value::integer(1));
    CHECK(folded.evaluate(act).to_cel_literal() == "true");  // || absorbs the error
}

TEST_CASE("A shortcut evaluates its node, or hands it back to the evaluator", "[eval]") {
    Compiled c("[1, 2, 3].exists(i, i == x) && x < 10");
    Evaluator evaluator(c.program);
    const Node* macro = find(c.program->root(), NodeKind::Macro);
    REQUIRE(macro != nullptr);
    int calls = 0;
    evaluator.set_shortcut(*macro, [&](const Activation& activation, Value& out) {
        ++calls;
        if (activation.get(c.x).as_int() == 7) {
            out = Value::boolean(true);  // the host's answer
            return true;
        }
        return false;  // the evaluator's own
    });
    Activation act(c.env);
    act.set(c.now, Value::timestamp({k_now, 0}));
    act.set(c.x, Value::integer(7));
    CHECK(evaluator.evaluate(act).to_cel_literal() == "true");
    act.set(c.x, Value::integer(2));
    CHECK(evaluator.evaluate(act).to_cel_literal() == "true");
    act.set(c.x, Value::integer(5));
    CHECK(evaluator.evaluate(act).to_cel_literal() == "false");
    CHECK(calls == 3);
}

TEST_CASE("A shortcut can evaluate parts of its node, their shortcuts included", "[eval]") {
    Compiled c("x > 1 && [1, 2].exists(i, i == x)");
    Evaluator evaluator(c.program);
    const Node& root = c.program->root();
    const Node* macro = find(root, NodeKind::Macro);
    REQUIRE(macro != nullptr);
    Evaluator::Part left = evaluator.part(*root.children[0]);
    Evaluator::Part right = evaluator.part(*macro);
    REQUIRE(left);
    REQUIRE(right);
    int macro_calls = 0;
    evaluator.set_shortcut(*macro, [&](const Activation&, Value&) {
        ++macro_calls;
        return false;
    });
    evaluator.set_shortcut(root, [&](const Activation& activation, Value& out) {
        const Value a = left(activation);
        const Value b = right(activation);
        out = Value::string(a.to_cel_literal() + " " + b.to_cel_literal());  // not what && gives: seen as the host's
        return true;
    });
    Activation act(c.env);
    act.set(c.now, Value::timestamp({k_now, 0}));
    act.set(c.x, Value::integer(2));
    CHECK(evaluator.evaluate(act).to_cel_literal() == "\"true true\"");
    act.set(c.x, Value::integer(0));
    CHECK(evaluator.evaluate(act).to_cel_literal() == "\"false false\"");
    CHECK(macro_calls == 2);
}
