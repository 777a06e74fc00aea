// Conversions between JSON (nlohmann::json) and expression values, for
// `eval --var NAME=JSON`, JSON Lines data and template test data.
#pragma once

#include <nlohmann/json.hpp>

#include "core/expr/types.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::expr {

// JSON integers that fit int64 become int, larger unsigned ones uint, other
// numbers double; objects become maps with string keys, arrays lists.
Value value_from_json(const nlohmann::json& json);

// The static type a checker should assume for a variable bound to `json`:
// the scalar's own type, list(dyn) or map(string, dyn) for containers.
Type type_of_json(const nlohmann::json& json);

}  // namespace journeyctl::core::expr
