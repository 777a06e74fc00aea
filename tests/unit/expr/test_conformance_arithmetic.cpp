// Conformance: arithmetic (langdef "Numeric Values", "Overflow" and the
// overloads of _+_ _-_ _*_ _/_ _%_ -_): each overload of int, uint and
// double, truncating division, overflow and division by zero as errors, no
// implicit mixing of int/uint/double (a compile error when the checker sees
// the types, a runtime error through dyn), and operator precedence and
// associativity.
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_int[] = {
    {"1 + 2", "3"},
    {"42 + (-2)", "40"},
    {"-42 + (-2)", "-44"},
    {"42 - 2", "40"},
    {"42 - (-2)", "44"},
    {"-42 - (-2)", "-40"},
    {"42 * 2", "84"},
    {"42 * (-2)", "-84"},
    {"-42 * (-2)", "84"},
    {"15 * 0", "0"},
    {"42 / 2", "21"},
    {"-42 / 2", "-21"},
    {"-42 / (-2)", "21"},
    {"7 / 2", "3"},
    {"-7 / 2", "-3"},
    {"1 / 2", "0"},
    {"42 % 5", "2"},
    {"42 % (-5)", "2"},
    {"-42 % 5", "-2"},
    {"-42 % (-5)", "-2"},
    {"-1 % 3", "-1"},
    {"5 % 5", "0"},
    {"-(42)", "-42"},
    {"-(0)", "0"},
    {"-(-42)", "42"},
    {"--42", "42"},
    {"---1", "-1"},
    {"2 * -3", "-6"},
    {"2 - -3", "5"},
    {"type(1 + 1)", "int"},
    {"-9223372036854775807 - 1", "-9223372036854775808"},
    {"9223372036854775806 + 1", "9223372036854775807"},
    {"4611686018427387904 * -2", "-9223372036854775808"},
    {"-9223372036854775808 / 1", "-9223372036854775808"},
    {"-9223372036854775808 % 1", "0"},
};

constexpr Case k_int_errors[] = {
    {"15 / 0", "error: by zero"},
    {"42 % 0", "error: by zero"},
    {"0 / 0", "error: by zero"},
    {"(1 / 0) + 1", "error: by zero"},
    {"9223372036854775807 + 1", "error: overflow"},
    {"1 + 9223372036854775807", "error: overflow"},
    {"-9223372036854775808 - 1", "error: overflow"},
    {"-9223372036854775808 + -1", "error: overflow"},
    {"9223372036854775807 - -1", "error: overflow"},
    {"9223372036854775807 * 2", "error: overflow"},
    {"4611686018427387904 * 2", "error: overflow"},
    {"-9223372036854775808 * -1", "error: overflow"},
    {"-1 * -9223372036854775808", "error: overflow"},
    {"-(-9223372036854775808)", "error: overflow"},
    {"-(-9223372036854775807 - 1)", "error: overflow"},
    {"-9223372036854775808 / -1", "error: overflow"},
    {"(-9223372036854775807 - 1) / -1", "error: overflow"},
    // Mathematically 0; implementations either give 0 or report overflow,
    // but none may crash (the C++ operation traps on x86).
    {"-9223372036854775808 % -1", "0 | error"},
};

constexpr Case k_uint[] = {
    {"42u + 2u", "44u"},
    {"42u - 2u", "40u"},
    {"10u - 10u", "0u"},
    {"42u * 2u", "84u"},
    {"15u * 0u", "0u"},
    {"42u / 2u", "21u"},
    {"42u / 5u", "8u"},
    {"42u % 5u", "2u"},
    {"type(1u + 1u)", "uint"},
    {"18446744073709551614u + 1u", "18446744073709551615u"},
    {"9223372036854775807u * 2u + 1u", "18446744073709551615u"},
    {"0u - 1u", "error"},
    {"1u - 2u", "error"},
    {"18446744073709551615u + 1u", "error: overflow"},
    {"18446744073709551615u * 2u", "error: overflow"},
    {"1u / 0u", "error: by zero"},
    {"1u % 0u", "error: by zero"},
    {"-(5u)", "compile error"},
    {"-dyn(5u)", "error"},
};

