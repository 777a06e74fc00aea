// Conversions between JSON (nlohmann::json) and expression values, for
// `eval --var NAME=JSON`, JSON Lines data and template test data.
#pragma once

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/expr/types.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::expr {

// How deep arrays and objects may nest in JSON turned into a value. Values
// are walked recursively (printing, comparing, destroying them), so the
// conversion refuses deeper JSON instead of building a value that would
// exhaust the stack later. The same bound as expressions' nesting.
constexpr int k_max_json_depth = 250;

// JSON nested deeper than k_max_json_depth. For `eval --var` a usage error;
// for a row of data a malformed row.
class JsonTooDeep : public std::runtime_error {
public:
    JsonTooDeep();
};

// JSON integers that fit int64 become int, larger unsigned ones uint, other
// numbers double; objects become maps with string keys, arrays lists.
// Throws JsonTooDeep when arrays and objects nest more than
// k_max_json_depth levels (what() says so; callers add where).
Value value_from_json(const nlohmann::json& json);

// The static type a checker should assume for a variable bound to `json`:
// the scalar's own type, list(dyn) or map(string, dyn) for containers.
Type type_of_json(const nlohmann::json& json);

}  // namespace journeyctl::core::expr
