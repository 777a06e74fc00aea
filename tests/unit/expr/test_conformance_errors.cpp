// Conformance: how things go wrong (langdef "Runtime Errors", "Syntax" and
// the implementation limits it requires): syntax and type errors at compile
// time with the column of the offending token, undeclared names, reserved
// words, errors propagating through strict functions, unset variables,
// inputs that must be rejected rather than crash, and the nesting and
// repetition limits every implementation must support. Also checks the
// conformance harness's own matching rules.
#include <catch2/catch.hpp>

#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/expr/conformance_support.hpp"

namespace {

using journeyctl::core::expr::Activation;
using journeyctl::core::expr::Environment;
using journeyctl::core::expr::Type;
using journeyctl::core::expr::TypeKind;
using journeyctl::tests::conformance::Case;
using journeyctl::tests::conformance::check_cases;
using journeyctl::tests::conformance::mismatch;
using journeyctl::tests::conformance::Outcome;

constexpr Case k_compile_errors[] = {
    {"", "compile error"},
    {"   ", "compile error"},
    {"foo", "compile error@1"},
    {"1 + foo", "compile error@5"},
    {"now + bar", "compile error@7"},
    {"1 +\n  foo", "compile error@3"},
    {"nosuchfn(1)", "compile error@1"},
    {"'a'.nosuchfn()", "compile error"},
    {"size('a', 'b')", "compile error"},
    {"size()", "compile error"},
    {"timestamp()", "compile error"},
    {"'a'.startsWith()", "compile error"},
    {"'a'.startsWith('a', 'b')", "compile error"},
    {"1 = 1", "compile error@3"},
    {"1 === 1", "compile error"},
    {"1 <> 2", "compile error"},
    {"1 & 2", "compile error"},
    {"1 | 2", "compile error"},
    {"a b c", "compile error"},
    {"@", "compile error@1"},
    {"#", "compile error@1"},
    {"1 + @", "compile error@5"},
    {"'unterminated", "compile error@1"},
    {"\"unterminated", "compile error@1"},
    {"[", "compile error"},
    {"{", "compile error"},
    {"((", "compile error"},
    {")", "compile error@1"},
    {"1..2", "compile error"},
    {"now.", "compile error"},
    {"f(,)", "compile error"},
    {"[1,,2]", "compile error"},
    {"in", "compile error"},
    {"1 in", "compile error"},
    {"true = false", "compile error"},
    // Reserved words are not identifiers.
    {"[1].all(while, true)", "compile error"},
    {"[1].map(if, 1)", "compile error"},
    {"[1].exists(null, true)", "compile error"},
    {"[1].all(in, true)", "compile error"},
    // Type errors.
    {"'a' - 'b'", "compile error"},
    {"-'a'", "compile error"},
    {"!'a'", "compile error"},
    {"[1][true]", "compile error"},
    {"{'a': 1}.a.b", "compile error"},
    {"now.getHours() + 'h'", "compile error"},
    {"now.nosuchaccessor()", "compile error"},
};

constexpr Case k_propagation[] = {
    {"size(string(1 / 0))", "error: by zero"},
    {"[1 / 0].size()", "error: by zero"},
    {"'a'.startsWith(string(1 / 0))", "error: by zero"},
    {"int(string(1 / 0))", "error: by zero"},
    {"{'a': 1 / 0}.a", "error: by zero"},
    {"[1, 2][1 / 0]", "error: by zero"},
    {"type(1 / 0)", "error: by zero"},
    {"timestamp(string(1 / 0))", "error: by zero"},
    {"-(1 / 0)", "error: by zero"},
    {"!(1 / 0 == 0)", "error: by zero"},
    {"[1, 2].map(x, x / 0).size()", "error: by zero"},
    {"1 / 0 == 1 ? 1 : 2", "error: by zero"},
    {"(1 / 0) in [1]", "error: by zero"},
    {"1 in [1 / 0]", "error: by zero"},
    {"{'a': 1}.b + 1", "error: no such key"},
    {"{'a': {'x': 1}}.b.x", "error: no such key"},
    // The checker knows {'a': 1}.b is an int, which has no fields.
    {"{'a': 1}.b.c", "compile error"},
};

// Expressions at the sizes langdef requires every implementation to support.
std::vector<std::string> limit_expressions() {
    const int n = 32;
    std::string ands = "true";
    std::string ors = "false";
    std::string nested_list = "1";
    std::string indexes;
    std::string list = "[0";
    std::string map = "{'k0': 0";
    std::string nested_map = "1";
    std::string selects;
    std::string parens = "1";
    std::string sums = "1";
    for (int i = 1; i < n; ++i) {
        ands += " && true";
        ors += i + 1 == n ? " || true" : " || false";
        list += ", " + std::to_string(i);
        map += ", 'k" + std::to_string(i) + "': " + std::to_string(i);
        sums += " + 1";
    }
    for (int i = 0; i < n; ++i) {
        nested_list = "[" + nested_list + "]";
        indexes += "[0]";
        nested_map = "{'a': " + nested_map + "}";
        selects += ".a";
        parens = "(" + parens + ")";
    }
    return {ands, ors, nested_list + indexes, list + "].size()", map + "}.k31", nested_map + selects, parens, sums};
}

// Far beyond langdef's minimums: an implementation may refuse these, but
// only with an error that says the expression is too deep, never a crash or
// a misleading syntax error.
std::vector<std::pair<std::string, std::string>> deep_expressions() {
    std::string sums = "1";
    for (int i = 0; i < 300; ++i) sums += " + 1";
    std::string ands = "true";
    for (int i = 0; i < 1000; ++i) ands += " && true";
    const int n = 5000;
    std::string parens = std::string(n, '(') + "1" + std::string(n, ')');
    std::string lists = "size(" + std::string(n, '[') + std::string(n, ']') + ")";
    std::string negations = std::string(n, '-') + "1";
    std::string nots = std::string(n, '!') + "true";
    std::string macros = "x";
    for (int i = 0; i < 200; ++i) macros = "[1].map(x, " + macros + ")";
    return {{sums, "301 | compile error: nest"},   {ands, "true | compile error: nest"},
            {parens, "1 | compile error: nest"},   {lists, "1 | compile error: nest"},
            {negations, "1 | compile error: nest"}, {nots, "true | compile error: nest"},
            {"size(" + macros + ")", "1 | compile error: nest"}};
}

}  // namespace

