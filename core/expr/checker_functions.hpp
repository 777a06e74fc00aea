// The static signatures of the built-in functions (CEL's standard
// definitions plus our string and list extensions), used by the checker.
// Internal to core/expr.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/expr/types.hpp"

namespace journeyctl::core::expr::checking {

struct BuiltinMatch {
    bool known_name = false;    // some built-in has this name and call style
    std::optional<Type> result; // the result type when an overload fits
};

// Resolves a call of a built-in; `args` has the receiver first when
// `receiver_style`. Dyn arguments fit every overload; when several fit with
// different results the result is dyn.
BuiltinMatch match_builtin(std::string_view name, bool receiver_style, std::span<const Type> args);

// Every built-in function name (for "did you mean" suggestions).
std::vector<std::string_view> builtin_names();

// Names that denote types as values (`type(x) == int`).
bool is_type_name(std::string_view name);

// The most specific type covering both (equal types, dyn or null on either
// side, lists and maps joined element-wise); nullopt when they differ.
std::optional<Type> join(const Type& a, const Type& b);

// Levenshtein distance, capped; for suggestions.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace journeyctl::core::expr::checking
