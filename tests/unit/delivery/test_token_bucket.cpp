#include <catch2/catch.hpp>

#include "core/delivery/token_bucket.hpp"

using namespace journeyctl::core::delivery;
using namespace std::chrono_literals;

namespace {
const TokenBucket::Clock::time_point t0{};
}

TEST_CASE("a token bucket lets its burst go at once, then its rate", "[delivery][engine]") {
    TokenBucket bucket(10, 3, t0);
    CHECK(bucket.try_take(t0));
    CHECK(bucket.try_take(t0));
    CHECK(bucket.try_take(t0));
    CHECK_FALSE(bucket.try_take(t0));
    CHECK(bucket.ready_at(t0) == t0 + 100ms);
    CHECK_FALSE(bucket.try_take(t0 + 99ms));
    CHECK(bucket.try_take(t0 + 100ms));
    CHECK_FALSE(bucket.try_take(t0 + 100ms));
}

TEST_CASE("a token bucket holds no more than its burst after a pause", "[delivery][engine]") {
    TokenBucket bucket(10, 2, t0);
    int taken = 0;
    while (bucket.try_take(t0 + 1h)) ++taken;
    CHECK(taken == 2);
}

TEST_CASE("a token bucket gives rate times the time over a long stretch", "[delivery][engine]") {
    TokenBucket bucket(50, 5, t0);
    int taken = 0;
    for (auto t = t0; t < t0 + 10s; t += 1ms) {
        while (bucket.try_take(t)) ++taken;
    }
    // 5 at once, then 50 a second for 10 s (the last token at 9.98 s).
    CHECK(taken == 5 + 499);
}

TEST_CASE("a token bucket's ready_at is never early", "[delivery][engine]") {
    TokenBucket bucket(3, 1, t0);
    REQUIRE(bucket.try_take(t0));
    const auto ready = bucket.ready_at(t0 + 10ms);
    CHECK(ready >= t0 + 333ms);
    CHECK(ready <= t0 + 334ms);
    CHECK(bucket.try_take(ready));
}

TEST_CASE("a token bucket with no rate never limits", "[delivery][engine]") {
    TokenBucket bucket(0, 1, t0);
    for (int i = 0; i < 1000; ++i) REQUIRE(bucket.try_take(t0));
    CHECK(bucket.ready_at(t0) == t0);
}

TEST_CASE("a token bucket ignores a clock that goes back", "[delivery][engine]") {
    TokenBucket bucket(1, 1, t0 + 10s);
    REQUIRE(bucket.try_take(t0 + 10s));
    CHECK_FALSE(bucket.try_take(t0));
    CHECK(bucket.ready_at(t0) == t0 + 11s);
    CHECK(bucket.try_take(t0 + 11s));
}

TEST_CASE("the default burst is a tenth of a second's sends, at least one", "[delivery][engine]") {
    CHECK(default_burst(0) == 1);
    CHECK(default_burst(5) == 1);
    CHECK(default_burst(100) == 10);
}
