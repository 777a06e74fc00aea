// Conformance: the comprehension macros (langdef "Macros"): all and exists
// combine predicate results with && and || (so a deciding result absorbs
// errors from other elements), exists_one fails on any error, map and filter
// fail on any error of an element they evaluate; all/exists/exists_one range
// over map keys; macro variables are scoped to their macro and shadow outer
// names (including declared variables such as `now`).
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_all_exists[] = {
    {"[1, 2, 3].all(x, x > 0)", "true"},
    {"[1, 2, 3].all(x, x > 1)", "false"},
    {"[].all(x, x > 0)", "true"},
    {"[1, 2, 3].exists(x, x == 2)", "true"},
    {"[1, 2, 3].exists(x, x == 5)", "false"},
    {"[].exists(x, true)", "false"},
    {"[1, 2, 3].exists_one(x, x > 2)", "true"},
    {"[1, 2, 3].exists_one(x, x > 1)", "false"},
    {"[1, 2, 3].exists_one(x, x > 5)", "false"},
    {"[].exists_one(x, true)", "false"},
    {"['a', 'b'].all(s, s.size() == 1)", "true"},
    // Over a map the variable binds to each key.
    {"{'a': 1, 'b': 2}.all(k, k != '')", "true"},
    {"{'a': 1, 'b': 2}.exists(k, k == 'b')", "true"},
    {"{'a': 1, 'b': 2}.exists(k, k == 'c')", "false"},
    {"{'a': 1, 'b': 2}.exists_one(k, k > 'a')", "true"},
    {"{1: 'a', 2: 'b'}.all(k, k > 0)", "true"},
    {"{'a': 1, 'b': 2}.all(k, {'a': 1, 'b': 2}[k] > 0)", "true"},
    {"{}.exists(k, true)", "false"},
    // Error absorption, as && and ||.
    {"[0, 1].all(x, 1 / x > 0)", "error: by zero"},
    {"[0, 1].all(x, 1 / x == 5)", "false"},
    {"[1, 0].all(x, 1 / x == 5)", "false"},
    {"[0, 1].exists(x, 1 / x == 1)", "true"},
    {"[1, 0].exists(x, 1 / x == 1)", "true"},
    {"[0, 2].exists(x, 1 / x == 1)", "error: by zero"},
    {"[1, 2, 3].exists(x, x == 2 || 1 / 0 == 1)", "true"},
    {"[0, 1].exists_one(x, 1 / x == 1)", "error: by zero"},
    {"[{'a': 1}, {'b': 2}].exists(m, m.a == 1)", "true"},
    {"[{'b': 2}, {'a': 1}].all(m, m.a == 2)", "false"},
    {"[{'b': 2}].all(m, m.a == 1)", "error: no such key"},
};

constexpr Case k_map_filter[] = {
    {"[1, 2, 3].map(n, n * n)", "[1, 4, 9]"},
    {"[].map(x, x)", "[]"},
    {"['a', 'b'].map(s, s + s)", R"(["aa", "bb"])"},
    {"[1, 2].map(x, x > 1)", "[false, true]"},
    {"[1, 2].map(x, [x])", "[[1], [2]]"},
    {"[1, 2, 3].map(x, x % 2 == 1, x * 10)", "[10, 30]"},
    {"[1, 2, 3].map(x, false, x)", "[]"},
    {"[0, 1].map(x, 1 / x)", "error: by zero"},
    {"[0, 1].map(x, x > 0, 10 / x)", "[10]"},
    {"[0, 1].map(x, 1 / x > 0, x)", "error: by zero"},
    {"[1, 2, 3].filter(i, i % 2 > 0)", "[1, 3]"},
    {"[1, 2].filter(x, x > 5)", "[]"},
    {"[].filter(x, true)", "[]"},
    {"['a', 'bb', 'ccc'].filter(s, s.size() >= 2)", R"(["bb", "ccc"])"},
    {"[0, 1].filter(x, 1 / x > 0)", "error: by zero"},
    {"[1, 2, 3].filter(x, x > 1).size()", "2"},
    {"[{'a': 1}, {'b': 2}].filter(m, has(m.a))", R"([{"a": 1}])"},
    {"[{'a': 1}, {'b': 2}].map(m, m.a)", "error: no such key"},
    {"[{'a': 1}, {'b': 2}].map(m, has(m.a), m.a)", "[1]"},
};

constexpr Case k_nesting_and_scope[] = {
    {"[[1, 2], [3]].all(l, l.all(x, x > 0))", "true"},
    {"[[1, 2], []].exists(l, l.exists(x, x == 2))", "true"},
    {"[1, 2].map(x, [3, 4].map(y, x * y))", "[[3, 4], [6, 8]]"},
    {"[1, 2].exists(x, [2, 3].exists(y, x == y))", "true"},
    {"[1, 2, 3].filter(x, x > 1).map(x, x * 2)", "[4, 6]"},
    {"[1, 2, 3].map(x, x * 2).filter(x, x > 2)", "[4, 6]"},
    {"[1, 2, 3, 4, 5, 6].filter(x, x % 2 == 0).map(x, x * x).exists(y, y == 16)", "true"},
    {"[1, 2, 3].map(x, x).map(x, x).map(x, x).map(x, x)", "[1, 2, 3]"},
    // Shadowing: the inner x hides the outer one only inside the inner macro.
    {"[1, 2].all(x, [3, 4].all(x, x > 2))", "true"},
    {"[1, 2].map(x, [10].map(x, x + 1))", "[[11], [11]]"},
    {"[1, 2].map(x, [10].map(x, x)[0] + x)", "[11, 12]"},
    {"[1, 2].map(x, [10].map(y, y)[0] + x)", "[11, 12]"},
    {"[1, 2].exists(x, x == 2) && [3].all(x, x == 3)", "true"},
    {"[[1], [2]].map(x, x.map(x, x * 10))", "[[10], [20]]"},
    // A macro variable shadows a declared variable of the same name.
    {"[1].map(now, now + 1)", "[2]"},
    {"[1].all(now, now == 1) && now > timestamp('2000-01-01T00:00:00Z')", "true"},
    // The variable does not exist outside its macro.
    {"[1].all(x, true) && x == 1", "compile error"},
    {"x", "compile error"},
    // Malformed macro calls.
    {"[1].all(1, true)", "compile error"},
    {"[1].all(x)", "compile error"},
    {"[1].exists(x.y, true)", "compile error"},
    {"[1].map(x)", "compile error"},
    {"[1].filter(x, x > 0, x)", "compile error"},
    {"[1].all(x, x)", "compile error"},
    {"[1].filter(x, x + 1)", "compile error"},
    {"'abc'.all(c, true)", "compile error"},
    {"dyn(1).all(x, true)", "error"},
    {"dyn('abc').exists(x, true)", "error"},
};

}  // namespace

TEST_CASE("conformance: all, exists and exists_one", "[conformance][macros]") {
    check_cases(k_all_exists);
}

TEST_CASE("conformance: map and filter, including the three-argument map", "[conformance][macros]") {
    check_cases(k_map_filter);
}

TEST_CASE("conformance: nested macros and variable scope", "[conformance][macros]") {
    check_cases(k_nesting_and_scope);
}
