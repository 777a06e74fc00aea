// Conformance: equality, ordering and `in` (langdef "Equality and Ordering"
// and the overloads of _==_ _!=_ _<_ _<=_ _>_ _>=_ @in). Numbers compare by
// value across int, uint and double (CEL's heterogeneous numeric equality);
// values of other differing types are unequal at run time and a type error
// when the checker sees both types; lists and maps compare element-wise;
// ordering exists only for int, uint, double, string, bytes, bool, timestamp
// and duration.
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_equality[] = {
    {"1 == 1", "true"},
    {"-1 == 1", "false"},
    {"2u == 2u", "true"},
    {"1u == 2u", "false"},
    {"1.0 == 1.0e+0", "true"},
    {"-1.0 == 1.0", "false"},
    {R"('' == "")", "true"},
    {"'a' == 'b'", "false"},
    {"'abc' == r'abc'", "true"},
    {"'abc' == 'ABC'", "false"},
    {"null == null", "true"},
    {"true == true", "true"},
    {"false == true", "false"},
    {"b'abc' == b'abcd'", "false"},
    {"[] == []", "true"},
    {"[1, 2, 3] == [1, 2, 3]", "true"},
    {"[1, 2, 3] == [1, 3, 2]", "false"},
    {"[1, 2] == [1, 2, 3]", "false"},
    {"['case'] == ['cAse']", "false"},
    {"[[]] == [[]]", "true"},
    {"[[1], [2]] == [[1], [2]]", "true"},
    {"{} == {}", "true"},
    {R"({'k':'v'} == {"k":"v"})", "true"},
    {"{'k':1.0} == {'k':1e+0}", "true"},
    {"{'k':'v'} == {'k':'v1'}", "false"},
    {"{'k':'v','k1':'v1'} == {'k':'v'}", "false"},
    {"{'k1':'v1','k2':'v2'} == {'k2':'v2','k1':'v1'}", "true"},
    {"{'key':'value'} == {'Key':'value'}", "false"},
    {"{'a': [1, 2]} == {'a': [1, 2]}", "true"},
    {"24 != 42", "true"},
    {"1 != 1", "false"},
    {"99u != 99u", "false"},
    {"9.0e+3 != 9001.0", "true"},
    {"'abc' != ''", "true"},
    {"null != null", "false"},
    {"[] != [1]", "true"},
    {"{1:1.0} != {1:1.0}", "false"},
    {"{'a':'b','c':'d'} != {'c':'d','a':'b'}", "false"},
    // An error inside an aggregate literal makes the comparison an error.
    {"[1, 1 / 0] == [1, 2]", "error: by zero"},
    {"1 / 0 == 1 / 0", "error: by zero"},
};

constexpr Case k_heterogeneous[] = {
    {"1 == 1.0", "true"},
    {"1.0 == 1", "true"},
    {"1 == 1u", "true"},
    {"1u == 1.0", "true"},
    {"1 == 1.5", "false"},
    {"2 != 2.0", "false"},
    {"-1 == 18446744073709551615u", "false"},
    {"dyn(1) == 1.0", "true"},
    {"dyn(1u) == 1", "true"},
    {"dyn(2.5) != 2", "true"},
    {"1 < 1.5", "true"},
    {"2u > 1", "true"},
    {"1 <= 1u", "true"},
    {"1.5 >= 2", "false"},
    {"-1 < 0u", "true"},
    {"0u > -1", "true"},
    {"-1 < 18446744073709551615u", "true"},
    {"9223372036854775807 < 9223372036854775808u", "true"},
    {"18446744073709551615u > 9223372036854775807", "true"},
    {"2.5 > 2u", "true"},
    {"dyn([1, 2]) == [1.0, 2.0]", "true"},
    {"dyn({1: 'a'}) == {1u: 'a'}", "true"},
    // Different kinds: statically a type error, dynamically just unequal.
    {"1 == 'a'", "compile error"},
    {"'1' != 1", "compile error"},
    {"true == 1", "compile error"},
    {"b'a' == 'a'", "compile error"},
    {"[1] == {1: 1}", "compile error"},
    {"dyn(1) == 'a'", "false"},
    {"dyn('1') != 1", "true"},
    {"dyn(true) == 1", "false"},
    {"dyn(null) == 0", "false"},
    {"dyn(b'a') == 'a'", "false"},
    {"dyn([1]) == {1: 1}", "false"},
    {"dyn([1, 'a']) == [1, 2]", "false"},
    {"dyn({'a': 1}) == {'a': '1'}", "false"},
};

