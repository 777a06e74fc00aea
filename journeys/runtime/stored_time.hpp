// Instants as the state database stores them: Unix nanoseconds in an
// int64 (core/state/unix_nanos.hpp), 1677-09-21 to 2262-04-11.
#pragma once

#include <cstdint>
#include <optional>

#include "core/expr/value.hpp"

namespace journeyctl::journeys {

// t in Unix nanoseconds, or none outside the int64 range.
std::optional<int64_t> exact_unix_nanos(core::expr::Timestamp t);
// t held at the range's ends: for window bounds, which count the same there.
int64_t bounded_unix_nanos(core::expr::Timestamp t);
core::expr::Timestamp from_unix_nanos(int64_t nanos);

}  // namespace journeyctl::journeys
