// Frequency caps across journeys (policies.frequency): a ledger of the
// messages sent to each profile, and the rule of formats.md: a cap
// {channel, max, per} is reached at instant t when `max` or more messages
// were sent to the profile on that channel (on any channel for
// `channel: any`) at times s with t - per < s <= t. A message exactly `per`
// ago no longer counts; one stamped after t (a clock step back, a replay)
// does not count either.
//
// Only messages the policies allow are recorded, by `reserve`, which
// checks the caps and records in one step (check_policies calls it): a
// suppressed, delayed or skipped attempt does not use up the profile's
// allowance. The in-memory ledger serves dry-runs (one per profile, then
// cleared) and tests; the state database provides the persistent one
// behind the same interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/expr/value.hpp"
#include "core/workspace/model.hpp"

namespace journeyctl::journeys {

using core::expr::Duration;
using core::expr::Timestamp;

// One cap as the checks use it; `channel` empty means any channel.
struct Cap {
    std::string channel;
    int64_t max = 0;
    Duration per;
    bool any() const { return channel.empty(); }
    bool applies_to(std::string_view message_channel) const { return any() || channel == message_channel; }
};
// A cap that a message would exceed (first_cap_reached, reserve).
struct CapReached {
    const Cap* cap = nullptr;
    int64_t count = 0;
    Timestamp window_start;  // t - per (excluded from the window)
};

class FrequencyLedger {
public:
    virtual ~FrequencyLedger() = default;
    virtual void record_sent(std::string_view profile, std::string_view channel, Timestamp at) = 0;
    // Check and record in one step: the first of `caps` a message on
    // `channel` to `profile` at `at` would exceed, or, when none would, the
    // message recorded as sent. A persistent ledger does both in one
    // transaction, so that retries and several senders cannot overrun a cap.
    virtual std::optional<CapReached> reserve(const std::vector<Cap>& caps, std::string_view profile,
                                              std::string_view channel, Timestamp at) = 0;
    // Messages sent to `profile` on `channel` (any channel when absent) at
    // times s with after < s <= until.
    virtual int64_t count_sent(std::string_view profile, std::optional<std::string_view> channel, Timestamp after,
                               Timestamp until) const = 0;
};

class InMemoryFrequencyLedger final : public FrequencyLedger {
public:
    void record_sent(std::string_view profile, std::string_view channel, Timestamp at) override;
    std::optional<CapReached> reserve(const std::vector<Cap>& caps, std::string_view profile, std::string_view channel,
                                      Timestamp at) override;
    void clear() { m_by_profile.clear(); }
    int64_t count_sent(std::string_view profile, std::optional<std::string_view> channel, Timestamp after,
                       Timestamp until) const override;

private:
    struct Entry {
        std::string channel;
        Timestamp at;
    };
    std::unordered_map<std::string, std::vector<Entry>> m_by_profile;
};

std::vector<Cap> caps_from_config(const std::vector<core::workspace::FrequencyCap>& caps);

// The start of a cap's window at `t`, excluded from it: t - per, or the
// earliest timestamp when that is before year 1 (nothing can have been
// sent earlier anyway).
Timestamp window_start(Timestamp t, Duration per);

// The first cap (in file order) that a message on `channel` to `profile`
// at `t` would exceed, with the count that reached it.
std::optional<CapReached> first_cap_reached(const std::vector<Cap>& caps, const FrequencyLedger& ledger,
                                            std::string_view profile, std::string_view channel, Timestamp t);

// A duration the way the configuration writes them: "7d", "1d12h", "1m30s"
// (days, never weeks: "2w" shows as "14d");
// whole seconds; a fraction falls back to the CEL form ("1.500s").
std::string format_cap_duration(Duration d);

}  // namespace journeyctl::journeys