constexpr Case k_ordering[] = {
    {"-1 < 0", "true"},
    {"0 < 0", "false"},
    {"0 <= 0", "true"},
    {"42 > -42", "true"},
    {"0 > 0", "false"},
    {"0 >= 0", "true"},
    {"2 >= 3", "false"},
    {"0u < 1u", "true"},
    {"2u < 2u", "false"},
    {"2u <= 2u", "true"},
    {"3u >= 4u", "false"},
    {"1.0 < 1.0000001", "true"},
    {"-0.0 < 0.0", "false"},
    {"1e+1 > 1e+0", "true"},
    {".99 > 9.9e-1", "false"},
    {"'a' < 'b'", "true"},
    {"'Abc' < 'aBC'", "true"},
    {"'abc' < 'abcd'", "true"},
    {"'a' < 'á'", "true"},
    {"'é' < 'z'", "false"},
    {"'' < ''", "false"},
    {"'abc' < 'abc'", "false"},
    {"'a' < 'AB'", "false"},
    {"'abc' > 'aBc'", "true"},
    {"'A' > ''", "true"},
    {"'abc' <= 'abc'", "true"},
    {"'b' >= 'a'", "true"},
    // Code point order, not UTF-16 order.
    {R"('\uFFFF' < '\U00010000')", "true"},
    {"b'a' < b'b'", "true"},
    {"b'abc' < b'abc'", "false"},
    {"b'á' < b'b'", "false"},
    {"b'\\x01' > b'\\x00'", "true"},
    {"b'\\x00' > b''", "true"},
    {"false < true", "true"},
    {"true < true", "false"},
    {"true < false", "false"},
    {"true > false", "true"},
    {"true >= true", "true"},
    {"false <= false", "true"},
    // Ordering algebra: <= is the negation of >.
    {"(3 <= 4) == !(3 > 4)", "true"},
    {"('x' <= 'y') == ('x' < 'y' || 'x' == 'y')", "true"},
    {"[0] < [1]", "compile error"},
    {"{0: 'a'} < {1: 'b'}", "compile error"},
    {"null < null", "compile error"},
    {"1 < 'a'", "compile error"},
    {"true < 1", "compile error"},
    {"dyn([0]) < dyn([1])", "error"},
    {"dyn({0: 'a'}) > dyn({1: 'b'})", "error"},
    {"dyn(null) < dyn(null)", "error"},
    {"dyn(1) < dyn('a')", "error"},
    {"1 / 0 < 1", "error: by zero"},
};

constexpr Case k_in[] = {
    {"1 in [1, 2]", "true"},
    {"3 in [1, 2]", "false"},
    {"1 in []", "false"},
    {"'a' in ['a', 'b']", "true"},
    {"'c' in ['a', 'b']", "false"},
    {"[1] in [[1], [2]]", "true"},
    {"{'a': 1} in [{'a': 1}]", "true"},
    {"'a' in {'a': 1}", "true"},
    {"'b' in {'a': 1}", "false"},
    {"1 in {1: 'x'}", "true"},
    {"2 in {1: 'x'}", "false"},
    {"true in {true: 1}", "true"},
    {"'a' in {}", "false"},
    {"!('a' in ['b'])", "true"},
    {"dyn(1.0) in [1, 2]", "true"},
    {"dyn(2u) in [1, 2]", "true"},
    {"dyn('1') in [1]", "false"},
    {"dyn(1u) in {1: 'x'}", "true"},
    {"1 in 'abc'", "compile error"},
    {"1 in 5", "compile error"},
    {"'a' in [1, 2]", "compile error"},
    {"1 in dyn('abc')", "error"},
    {"2 in [1, 1 / 0]", "error: by zero"},
};

}  // namespace

TEST_CASE("conformance: equality within one type, lists and maps", "[conformance][comparisons]") {
    check_cases(k_equality);
}

TEST_CASE("conformance: heterogeneous numeric equality and ordering", "[conformance][comparisons]") {
    check_cases(k_heterogeneous);
}

TEST_CASE("conformance: ordering operators", "[conformance][comparisons]") {
    check_cases(k_ordering);
}

TEST_CASE("conformance: in on lists and maps", "[conformance][comparisons]") {
    check_cases(k_in);
}
