// Helpers shared by value.cpp, value_format.cpp and the evaluator: CEL's
// heterogeneous numeric ordering and the textual forms of numbers and
// strings. Internal to core/expr (not part of the public API).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/expr/value.hpp"

namespace journeyctl::core::expr::detail {

inline bool is_number(Value::Kind k) {
    return k == Value::Kind::Int || k == Value::Kind::Uint || k == Value::Kind::Double;
}

// Orders two numbers (int, uint or double, in any mix) by their exact
// mathematical value, as CEL's heterogeneous comparison does; NaN is
// unordered with everything (so NaN != NaN).
std::partial_ordering compare_numbers(const Value& a, const Value& b);

// Go's strconv.FormatFloat(d, 'g', -1, 64): the shortest text that reads
// back as d, in exponent form when the exponent is < -4 or >= 21 for
// literals (1e+21) or >= 6 as string(double) does in CEL's Go reference.
// NaN, +Inf, -Inf come out as "NaN", "+Inf", "-Inf".
std::string format_double(double d, int exponent_threshold);

// d as a CEL double literal: always recognisable as a double ("1.0",
// "1.5", "1e+100", "NaN", "+infinity", "-infinity").
std::string double_literal(double d);

// Appends s between double quotes with CEL escapes; bytes escape every
// non-printable or non-ASCII octet as \xHH, strings keep UTF-8 as is.
void append_quoted(std::string& out, std::string_view s, bool is_bytes);

}  // namespace journeyctl::core::expr::detail
