// Conformance: every literal form of CEL (langdef "Syntax" lexis and "String
// and Bytes Values"): ints in decimal and hex with their limits, uints,
// doubles, strings with each quoting style and escape, bytes, bool, null,
// list and map literals.
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_integers[] = {
    {"0", "0"},
    {"42", "42"},
    {"-7", "-7"},
    {"0x1F", "31"},
    {"0xff", "255"},
    {"0xAbC", "2748"},
    {"-0x10", "-16"},
    {"9223372036854775807", "9223372036854775807"},
    {"-9223372036854775808", "-9223372036854775808"},
    {"0x7FFFFFFFFFFFFFFF", "9223372036854775807"},
    {"-0x8000000000000000", "-9223372036854775808"},
    {"9223372036854775808", "compile error"},
    {"0x8000000000000000", "compile error"},
    {"99999999999999999999", "compile error"},
    {"42u", "42u"},
    {"42U", "42u"},
    {"0u", "0u"},
    {"0x1Fu", "31u"},
    {"18446744073709551615u", "18446744073709551615u"},
    {"0xFFFFFFFFFFFFFFFFu", "18446744073709551615u"},
    {"18446744073709551616u", "compile error"},
    {"0x10000000000000000u", "compile error"},
    {"9223372036854775807 == 0x7FFFFFFFFFFFFFFF", "true"},
    {"007", "7"},
};

constexpr Case k_doubles[] = {
    {"1.5", "1.5"},
    {"1.0", "1.0"},
    {"-2.5", "-2.5"},
    {"1.5 == 1.5", "true"},
    {"1e3 == 1000.0", "true"},
    {"1E3 == 1000.0", "true"},
    {"1e+3 == 1000.0", "true"},
    {"1e-3 == 0.001", "true"},
    {"2.5e2 == 250.0", "true"},
    {".5 == 0.5", "true"},
    {"0.0 == -0.0", "true"},
    {"1e308 * 10.0 == 1e308 * 100.0", "true"},
    {"type(1e3)", "double"},
    {"type(.5)", "double"},
    {"type(7e0)", "double"},
    {"1.7976931348623157e308 > 1e308", "true"},
    {"4.9e-324 > 0.0", "true"},
};

