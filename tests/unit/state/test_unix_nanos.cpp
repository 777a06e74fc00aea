// The state database's times: the system clock in nanoseconds, and
// subtraction held at the int64 range (a cap's window reaching before
// 1677).
#include <chrono>
#include <cstdint>
#include <limits>

#include <catch2/catch.hpp>

#include "core/state/unix_nanos.hpp"

using namespace journeyctl::core::state;

TEST_CASE("unix nanos: now is the system clock in nanoseconds", "[state]") {
    const auto before = std::chrono::system_clock::now();
    const UnixNanos now = unix_nanos_now();
    const auto after = std::chrono::system_clock::now();
    const auto nanos = [](std::chrono::system_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
    };
    CHECK(nanos(before) <= now);
    CHECK(now <= nanos(after));
    CHECK(now > 1'700'000'000LL * 1'000'000'000);  // after 2023-11: nanoseconds, not micro
}

TEST_CASE("unix nanos: subtraction holds at the range's ends", "[state]") {
    constexpr int64_t k_min = std::numeric_limits<int64_t>::min();
    constexpr int64_t k_max = std::numeric_limits<int64_t>::max();
    CHECK(saturating_subtract(100, 30) == 70);
    CHECK(saturating_subtract(-2, k_max) == k_min);  // one below: held
    CHECK(saturating_subtract(-1, k_max) == k_min);  // exactly the minimum
    CHECK(saturating_subtract(0, k_max) == k_min + 1);
    CHECK(saturating_subtract(5, -k_max) == k_max);
    CHECK(saturating_subtract(k_min, 0) == k_min);
}
