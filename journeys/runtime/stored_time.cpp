#include "journeys/runtime/stored_time.hpp"

#include <limits>

namespace journeyctl::journeys {

namespace {
constexpr int64_t k_nanos_per_second = 1'000'000'000;
}

std::optional<int64_t> exact_unix_nanos(core::expr::Timestamp t) {
    int64_t scaled = 0;
    int64_t sum = 0;
    if (__builtin_mul_overflow(t.seconds, k_nanos_per_second, &scaled)) return std::nullopt;
    if (__builtin_add_overflow(scaled, static_cast<int64_t>(t.nanos), &sum)) return std::nullopt;
    return sum;
}

int64_t bounded_unix_nanos(core::expr::Timestamp t) {
    if (auto nanos = exact_unix_nanos(t)) return *nanos;
    return t.seconds < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
}

core::expr::Timestamp from_unix_nanos(int64_t nanos) {
    int64_t seconds = nanos / k_nanos_per_second;
    int64_t rest = nanos % k_nanos_per_second;
    if (rest < 0) {
        rest += k_nanos_per_second;
        --seconds;
    }
    return core::expr::Timestamp{seconds, static_cast<int32_t>(rest)};
}

}  // namespace journeyctl::journeys