constexpr Case k_double[] = {
    {"1.5 + 1.5 == 3.0", "true"},
    {"1.5 + 1.5", "3.0"},
    {"0.1 + 0.2 == 0.3", "false"},
    {"0.25 + 0.25 == 0.5", "true"},
    {"5.5 - 0.5 == 5.0", "true"},
    {"0.5 - 1.0 == -0.5", "true"},
    {"0.5 * 4.0 == 2.0", "true"},
    {"-2.0 * 2.0 == -4.0", "true"},
    {"7.0 / 2.0 == 3.5", "true"},
    {"1.0 / 4.0 == 0.25", "true"},
    {"-(1.5) == -1.5", "true"},
    {"-(-1.5) == 1.5", "true"},
    {"type(1.0 + 2.0)", "double"},
    // IEEE: no errors, infinities and NaN instead.
    {"1.0 / 0.0 > 1.7976931348623157e308", "true"},
    {"-1.0 / 0.0 < -1.7976931348623157e308", "true"},
    {"1.0 / 0.0 == 2.0 / 0.0", "true"},
    {"1e308 * 10.0 == 1.0 / 0.0", "true"},
    {"type(0.0 / 0.0)", "double"},
    {"0.0 / 0.0 < 1.0", "false"},
    {"0.0 / 0.0 > 1.0", "false"},
    {"0.0 / 0.0 == 1.0", "false"},
    {"0.0 / 0.0 != 1.0", "true"},
    {"1.0 % 2.0", "compile error"},
    {"dyn(1.0) % dyn(2.0)", "error"},
};

constexpr Case k_mixed[] = {
    {"1 + 1u", "compile error"},
    {"1u + 1", "compile error"},
    {"1 + 1.0", "compile error"},
    {"1.0 * 2", "compile error"},
    {"2u - 1.0", "compile error"},
    {"10 / 2u", "compile error"},
    {"10 % 3u", "compile error"},
    {"dyn(1) + 1u", "error"},
    {"1u + dyn(1)", "error"},
    {"dyn(1) * 2.0", "error"},
    {"dyn(1.0) - dyn(1)", "error"},
    {"uint(1) + 1u", "2u"},
    {"1 + int(1u)", "2"},
    {"double(1) + 1.5 == 2.5", "true"},
    {"true + 1", "compile error"},
    {"null + 1", "compile error"},
    {"dyn(true) + dyn(1)", "error"},
};

constexpr Case k_precedence[] = {
    {"1 + 2 * 3", "7"},
    {"(1 + 2) * 3", "9"},
    {"1 * 2 + 3", "5"},
    {"10 - 4 - 3", "3"},
    {"10 - (4 - 3)", "9"},
    {"1 - 2 + 3", "2"},
    {"100 / 10 / 5", "2"},
    {"8 / 4 * 2", "4"},
    {"2 * 3 % 4", "2"},
    {"10 % 4 * 3", "6"},
    {"7 - 6 % 4", "5"},
    {"-2 * 3", "-6"},
    {"- 2 + 3", "1"},
    {"-(2 + 3)", "-5"},
    {"1 + 2 == 3", "true"},
    {"2 * 3 > 5", "true"},
    {"1 + 2 in [3]", "true"},
    {"1 < 2 == true", "true"},
    {"1 < 2 == 2 < 3", "compile error"},
    {"3 - 2 - 1 == 0", "true"},
    {"1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1+1", "32"},
    {"((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))", "1"},
    {"2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2*2", "4294967296"},
    {"1 +", "compile error"},
    {"1 + * 2", "compile error@5"},
    {"(1 + 2", "compile error"},
    {"1 + 2)", "compile error@6"},
    {"* 2", "compile error@1"},
    {"1 2", "compile error@3"},
};

}  // namespace

TEST_CASE("conformance: int arithmetic", "[conformance][arithmetic]") {
    check_cases(k_int);
}

TEST_CASE("conformance: int overflow and division by zero are errors", "[conformance][arithmetic]") {
    check_cases(k_int_errors);
}

TEST_CASE("conformance: uint arithmetic, underflow and overflow", "[conformance][arithmetic]") {
    check_cases(k_uint);
}

TEST_CASE("conformance: double arithmetic", "[conformance][arithmetic]") {
    check_cases(k_double);
}

TEST_CASE("conformance: no implicit numeric conversions", "[conformance][arithmetic]") {
    check_cases(k_mixed);
}

TEST_CASE("conformance: precedence and associativity", "[conformance][arithmetic]") {
    check_cases(k_precedence);
}
