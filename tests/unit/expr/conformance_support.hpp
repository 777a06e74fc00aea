// Support for the table-driven conformance suite of the expression language
// (tests/unit/expr/test_conformance_*.cpp). The tables are written from the
// CEL language definition (google/cel-spec doc/langdef.md) and our documented
// extensions (shared/design/expressions.md), not from the implementation:
// each row is an expression text and the outcome the language defines.
//
// An expected outcome is one of:
//   "3", "3u", "\"ab\"", "[1, 2]", "null", "int", ...   the value, written as
//       its CEL literal (Value::to_cel_literal), compared exactly;
//   "error" or "error: by zero"     a runtime error value, optionally whose
//       message contains the text after "error: " (case-insensitive);
//   "compile error", "compile error: undeclared", "compile error@5",
//   "compile error@5: undeclared"    compile() fails (syntax or type error),
//       optionally with its first error at 1-based column 5 and/or a message
//       containing the text;
//   "fails" or "fails: text"        either a compile or a runtime error (for
//       the few cases where CEL allows a checker to catch statically what an
//       evaluator must catch dynamically).
//   "0 | error"                      any one of the alternatives (for the
//       few cases where CEL implementations differ and either is sound).
// Error wording is the implementer's: tables match only short substrings.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "core/expr/expression.hpp"

namespace journeyctl::tests::conformance {

// The instant `now` is bound to in every case: 2026-11-01T00:00:00Z.
inline constexpr int64_t k_now_seconds = 1793491200;

// What compiling and evaluating one expression gave.
struct Outcome {
    enum class Kind { Value, RuntimeError, CompileError, Threw };
    Kind kind = Kind::Value;
    // Value: its CEL literal. RuntimeError: the error message. CompileError:
    // the first error diagnostic's message. Threw: the exception text.
    std::string text;
    // CompileError: the first error diagnostic's 1-based column.
    uint32_t column = 0;

    // "3", "error: division by zero", "compile error@5: ...", "threw: ...".
    std::string describe() const;
};

// Binds the variables of an environment for one evaluation.
using Binder = std::function<void(core::expr::Activation&)>;

// Compiles `source` in Environment::standard() and evaluates it with `now`
// bound to k_now_seconds.
Outcome run(std::string_view source);
// Same, in a caller's environment; `now` is bound when the environment
// declares it, then `bind` sets the rest.
Outcome run(std::string_view source, const core::expr::Environment& env, const Binder& bind);

// The result as the brief describes it: the CEL literal, "error: message" or
// "compile error: message".
std::string eval_to_literal(std::string_view source);

// Empty when `outcome` satisfies `expected` (grammar above), else a sentence
// saying what differs.
std::string mismatch(const Outcome& outcome, std::string_view expected);

// One row of a table.
struct Case {
    std::string_view expr;
    std::string_view expected;
};

// Checks every row in the standard environment; a failing row names its
// expression, the expected and the actual outcome. Never stops at the first
// failure so a run lists every deviation.
void check_cases(std::span<const Case> cases);
// Same in a caller's environment.
void check_cases(std::span<const Case> cases, const core::expr::Environment& env, const Binder& bind);

}  // namespace journeyctl::tests::conformance
