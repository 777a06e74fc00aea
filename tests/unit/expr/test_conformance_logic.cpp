// Conformance: logical operators and the conditional (langdef "Logical
// Operators"). && and || are commutative on errors: an operand that decides
// the result (false for &&, true for ||) wins over an error or a non-bool on
// the other side, whichever side it is on; otherwise the error propagates.
// The conditional evaluates only the branch it takes.
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_truth_tables[] = {
    {"true && true", "true"},
    {"true && false", "false"},
    {"false && true", "false"},
    {"false && false", "false"},
    {"true || true", "true"},
    {"true || false", "true"},
    {"false || true", "true"},
    {"false || false", "false"},
    {"!true", "false"},
    {"!false", "true"},
    {"!!true", "true"},
    {"!!!true", "false"},
    {"!(1 < 2)", "false"},
    {"!true == false", "true"},
    // && binds tighter than ||.
    {"true || false && false", "true"},
    {"false && false || true", "true"},
    {"(true || false) && false", "false"},
    {"false || false || false || true", "true"},
    {"true && true && true && false", "false"},
    {"1 < 2 && 2 < 3", "true"},
    {"1 == 1 || 1 / 0 == 1", "true"},
    {"!1", "compile error"},
    {"1 && true", "compile error"},
    {"true || 'a'", "compile error"},
    {"!dyn(1)", "error"},
};

constexpr Case k_error_absorption[] = {
    {"false && (1 / 0 == 1)", "false"},
    {"(1 / 0 == 1) && false", "false"},
    {"true || (1 / 0 == 1)", "true"},
    {"(1 / 0 == 1) || true", "true"},
    {"(1 / 0 == 1) && true", "error: by zero"},
    {"true && (1 / 0 == 1)", "error: by zero"},
    {"(1 / 0 == 1) || false", "error: by zero"},
    {"false || (1 / 0 == 1)", "error: by zero"},
    {"(1 / 0 == 1) && (2 / 0 == 1)", "error"},
    {"(1 / 0 == 1) || (2 / 0 == 1)", "error"},
    {"false && (2 / 0 > 3 ? false : true)", "false"},
    {"(2 / 0 > 3 ? false : true) && false", "false"},
    {"true || (2 / 0 > 3 ? false : true)", "true"},
    {"(2 / 0 > 3 ? false : true) || true", "true"},
    // Deeper: the deciding operand may be anywhere in a chain.
    {"(1 / 0 == 1) && true && false", "false"},
    {"true && (1 / 0 == 1) && false", "false"},
    {"(1 / 0 == 1) || false || true", "true"},
    {"((1 / 0 == 1) || true) && ((2 / 0 == 1) || true)", "true"},
    {"((1 / 0 == 1) && true) || true", "true"},
    {"!((1 / 0 == 1) && false)", "true"},
    {"!((1 / 0 == 1) || false)", "error"},
    // A non-bool is treated like an error (dyn hides it from the checker).
    {"false && dyn(32)", "false"},
    {"dyn('horses') && false", "false"},
    {"true || dyn(32)", "true"},
    {"dyn('horses') || true", "true"},
    {"dyn('less filling') && dyn('tastes great')", "error"},
    {"dyn('less filling') || dyn('tastes great')", "error"},
    {"dyn(1) && true", "error"},
    {"false || dyn(1)", "error"},
    // A bad constant argument is a runtime error in langdef, absorbed here;
    // CEL implementations may also reject it while planning (cel-go and
    // cel-cpp precompile constant regexes), which we accept too.
    {"false && timestamp('0000-01-01T00:00:00Z') < now", "false | compile error"},
    {"true || 'abc'.matches('(')", "true | compile error"},
    {"false && now.getHours('Mars/Olympus_Mons') == 1", "false | compile error"},
    {"false && duration('1') > duration('0s')", "false | compile error"},
    // Errors from missing map keys are absorbed the same way.
    {"false && {'a': 1}.b == 1", "false"},
    {"{'a': 1}.b == 1 || true", "true"},
    {"{'a': 1}.b == 1 && true", "error"},
};

constexpr Case k_conditional[] = {
    {"true ? 1 : 2", "1"},
    {"false ? 1 : 2", "2"},
    {"false ? 'foo' : 'bar'", R"("bar")"},
    {"1 < 2 ? 'yes' : 'no'", R"("yes")"},
    {"true ? 1 : 1 / 0", "1"},
    {"false ? 1 / 0 : 2", "2"},
    {"2 / 0 > 4 ? 'baz' : 'quux'", "error: by zero"},
    {"true ? 1 / 0 : 2", "error: by zero"},
    // Right-associative: a ? b : (c ? d : e). The middle operand is a
    // ConditionalOr in langdef's grammar, so a conditional there needs
    // parentheses.
    {"false ? 1 : true ? 2 : 3", "2"},
    {"false ? 1 : false ? 2 : 3", "3"},
    {"true ? (false ? 1 : 2) : 3", "2"},
    {"true ? (true ? 1 : 2) : 3", "1"},
    // Accepting it anyway (as a nested conditional) is a harmless superset.
    {"true ? false ? 1 : 2 : 3", "compile error@14 | 2"},
    // Lowest precedence: the condition takes the whole || chain.
    {"false || true ? 1 : 2", "1"},
    {"true && false ? 1 : 2", "2"},
    {"true ? 1 + 1 : 2 * 5", "2"},
    {"(true ? 1 : 2) + 10", "11"},
    {"[true ? 1 : 2, false ? 3 : 4]", "[1, 4]"},
    {"'cows' ? false : 17", "compile error"},
    {"1 ? 2 : 3", "compile error"},
    {"true ? 1", "compile error"},
    {"true ? : 2", "compile error"},
    {"dyn('cows') ? false : true", "error"},
    {"true ? dyn('cows') : dyn(17)", R"("cows")"},
    {"false ? dyn('cows') : dyn(17)", "17"},
    // Traditional short-circuit via the conditional.
    {"false ? (1 / 0 == 1) : false", "false"},
    {"(1 / 0 == 1) ? true : false", "error: by zero"},
};

}  // namespace

TEST_CASE("conformance: truth tables and precedence of ! && ||", "[conformance][logic]") {
    check_cases(k_truth_tables);
}

TEST_CASE("conformance: && and || absorb errors commutatively", "[conformance][logic]") {
    check_cases(k_error_absorption);
}

TEST_CASE("conformance: the conditional operator", "[conformance][logic]") {
    check_cases(k_conditional);
}
