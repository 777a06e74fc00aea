// A token bucket per channel: the channel's `rate` in sends per second,
// with a small burst so that a loop waking a little late does not lose
// throughput. Pure: the caller passes the time, so tests need no clock.
#pragma once

#include <chrono>

namespace journeyctl::core::delivery {

class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;

    // `rate_per_second` 0 (or less): no limit. `burst`: the most tokens the
    // bucket holds (at least 1), i.e. how many may leave at once after a
    // pause. The bucket starts full at `start`.
    TokenBucket(double rate_per_second, double burst, Clock::time_point start);

    // Takes a token when one is available at `now`.
    bool try_take(Clock::time_point now);
    // The earliest instant at which try_take can succeed (`now` when it can
    // already), rounded up so that waiting until then is never too early.
    Clock::time_point ready_at(Clock::time_point now) const;

private:
    double tokens_at(Clock::time_point now) const;

    double rate_;
    double burst_;
    double tokens_;
    Clock::time_point updated_;
};

// The burst the engine gives a channel: a tenth of a second's worth of
// sends, at least one.
double default_burst(double rate_per_second);

}  // namespace journeyctl::core::delivery
