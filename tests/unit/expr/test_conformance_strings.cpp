// Conformance: the string functions of langdef's standard definitions:
// concatenation, size in code points (bytes for bytes), contains,
// startsWith, endsWith and matches (RE2 syntax, a match anywhere unless
// anchored), each in receiver style and, for size and matches, global style.
#include <catch2/catch.hpp>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;

constexpr Case k_concat_and_size[] = {
    {"'a' + 'b'", R"("ab")"},
    {"'' + ''", R"("")"},
    {"'abc' + '' + 'def'", R"("abcdef")"},
    {"'é' + 'è' == 'éè'", "true"},
    {"'a' + 1", "compile error"},
    {"dyn('a') + 1", "error"},
    {"size('')", "0"},
    {"size('abc')", "3"},
    {"'abc'.size()", "3"},
    {"size('héllo')", "5"},
    {"'héllo'.size() == 5", "true"},
    {"size('日本語')", "3"},
    {"size('😀a')", "2"},
    {"size('\\u00e9')", "1"},
    {"size(b'héllo')", "6"},
    {"b'abc'.size()", "3"},
    {"size([1, 2, 3])", "3"},
    {"size({'a': 1, 'b': 2})", "2"},
    {"size(1)", "compile error"},
    {"size(dyn(1))", "error"},
    {"type(size('a'))", "int"},
    {"'abc'[0]", "compile error"},
};

constexpr Case k_contains[] = {
    {"'hello'.contains('ell')", "true"},
    {"'hello'.contains('')", "true"},
    {"''.contains('')", "true"},
    {"''.contains('a')", "false"},
    {"'hello'.contains('hello')", "true"},
    {"'hello'.contains('helloo')", "false"},
    {"'hello'.contains('L')", "false"},
    {"'héllo'.contains('él')", "true"},
    {"'hello'.contains(1)", "compile error"},
    {"contains('hello', 'e')", "compile error"},
    {"'hello'.startsWith('he')", "true"},
    {"'hello'.startsWith('')", "true"},
    {"'hello'.startsWith('hello!')", "false"},
    {"'hello'.startsWith('el')", "false"},
    {"'Hello'.startsWith('h')", "false"},
    {"'éa'.startsWith('é')", "true"},
    {"'hello'.endsWith('lo')", "true"},
    {"'hello'.endsWith('')", "true"},
    {"'hello'.endsWith('hell')", "false"},
    {"'hello'.endsWith('!hello')", "false"},
    {"'aé'.endsWith('é')", "true"},
    {"dyn(1).startsWith('a')", "error"},
};

constexpr Case k_matches[] = {
    {"'hubba'.matches('ubb')", "true"},
    {"'hubba'.matches('^ubb')", "false"},
    {"'hubba'.matches('^hubba$')", "true"},
    {"matches('hubba', 'ubb')", "true"},
    {"'foobar'.matches('fo+b')", "true"},
    {"'fobar'.matches('^fo+bar$')", "true"},
    {"'fbar'.matches('^fo+bar$')", "false"},
    {"''.matches('')", "true"},
    {"'abc'.matches('')", "true"},
    {"'abc'.matches('x*')", "true"},
    {"'abc'.matches('^$')", "false"},
    {"'a1b2'.matches('[0-9]')", "true"},
    {"'ab'.matches('[0-9]')", "false"},
    {R"('a1b2'.matches(r'\d.\d'))", "true"},
    {R"('12345'.matches('^\\d{5}$'))", "true"},
    {R"('1234'.matches('^\\d{5}$'))", "false"},
    {"'ABC'.matches('(?i)abc')", "true"},
    {"'ABC'.matches('abc')", "false"},
    {"'a|b'.matches('a\\\\|b')", "true"},
    {"'cat'.matches('dog|cat')", "true"},
    {"'héllo'.matches('^h.llo$')", "true"},
    {"'日本'.matches('^..$')", "true"},
    {"'user@example.com'.matches('^[^@]+@[^@]+\\\\.[a-z]+$')", "true"},
    // RE2 has no backreferences or lookaround: an invalid pattern is an
    // error (at compile time when the pattern is a literal, or at run time).
    {"'abc'.matches('(')", "fails"},
    {"'aa'.matches('(a)\\\\1')", "fails"},
    {"'abc'.matches('a(?=b)')", "fails"},
    {"'abc'.matches(dyn('['))", "error"},
    {"'abc'.matches(1)", "compile error"},
};

}  // namespace

TEST_CASE("conformance: string concatenation and size in code points", "[conformance][strings]") {
    check_cases(k_concat_and_size);
}

TEST_CASE("conformance: contains, startsWith, endsWith", "[conformance][strings]") {
    check_cases(k_contains);
}

TEST_CASE("conformance: matches with RE2 syntax", "[conformance][strings]") {
    check_cases(k_matches);
}