TEST_CASE("conformance: syntax and type errors are compile errors at the right column",
          "[conformance][errors]") {
    check_cases(k_compile_errors);
}

TEST_CASE("conformance: errors propagate through strict functions", "[conformance][errors]") {
    check_cases(k_propagation);
}

TEST_CASE("conformance: an unset variable is a runtime error, absorbed like others",
          "[conformance][errors]") {
    Environment env = Environment::standard();
    env.declare("x", Type::of(TypeKind::Int));
    const Case cases[] = {
        {"x + 1", "error"},
        {"x", "error"},
        {"false && x == 1", "false"},
        {"x == 1 || true", "true"},
        {"now.getFullYear()", "2026"},
        {"x + 'a'", "compile error"},
    };
    check_cases(cases, env, [](Activation&) {});
}

TEST_CASE("conformance: langdef's minimum nesting and repetition limits", "[conformance][errors]") {
    const std::vector<std::string> exprs = limit_expressions();
    const char* const expected[] = {"true", "true", "1", "32", "31", "1", "1", "32"};
    REQUIRE(exprs.size() == std::size(expected));
    std::vector<Case> cases;
    for (size_t i = 0; i < exprs.size(); ++i) cases.push_back({exprs[i], expected[i]});
    check_cases(cases);
}

TEST_CASE("conformance: very deep expressions evaluate or are refused as too deep",
          "[conformance][errors]") {
    const auto rows = deep_expressions();
    std::vector<Case> cases;
    for (const auto& [expr, expected] : rows) cases.push_back({expr, expected});
    check_cases(cases);
}

TEST_CASE("conformance harness: expectation grammar", "[conformance][harness]") {
    const Outcome value{Outcome::Kind::Value, "3", 0};
    const Outcome runtime{Outcome::Kind::RuntimeError, "Division By Zero", 0};
    const Outcome compile{Outcome::Kind::CompileError, "undeclared reference to 'foo'", 5};
    const Outcome threw{Outcome::Kind::Threw, "boom", 0};

    CHECK(mismatch(value, "3") == "");
    CHECK(mismatch(value, "4") != "");
    CHECK(mismatch(value, "3u") != "");
    CHECK(mismatch(value, "error") != "");
    CHECK(mismatch(runtime, "error") == "");
    CHECK(mismatch(runtime, "error: by zero") == "");
    CHECK(mismatch(runtime, "error: overflow") != "");
    CHECK(mismatch(runtime, "compile error") != "");
    CHECK(mismatch(runtime, "fails") == "");
    CHECK(mismatch(compile, "compile error") == "");
    CHECK(mismatch(compile, "compile error@5") == "");
    CHECK(mismatch(compile, "compile error@4") != "");
    CHECK(mismatch(compile, "compile error@5: undeclared") == "");
    CHECK(mismatch(compile, "compile error: unknown") != "");
    CHECK(mismatch(compile, "error") != "");
    CHECK(mismatch(compile, "fails: undeclared") == "");
    CHECK(mismatch(value, "0 | 3") == "");
    CHECK(mismatch(runtime, "0 | error") == "");
    CHECK(mismatch(compile, "0 | error") != "");
    CHECK(mismatch(threw, "fails") != "");
    CHECK(mismatch(threw, "boom") != "");
    CHECK(value.describe() == "3");
    CHECK(runtime.describe() == "error: Division By Zero");
}