constexpr Case k_strings[] = {
    {R"("")", R"("")"},
    {R"('')", R"("")"},
    {R"("abc")", R"("abc")"},
    {R"('abc')", R"("abc")"},
    {R"('a"b')", R"("a\"b")"},
    {R"("a'b")", R"("a'b")"},
    {R"('""')", R"("\"\"")"},
    {R"("\"")", R"("\"")"},
    {R"("\\")", R"("\\")"},
    {R"('\'')", R"("'")"},
    {R"("a\nb")", R"("a\nb")"},
    {R"("a\tb")", R"("a\tb")"},
    {R"("\n" == "\x0A")", "true"},
    {R"("\r" == "\x0d")", "true"},
    {R"("\t" == "\011")", "true"},
    {R"("\a" == "\x07")", "true"},
    {R"("\b" == "\x08")", "true"},
    {R"("\f" == "\x0C")", "true"},
    {R"("\v" == "\x0B")", "true"},
    {R"("\?" == "?")", "true"},
    {R"("\`" == "`")", "true"},
    {R"("\x41" == "A")", "true"},
    {R"("\X41" == "A")", "true"},
    {R"("\101" == "A")", "true"},
    {R"("\u0041" == "A")", "true"},
    {R"("\U00000041" == "A")", "true"},
    {R"("\u00e9" == "é")", "true"},
    {R"("\xe9" == "é")", "true"},
    {R"("\351" == "é")", "true"},
    {R"("\377" == "ÿ")", "true"},
    {R"("\xFF" == "\u00ff")", "true"},
    {R"("\303\277" == "Ã¿")", "true"},
    {R"("\U0001F600" == "😀")", "true"},
    {R"(size("\U0001F600"))", "1"},
    {R"(size("\303\277"))", "2"},
    {R"("\z")", "compile error"},
    {R"("\x4")", "compile error"},
    {R"("\u004")", "compile error"},
    {R"("\400")", "compile error"},
    {R"("\ud800")", "compile error"},
    {R"("\U00110000")", "compile error"},
    {R"("abc)", "compile error"},
    {"\"a\nb\"", "compile error"},
    {"'a\rb'", "compile error"},
    {R"('abc")", "compile error"},
    // Raw strings keep backslashes as written.
    {R"(r"\\")", R"("\\\\")"},
    {R"(R"\n")", R"("\\n")"},
    {R"(r'a\tb' == "a\\tb")", "true"},
    {R"(size(r"\d+"))", "3"},
    {R"(r"\"")", "compile error"},
    // Triple-quoted strings may hold newlines and the other quote.
    {R"("""abc""")", R"("abc")"},
    {R"('''x''x''')", R"("x''x")"},
    {R"("""a"b""")", R"("a\"b")"},
    {"\"\"\"a\nb\"\"\"", R"("a\nb")"},
    {"'''a\nb''' == \"a\\nb\"", "true"},
    {R"("""\t""" == "\t")", "true"},
    {R"(r"""\t""" == "\\t")", "true"},
    {R"(size("""é"""))", "1"},
    // Comments and whitespace.
    {"1 + // one more\n 2", "3"},
    {"\t1\r\n+\f2 ", "3"},
};

constexpr Case k_bytes[] = {
    {R"(b"abc" == bytes("abc"))", "true"},
    {R"(B"abc" == b'abc')", "true"},
    {R"(size(b"abc"))", "3"},
    {R"(size(b""))", "0"},
    {R"(size(b"ÿ"))", "2"},
    {R"(b"ÿ" == b"\303\277")", "true"},
    {R"(size(b"\377"))", "1"},
    {R"(b"\377" == b"\xff")", "true"},
    {R"(b"\377" == b"\303\277")", "false"},
    {R"(size(b"\xFF\x00"))", "2"},
    {R"(size(br"\x00"))", "4"},
    {R"(size(b"""a
b"""))", "3"},
    {R"(type(b"a"))", "bytes"},
    {R"(b"a" + b"b" == b"ab")", "true"},
    {R"(b"a" < b"b")", "true"},
    {R"(b"\x00\x01" > b"\x01")", "false"},
    {R"(b"a" == "a")", "compile error"},
};

constexpr Case k_other_literals[] = {
    {"true", "true"},
    {"false", "false"},
    {"null", "null"},
    {"type(null)", "null_type"},
    {"type(true)", "bool"},
    {"[]", "[]"},
    {"[1, 2, 3]", "[1, 2, 3]"},
    {R"(["a", 'b'])", R"(["a", "b"])"},
    {"[[1], [2, 3]]", "[[1], [2, 3]]"},
    {"[1u, 2u]", "[1u, 2u]"},
    {"[null, true]", "[null, true]"},
    {"{}", "{}"},
    {R"({"a": 1})", R"({"a": 1})"},
    {R"({"b": 2, "a": 1})", R"({"b": 2, "a": 1})"},
    {R"({1: "one", 2: "two"})", R"({1: "one", 2: "two"})"},
    {R"({true: 1})", "{true: 1}"},
    {R"({1u: "x"})", R"({1u: "x"})"},
    {R"({"a": [1, {"b": null}]})", R"({"a": [1, {"b": null}]})"},
    {"[1, 2", "compile error"},
    {"{1: 2", "compile error"},
    {"{1 2}", "compile error"},
    {"[1 2]", "compile error"},
};

}  // namespace

TEST_CASE("conformance: integer and uint literals, limits and hex", "[conformance][literals]") {
    check_cases(k_integers);
}

TEST_CASE("conformance: double literals", "[conformance][literals]") {
    check_cases(k_doubles);
}

TEST_CASE("conformance: string literals, quoting, escapes, raw and triple-quoted", "[conformance][literals]") {
    check_cases(k_strings);
}

TEST_CASE("conformance: bytes literals", "[conformance][literals]") {
    check_cases(k_bytes);
}

TEST_CASE("conformance: bool, null, list and map literals", "[conformance][literals]") {
    check_cases(k_other_literals);
}
