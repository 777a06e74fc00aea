// A segment's `where` run as three-valued tests on the profile's row
// (predicate.hpp) rather than by walking its tree node by node: with many
// segments counted at once over every profile, the walk itself (a Value
// per node, a virtual call per field) cost more than the tests. What the
// tests do not cover (inSegment, an `events` macro, arithmetic) is left
// to the evaluator as parts, and a `where` that ends in an error is
// evaluated again by the evaluator, so values and messages do not change.
#pragma once

#include "core/expr/expression.hpp"

namespace journeyctl::core::segment {

// Sets a shortcut on the program's root when its `where` reads profile
// fields in tests; profile_slot: the activation slot of `profile`.
// Returns whether it did.
bool install_compiled_where(expr::Evaluator& evaluator, const expr::Program& program, int profile_slot);

}  // namespace journeyctl::core::segment
