#include <catch2/catch.hpp>

#include <cstdint>

#include "core/delivery/backoff.hpp"

using namespace journeyctl::core::delivery;
using namespace std::chrono_literals;

TEST_CASE("the backoff ceiling doubles per failure up to its cap", "[delivery][engine]") {
    const BackoffPolicy policy{500ms, 30s};
    CHECK(backoff_ceiling(policy, 1) == 500ms);
    CHECK(backoff_ceiling(policy, 2) == 1s);
    CHECK(backoff_ceiling(policy, 3) == 2s);
    CHECK(backoff_ceiling(policy, 6) == 16s);
    CHECK(backoff_ceiling(policy, 7) == 30s);
    CHECK(backoff_ceiling(policy, 1'000'000) == 30s);
}

TEST_CASE("full jitter draws between zero and the ceiling", "[delivery][engine]") {
    const BackoffPolicy policy{100ms, 10s};
    CHECK(retry_delay(policy, 3, 0.0, std::nullopt) == 0ms);
    CHECK(retry_delay(policy, 3, 0.5, std::nullopt) == 200ms);
    CHECK(retry_delay(policy, 3, 0.999, std::nullopt) == 399ms);
    // A draw out of range is clamped, not trusted.
    CHECK(retry_delay(policy, 3, 7.0, std::nullopt) == 400ms);
    CHECK(retry_delay(policy, 3, -1.0, std::nullopt) == 0ms);
}

TEST_CASE("a longer Retry-After wins over the jittered backoff", "[delivery][engine]") {
    const BackoffPolicy policy{100ms, 10s};
    CHECK(retry_delay(policy, 1, 0.5, 3) == 3s);
    // A shorter one does not shorten the backoff.
    CHECK(retry_delay(policy, 5, 0.5, 0) == 800ms);
    CHECK(retry_delay(policy, 5, 0.5, -4) == 800ms);
    // Absurd values cannot overflow.
    CHECK(retry_delay(policy, 1, 0.5, INT64_MAX) == std::chrono::seconds(365LL * 24 * 3600));
}

TEST_CASE("a zero base backs off by nothing", "[delivery][engine]") {
    const BackoffPolicy policy{0ms, 10s};
    CHECK(backoff_ceiling(policy, 50) == 0ms);
    CHECK(retry_delay(policy, 50, 0.9, std::nullopt) == 0ms);
}
