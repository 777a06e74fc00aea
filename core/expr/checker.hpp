// The type checker: resolves identifiers to activation slots, gives macro
// variables their slots, computes each node's static type against the
// Environment and reports what cannot work (unknown variable or field,
// no matching overload such as string < int, a non-bool condition).
// Host functions (Environment::functions) are resolved here: a Call node's
// `overload` is the index of the FunctionDecl it names.
#pragma once

#include <vector>

#include "core/expr/ast.hpp"
#include "core/expr/expression.hpp"

namespace journeyctl::core::expr {

struct CheckResult {
    std::vector<ExprDiagnostic> diagnostics;
    int frame_size = 0;  // env.variable_count() + macro variable slots
};

CheckResult check(Node& root, const Environment& env, const CompileOptions& options);

}  // namespace journeyctl::core::expr
