// Lexer and recursive-descent parser for the expression language: text in,
// syntax tree out, every node with its line and column. Implements CEL's
// grammar (google/cel-spec doc/langdef.md, "Syntax") for the subset and
// extensions in shared/design/expressions.md; macros become Macro nodes and
// has(a.b) a test-only Select.
#pragma once

#include <string_view>
#include <vector>

#include "core/expr/ast.hpp"
#include "core/expr/expression.hpp"

namespace journeyctl::core::expr {

struct ParseResult {
    NodePtr root;                             // null when there are errors
    std::vector<ExprDiagnostic> diagnostics;  // syntax errors, by position
};

ParseResult parse(std::string_view source);

}  // namespace journeyctl::core::expr
