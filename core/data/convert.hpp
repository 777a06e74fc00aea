// Cell text to typed values, with the rules of sniff.hpp: what a CSV cell
// (or a JSON string) must look like to be an int, double, bool or
// timestamp. Timestamps take a fast path for the common UTC form
// (2026-11-01T09:30:00Z, optionally with a fraction) and fall back to
// core/expr/time.hpp for every other RFC 3339 form (any offset).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/expr/value.hpp"

namespace journeyctl::core::data {

// An integer: optional '-' or '+', digits, fits 64 bits.
bool parse_int_cell(std::string_view text, int64_t& out);
// A decimal or exponent number (or an integer).
bool parse_double_cell(std::string_view text, double& out);
// true / false, any case.
bool parse_bool_cell(std::string_view text, bool& out);
// RFC 3339 with any offset.
bool parse_timestamp_cell(std::string_view text, expr::Timestamp& out);
// Seconds since the epoch, optionally with a fraction: "1793491200",
// "1793491200.5", "-60".
bool parse_epoch_cell(std::string_view text, expr::Timestamp& out);
// Epoch seconds as a JSON number.
bool epoch_from_double(double seconds, expr::Timestamp& out);

}  // namespace journeyctl::core::data
