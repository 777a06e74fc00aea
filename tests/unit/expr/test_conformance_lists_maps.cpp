// Conformance: lists and maps (langdef "Aggregate Values", "Field
// Selection", _[_], _+_ on lists, size): indexing and its errors, field
// selection on maps as string-key lookup, has() on maps, map keys of the
// four allowed kinds (int and uint keys equal by value are one key), and
// duplicate keys as an error.
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_lists[] = {
    {"[1, 2, 3][0]", "1"},
    {"[1, 2, 3][2]", "3"},
    {"['a', 'b'][1]", R"("b")"},
    {"[[1, 2], [3]][0][1]", "2"},
    {"[1, 2, 3][1 + 1]", "3"},
    {"[1, 2, 3][3]", "error"},
    {"[1, 2, 3][-1]", "error"},
    {"[][0]", "error"},
    {"[1, 2]['a']", "compile error"},
    {"[1, 2][dyn('a')]", "error"},
    {"[1, 2] + [3]", "[1, 2, 3]"},
    {"[] + [1]", "[1]"},
    {"[1] + []", "[1]"},
    {"[] + []", "[]"},
    {"[[1]] + [[2]]", "[[1], [2]]"},
    {"size([1, 2] + [3, 4])", "4"},
    {"[1] + 2", "compile error"},
    {"[1] + ['a']", "compile error"},
    {"dyn([1]) + ['a']", R"([1, "a"])"},
    {"[1, 'a', 2.5, null, true][1]", R"("a")"},
    {"size([1, 'a', [2]])", "3"},
    {"[1, 1 / 0]", "error: by zero"},
    {"[1, 2, 3].size()", "3"},
    {"size([])", "0"},
    {"[1, 2] - [1]", "compile error"},
    {"[1, 2] < [3]", "compile error"},
};

constexpr Case k_maps[] = {
    {"{'a': 1}['a']", "1"},
    {"{'a': 1}.a", "1"},
    {"{'a': {'b': 2}}.a.b", "2"},
    {"{'a': {'b': 2}}['a']['b']", "2"},
    {"{'a': [10, 20]}.a[1]", "20"},
    {"{'a': 1}['b']", "error: no such key"},
    {"{'a': 1}.b", "error: no such key"},
    {"{}['a']", "error: no such key"},
    {"{'a': {'b': 2}}.a.c", "error: no such key"},
    {"{1: 'one', 2: 'two'}[2]", R"("two")"},
    {"{1: 'one'}[3]", "error: no such key"},
    {"{true: 'yes', false: 'no'}[false]", R"("no")"},
    {"{1u: 'x'}[1u]", R"("x")"},
    {"{1: 'x'}[dyn(1u)]", R"("x")"},
    {"{1u: 'x'}[dyn(1)]", R"("x")"},
    // A double key equal to an int finds it under heterogeneous equality.
    {"{1: 'x'}[dyn(1.0)]", R"("x" | error)"},
    {"{1: 'x'}[dyn(1.5)]", "error"},
    {"{'a': 1}[1]", "compile error"},
    {"{'a': 1}[dyn(1)]", "error"},
    {"size({})", "0"},
    {"{'a': 1, 'b': 2}.size()", "2"},
    {"{'a': 1 / 0}", "error: by zero"},
    {"{1 / 0: 'a'}", "error: by zero"},
    // Mixed key kinds are allowed in one map.
    {"{1: 'int', 'b': 'string', true: 'bool', 2u: 'uint'}",
     R"({1: "int", "b": "string", true: "bool", 2u: "uint"})"},
    {"{1: 'int', 'b': 'string', true: 'bool'}['b']", R"("string")"},
    {"{1: 'int', 'b': 'string', true: 'bool'}[true]", R"("bool")"},
    {"{1: 'int', 'b': 'string'}[1]", R"("int")"},
    {"size({1: 'int', 'b': 'string', true: 'bool'})", "3"},
    {"'b' in {1: 'int', 'b': 'string'}", "true"},
    // Keys must be int, uint, bool or string.
    {"{1.5: 'a'}", "fails"},
    {"{null: 'a'}", "fails"},
    {"{[1]: 'a'}", "fails"},
    {"{dyn(1.5): 'a'}", "error"},
    // Duplicate keys are an error (1 and 1u are the same key).
    {"{'a': 1, 'a': 2}", "fails"},
    {"{1: 'a', 1: 'b'}", "fails"},
    {"{dyn(1): 'a', dyn(1u): 'b'}", "error"},
    {"{'a': 1, dyn('a'): 2}", "error"},
    {"dyn(1).a", "error"},
    {"'abc'.a", "compile error"},
    {"[1].a", "compile error"},
};

constexpr Case k_has[] = {
    {"has({'a': 1}.a)", "true"},
    {"has({'a': 1}.b)", "false"},
    {"has({'a': null}.a)", "true"},
    {"has({}.a)", "false"},
    {"has({'a': {'b': 1}}.a.b)", "true"},
    {"has({'a': {'b': 1}}.a.c)", "false"},
    {"has({'a': {'b': 1}}.x.b)", "error: no such key"},
    {"has({'a': 1}.a) && {'a': 1}.a == 1", "true"},
    {"!has({'a': 1}.b) || {'a': 1}.b == 1", "true"},
    {"has({'a': 1})", "compile error"},
    {"has(1)", "compile error"},
    {"has({'a': 1}['a'])", "compile error"},
    {"has(dyn(1).a)", "error"},
};

}  // namespace

TEST_CASE("conformance: list indexing, concatenation and size", "[conformance][lists]") {
    check_cases(k_lists);
}

TEST_CASE("conformance: map lookup, selection, key kinds and duplicates", "[conformance][maps]") {
    check_cases(k_maps);
}

TEST_CASE("conformance: has() on maps", "[conformance][maps]") {
    check_cases(k_has);
}
