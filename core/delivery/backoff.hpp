// When to try a message again after an attempt the provider did not take
// (a Retry disposition): exponential backoff with full jitter, or the
// provider's Retry-After when that is longer. Full jitter (a uniform draw
// between 0 and the exponential ceiling) spreads the retries of many
// messages that failed together, so they do not return as one wave.
// Pure: the caller passes the random draw, so tests need no generator.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace journeyctl::core::delivery {

struct BackoffPolicy {
    std::chrono::milliseconds base{500};  // the ceiling after the first failure
    std::chrono::milliseconds cap{30'000};  // the ceiling never grows past this
};

// min(cap, base * 2^(failed_attempts - 1)); failed_attempts counts from 1.
std::chrono::milliseconds backoff_ceiling(const BackoffPolicy& policy, int failed_attempts);

// The wait before the next attempt: `uniform` (a draw in [0, 1)) times the
// ceiling, or `retry_after_seconds` when that is longer.
std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, int failed_attempts, double uniform,
                                      std::optional<int64_t> retry_after_seconds);

}  // namespace journeyctl::core::delivery
