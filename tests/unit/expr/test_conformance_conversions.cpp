// Conformance: type conversions and type values (langdef "Type Values",
// "Overflow" and the int/uint/double/string/bool/bytes/dyn/type overloads):
// truncation toward zero, range errors, parse errors, the runtime type names
// and type denotations (`int` is itself a value of type `type`).
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_to_int[] = {
    {"int(42u)", "42"},
    {"int(0u)", "0"},
    {"int(9223372036854775807u)", "9223372036854775807"},
    {"int(9223372036854775808u)", "error"},
    {"int(18446744073709551615u)", "error"},
    {"int(-123.456)", "-123"},
    {"int(1.9)", "1"},
    {"int(-7.9)", "-7"},
    {"int(11.5)", "11"},
    {"int(-3.5)", "-3"},
    {"int(0.0)", "0"},
    {"int(1e19)", "error"},
    {"int(-1e19)", "error"},
    {"int(-9223372036854775808.0)", "error"},  // -2^63 too, as in CEL's reference implementation
    {"int(9223372036854775807.0)", "error"},   // that double is 2^63
    {"int(-9223372036854774784.0)", "-9223372036854774784"},  // the double above -2^63
    {"int(1e99)", "error"},
    {"int(1.0 / 0.0)", "error"},
    {"int(0.0 / 0.0)", "error"},
    {"int('987')", "987"},
    {"int('-42')", "-42"},
    {"int('9223372036854775807')", "9223372036854775807"},
    {"int('-9223372036854775808')", "-9223372036854775808"},
    {"int('9223372036854775808')", "error"},
    {"int('abc')", "error"},
    {"int('')", "error"},
    {"int('1.5')", "error"},
    {"int(' 1')", "error"},
    {"int(42)", "42"},
    {"int(timestamp('2009-02-13T23:31:30Z'))", "1234567890"},
    {"int(timestamp('2004-09-16T23:59:59Z'))", "1095379199"},
    {"int(true)", "compile error"},
    {"int(dyn(true))", "error"},
};

constexpr Case k_to_uint[] = {
    {"uint(1729)", "1729u"},
    {"uint(0)", "0u"},
    {"uint(-1)", "error"},
    {"uint(9223372036854775807)", "9223372036854775807u"},
    {"uint(3.14159265)", "3u"},
    {"uint(1.9)", "1u"},
    {"uint(25.5)", "25u"},
    {"uint(1e19)", "10000000000000000000u"},
    {"uint(6.022e23)", "error"},
    {"uint(-1.5)", "error"},
    {"uint('300')", "300u"},
    {"uint('18446744073709551615')", "18446744073709551615u"},
    {"uint('18446744073709551616')", "error"},
    {"uint('-1')", "error"},
    {"uint('abc')", "error"},
    {"uint(7u)", "7u"},
};

constexpr Case k_to_double[] = {
    {"double(0) == 0.0", "true"},
    {"double(1000000000000) == 1e12", "true"},
    {"double(-1000000000000000) == -1e15", "true"},
    {"double(9223372036854775807) == 9.223372036854775807e18", "true"},
    {"double(0u) == 0.0", "true"},
    {"double(123u) == 123.0", "true"},
    {"double(18446744073709551615u) == 1.8446744073709551615e19", "true"},
    {"double('0') == 0.0", "true"},
    {"double('-0.0') == 0.0", "true"},
    {"double('123') == 123.0", "true"},
    {"double('123.456') == 123.456", "true"},
    {"double('-987.654') == -987.654", "true"},
    {"double('6.02214e23') == 6.02214e23", "true"},
    {"double('1.38e-23') == 1.38e-23", "true"},
    {"double('-84.32e7') == -8.432e8", "true"},
    {"double('abc')", "error"},
    {"double('')", "error"},
    {"double(1.5) == 1.5", "true"},
    {"type(double(1))", "double"},
};

