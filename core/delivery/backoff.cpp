#include "core/delivery/backoff.hpp"

#include <algorithm>

namespace journeyctl::core::delivery {

std::chrono::milliseconds backoff_ceiling(const BackoffPolicy& policy, int failed_attempts) {
    const auto cap = std::max(policy.cap, std::chrono::milliseconds(0));
    auto ceiling = std::clamp(policy.base, std::chrono::milliseconds(0), cap);
    // Doubling one step at a time and stopping at the cap: no shift that
    // overflows however many attempts are allowed.
    for (int n = 1; n < failed_attempts && ceiling > std::chrono::milliseconds(0) && ceiling < cap; ++n) ceiling = std::min(cap, ceiling * 2);
    return ceiling;
}

std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, int failed_attempts, double uniform,
                                      std::optional<int64_t> retry_after_seconds) {
    const auto ceiling = backoff_ceiling(policy, failed_attempts);
    const auto jittered =
        std::chrono::milliseconds(static_cast<int64_t>(static_cast<double>(ceiling.count()) * std::clamp(uniform, 0.0, 1.0)));
    // Clamped to a year, so that converting an absurd value to milliseconds
    // cannot overflow; the engine refuses to wait that long anyway.
    constexpr int64_t k_year_seconds = 365LL * 24 * 3600;
    const auto asked = std::chrono::seconds(std::clamp<int64_t>(retry_after_seconds.value_or(0), 0, k_year_seconds));
    return std::max<std::chrono::milliseconds>(jittered, asked);
}

}  // namespace journeyctl::core::delivery
