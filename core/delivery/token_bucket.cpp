#include "core/delivery/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace journeyctl::core::delivery {

TokenBucket::TokenBucket(double rate_per_second, double burst, Clock::time_point start)
    : rate_(std::max(rate_per_second, 0.0)), burst_(std::max(burst, 1.0)), tokens_(burst_), updated_(start) {}

double TokenBucket::tokens_at(Clock::time_point now) const {
    // A clock that does not move forward adds nothing (and never subtracts).
    if (now <= updated_) return tokens_;
    const double elapsed = std::chrono::duration<double>(now - updated_).count();
    return std::min(burst_, tokens_ + elapsed * rate_);
}

bool TokenBucket::try_take(Clock::time_point now) {
    if (rate_ == 0) return true;
    tokens_ = tokens_at(now);
    updated_ = std::max(updated_, now);
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
}

TokenBucket::Clock::time_point TokenBucket::ready_at(Clock::time_point now) const {
    if (rate_ == 0) return now;
    const double missing = 1 - tokens_at(now);
    if (missing <= 0) return now;
    // Rounded up to the next microsecond: waking at the rounded-down
    // instant would find the token not quite there and spin.
    const auto wait = std::chrono::microseconds(static_cast<int64_t>(std::ceil(missing / rate_ * 1e6)));
    return std::max(now, updated_) + wait;
}

double default_burst(double rate_per_second) { return std::max(1.0, rate_per_second / 10); }

}  // namespace journeyctl::core::delivery
