// What a journey's expressions see for one profile (journey_env.hpp):
// `now`, `profile` (with the fields `update` steps set), the profile's
// events up to `now`, `event`, `journey` and inSegment, all bound from an
// instance at an instant. The step machine asks for values only through
// this interface, so the same machine runs over the loaded dataset
// (dataset_scope.hpp, dry-run) or, later, over events read from a store.
#pragma once

#include <string_view>

#include "core/expr/expression.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/runtime/instance.hpp"

namespace journeyctl::journeys::runtime {

class ProfileScope {
public:
    virtual ~ProfileScope() = default;

    // The profile's key (splits hash it; policies and ledgers use it).
    virtual std::string_view profile_key() const = 0;
    // The activation with every variable bound for `instance` at `t`
    // (templates and policy rules evaluate in it); valid until the next
    // bind or evaluate.
    virtual const core::expr::Activation& bind(const Instance& instance, Timestamp t) = 0;
    virtual core::expr::Value evaluate(const ProgramPtr& program, const Instance& instance, Timestamp t) = 0;
    // `instance.updates` changed: `profile` must show them from now on.
    virtual void profile_updated(const Instance& instance) = 0;
};

}  // namespace journeyctl::journeys::runtime
