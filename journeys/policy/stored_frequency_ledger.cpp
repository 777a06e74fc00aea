#include "journeys/policy/stored_frequency_ledger.hpp"

#include <limits>
#include <stdexcept>

#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "journeys/runtime/stored_time.hpp"

namespace journeyctl::journeys {

namespace {

using core::state::UnixNanos;

// A message's time: outside the store's range it cannot be counted.
UnixNanos message_nanos(Timestamp t) {
    if (auto nanos = exact_unix_nanos(t)) return *nanos;
    throw core::UsageError("cannot count a message at " + core::expr::time::format_timestamp(t) +
                           " toward frequency caps: the state database holds times from 1677-09-21 to 2262-04-11");
}

// A window bound: held at the range's ends, where it counts the same
// (every stored time is inside the range).
UnixNanos bound_nanos(Timestamp t) { return bounded_unix_nanos(t); }

// A cap's length, held at the int64 maximum (about 292 years).
int64_t duration_nanos(Duration d) {
    int64_t scaled = 0;
    int64_t sum = 0;
    if (__builtin_mul_overflow(d.seconds, int64_t{1'000'000'000}, &scaled) ||
        __builtin_add_overflow(scaled, static_cast<int64_t>(d.nanos), &sum)) {
        return d.seconds < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    }
    return sum;
}

}  // namespace

const std::string& StoredFrequencyLedger::key() const {
    if (m_key.empty()) throw std::logic_error("StoredFrequencyLedger: no idempotency key set for the message");
    return m_key;
}

void StoredFrequencyLedger::open_group_if_grouped() {
    if (m_grouped && !m_counters->in_group()) m_counters->begin_group();
}

void StoredFrequencyLedger::record_sent(std::string_view profile, std::string_view channel, Timestamp at) {
    open_group_if_grouped();
    m_counters->record(key(), profile, channel, message_nanos(at));
}

std::optional<CapReached> StoredFrequencyLedger::reserve(const std::vector<Cap>& caps, std::string_view profile,
                                                         std::string_view channel, Timestamp at) {
    const std::string& message_key = key();
    m_caps.clear();
    for (const Cap& cap : caps) m_caps.push_back({cap.channel, cap.max, duration_nanos(cap.per)});
    open_group_if_grouped();
    const auto reached = m_counters->reserve(m_caps, profile, channel, message_nanos(at), message_key);
    if (!reached) return std::nullopt;
    const Cap& cap = caps[reached->cap_index];
    return CapReached{&cap, reached->count, window_start(at, cap.per)};
}

int64_t StoredFrequencyLedger::count_sent(std::string_view profile, std::optional<std::string_view> channel,
                                          Timestamp after, Timestamp until) const {
    return m_counters->count(profile, channel, bound_nanos(after), bound_nanos(until));
}

}  // namespace journeyctl::journeys
