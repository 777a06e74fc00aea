#include "core/state/unix_nanos.hpp"

#include <chrono>
#include <limits>

namespace journeyctl::core::state {

UnixNanos unix_nanos_now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
}

UnixNanos saturating_subtract(UnixNanos a, int64_t b) {
    UnixNanos out = 0;
    if (!__builtin_sub_overflow(a, b, &out)) return out;
    return b > 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
}

}  // namespace journeyctl::core::state
