// What to load for a set of expressions: the data::LoadOptions that give
// the compiled segments (and any other expressions: a journey's, eval's)
// every field they read and nothing more. Every command that loads data
// for expressions plans it here, so that a field read by an expression is
// never left out and one nobody reads is never parsed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/segment/engine.hpp"

namespace journeyctl::core::segment {

struct LoadPlan {
    // What the prepared segments read (Engine::field_use()).
    FieldUse segments;
    // What other expressions read: a journey's steps, templates, `event`.
    // FieldUse cannot see everything those read through `event`, so JSON
    // fields are then kept whole.
    FieldUse others;
    // More profile fields to load (a command's --fields); nullopt: every
    // profile field, as commands that evaluate expressions not known in
    // advance need (eval --profile, render --profile).
    std::optional<std::vector<std::string>> extra_profile_fields;
};

data::LoadOptions load_options(const LoadPlan& plan);

}  // namespace journeyctl::core::segment
