// Shared pieces of time.cpp, time_parse.cpp and time_zone.cpp: CEL's range
// limits and exact arithmetic on total nanoseconds. Every operation goes
// through a 128-bit count of nanoseconds so that no intermediate can
// overflow, whatever the inputs (even a malformed Duration whose seconds and
// nanos disagree in sign).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/expr/value.hpp"

namespace journeyctl::core::expr::time::detail {

// __extension__ keeps -Wpedantic quiet about the GCC/Clang builtin type.
__extension__ typedef __int128 Nanos;

inline constexpr int64_t k_nanos_per_second = 1'000'000'000;
// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in Unix seconds.
inline constexpr int64_t k_min_timestamp_seconds = -62'135'596'800;
inline constexpr int64_t k_max_timestamp_seconds = 253'402'300'799;
// CEL's duration range, as its reference implementation and conformance
// tests have it: an int64 of nanoseconds, about 292 years each way (not
// google.protobuf.Duration's 10000 years: the difference of 9999-12-31
// and 0001-01-01 is a range error).
inline constexpr int64_t k_max_duration_seconds = 9'223'372'036;

inline constexpr Nanos k_min_timestamp_nanos = Nanos{k_min_timestamp_seconds} * k_nanos_per_second;
inline constexpr Nanos k_max_timestamp_nanos =
    Nanos{k_max_timestamp_seconds} * k_nanos_per_second + (k_nanos_per_second - 1);
inline constexpr Nanos k_max_duration_nanos = Nanos{INT64_MAX};
inline constexpr Nanos k_min_duration_nanos = Nanos{INT64_MIN};

inline Nanos to_nanos(Timestamp t) { return Nanos{t.seconds} * k_nanos_per_second + t.nanos; }
inline Nanos to_nanos(Duration d) { return Nanos{d.seconds} * k_nanos_per_second + d.nanos; }

inline bool timestamp_in_range(Nanos n) { return n >= k_min_timestamp_nanos && n <= k_max_timestamp_nanos; }
inline bool duration_in_range(Nanos n) { return n >= k_min_duration_nanos && n <= k_max_duration_nanos; }

// Callers check the range first, so the seconds fit in int64.
inline Timestamp timestamp_from_nanos(Nanos n) {
    Nanos seconds = n / k_nanos_per_second;
    Nanos rest = n % k_nanos_per_second;
    if (rest < 0) {  // floor division: nanos stay in [0, 1e9)
        rest += k_nanos_per_second;
        seconds -= 1;
    }
    return Timestamp{static_cast<int64_t>(seconds), static_cast<int32_t>(rest)};
}

// Truncating division keeps seconds and nanos of the same sign.
inline Duration duration_from_nanos(Nanos n) {
    return Duration{static_cast<int64_t>(n / k_nanos_per_second),
                    static_cast<int32_t>(n % k_nanos_per_second)};
}

// The user's text inside double quotes for an error message: quotes,
// backslashes and control bytes escaped, very long input shortened.
std::string quote_for_message(std::string_view text);

}  // namespace journeyctl::core::expr::time::detail
