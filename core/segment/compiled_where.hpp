// A segment's `where` run as three-valued tests on the profile's row
// (predicate.hpp) rather than by walking its tree node by node: with many
// segments counted at once over every profile, the walk itself (a Value
// per node, a virtual call per field) cost more than the tests. What the
// tests do not cover (inSegment, an `events` macro, arithmetic) is left
// to the evaluator as parts, and a `where` that ends in an error is left
// to the evaluator whole, so values and messages do not change.
#pragma once

#include <memory>
#include <optional>

#include "core/expr/expression.hpp"
#include "core/segment/predicate.hpp"

namespace journeyctl::core::segment {

class CompiledWhere {
public:
    // The program's where as tests, with `evaluator` (built for the
    // program, with `now` as a constant) for the parts; null when it tests
    // no field of the profile (it would all be parts: no faster).
    // profile_slot: the activation slot of `profile`.
    static std::unique_ptr<CompiledWhere> compile(expr::Evaluator& evaluator, const expr::Program& program,
                                                  int profile_slot);
    // Whether the activation's profile is in the segment; nullopt when the
    // where gives an error or a value that is not a bool (the evaluator
    // then says which).
    std::optional<bool> test(const expr::Activation& activation);

private:
    explicit CompiledWhere(int profile_slot) : m_profile_slot(profile_slot) {}
    Predicate m_predicate;
    int m_profile_slot;
};

}  // namespace journeyctl::core::segment