constexpr Case k_to_string[] = {
    {"string(123)", R"("123")"},
    {"string(-456)", R"("-456")"},
    {"string(9876u)", R"("9876")"},
    {"string(123.456)", R"("123.456")"},
    {"string(-4.5e-3)", R"("-0.0045")"},
    {"string(1.5)", R"("1.5")"},
    {"string(b'abc')", R"("abc")"},
    {"string(b'\\303\\277') == 'ÿ'", "true"},
    {"string(b'\\000\\xff')", "error"},
    {"string('abc')", R"("abc")"},
    {"string(true)", R"("true")"},
    {"string(false)", R"("false")"},
    {"string(timestamp('2009-02-13T23:31:30Z'))", R"("2009-02-13T23:31:30Z")"},
    {"string(timestamp('9999-12-31T23:59:59.999999999Z'))", R"("9999-12-31T23:59:59.999999999Z")"},
    {"string(duration('1000000s'))", R"("1000000s")"},
    {"string(9223372036854775807)", R"("9223372036854775807")"},
    {"string(-9223372036854775808)", R"("-9223372036854775808")"},
    {"string(18446744073709551615u)", R"("18446744073709551615")"},
    {"string(1) + 'x'", R"("1x")"},
};

constexpr Case k_to_bool_bytes_dyn[] = {
    {"bool('true')", "true"},
    {"bool('false')", "false"},
    {"bool('TRUE')", "true"},
    {"bool('False')", "false"},
    {"bool('t')", "true"},
    {"bool('f')", "false"},
    {"bool('1')", "true"},
    {"bool('0')", "false"},
    {"bool('yes')", "error"},
    {"bool('')", "error"},
    {"bool(true)", "true"},
    {"bool(1)", "compile error"},
    {"bytes('') == b''", "true"},
    {"bytes('abc') == b'abc'", "true"},
    {"bytes('ÿ') == b'\\303\\277'", "true"},
    {"bytes('\\377') == b'\\377'", "false"},
    {"size(bytes('é'))", "2"},
    {"dyn(1)", "1"},
    {"dyn('a')", R"("a")"},
    {"dyn([1, 'one'])", R"([1, "one"])"},
    {"type(dyn([1, 'one']))", "list"},
    {"dyn(1) + dyn(2)", "3"},
    {"dyn(dyn(1u))", "1u"},
};

constexpr Case k_types[] = {
    {"type(true)", "bool"},
    {"type(0)", "int"},
    {"type(64u)", "uint"},
    {"type(3.14)", "double"},
    {"type(null)", "null_type"},
    {"type('foo')", "string"},
    {"type(b'\\xff')", "bytes"},
    {"type([1, 2, 3])", "list"},
    {"type({4: 16})", "map"},
    {"type(timestamp('2009-02-13T23:31:30Z'))", "google.protobuf.Timestamp"},
    {"type(duration('1s'))", "google.protobuf.Duration"},
    {"type(now)", "google.protobuf.Timestamp"},
    {"type(1h)", "google.protobuf.Duration"},
    {"type(int)", "type"},
    {"type(type(1))", "type"},
    {"type(type)", "type"},
    {"int", "int"},
    {"bool", "bool"},
    {"string", "string"},
    {"type(true) == type(false)", "true"},
    {"type(1) == int", "true"},
    {"type(1) == string", "false"},
    {"type(1u) == uint", "true"},
    {"type(1.0) == double", "true"},
    {"type('a') == string", "true"},
    {"type([]) == list", "true"},
    {"type({}) == map", "true"},
    {"type(null) == null_type", "true"},
    {"type(7) == type(7u)", "false"},
    {"type(0.0) != type(-0.0)", "false"},
    {"type(0.0) != type(0)", "true"},
    {"type([1, 2, 3]) == type(['one', 'two', 'three'])", "true"},
    {"type({'one': 1}) == type({1: 'one'})", "true"},
    {"type(type(7)) == type(type(7u))", "true"},
    {"type(type(1)) == type(string)", "true"},
    {"type(dyn(1)) == int", "true"},
    {"type(1 / 0)", "error: by zero"},
};

}  // namespace

TEST_CASE("conformance: int() conversions and range errors", "[conformance][conversions]") {
    check_cases(k_to_int);
}

TEST_CASE("conformance: uint() conversions and range errors", "[conformance][conversions]") {
    check_cases(k_to_uint);
}

TEST_CASE("conformance: double() conversions", "[conformance][conversions]") {
    check_cases(k_to_double);
}

TEST_CASE("conformance: string() conversions", "[conformance][conversions]") {
    check_cases(k_to_string);
}

TEST_CASE("conformance: bool(), bytes() and dyn()", "[conformance][conversions]") {
    check_cases(k_to_bool_bytes_dyn);
}

TEST_CASE("conformance: type() and type denotations", "[conformance][conversions]") {
    check_cases(k_types);
}
