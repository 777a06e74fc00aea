// The frequency ledger of `send` (and later `run`): FrequencyLedger over
// the state database's frequency counters (core/state), so that
// check_policies, unchanged, checks the caps against every message
// counted by every journey, batch and process, and reserves an allowed
// one in the same transaction.
//
// A reservation is made under the message's idempotency key, so that a
// retry or a rerun of the message does not count it twice. The interface
// does not carry the key: the caller sets it before each check:
//
//   StoredFrequencyLedger ledger(store.frequency());
//   ledger.set_idempotency_key(message.idempotency_key);
//   check_policies({..., .ledger = &ledger, ...});
//
// Times become the store's Unix nanoseconds: a message time outside
// 1677-09-21..2262-04-11 is a UsageError (a --now far off); window bounds
// outside it are held at its ends, which counts the same.
#pragma once

#include <string>
#include <vector>

#include "core/state/frequency_counters.hpp"
#include "journeys/policy/frequency.hpp"

namespace journeyctl::journeys {

class StoredFrequencyLedger final : public FrequencyLedger {
public:
    explicit StoredFrequencyLedger(core::state::FrequencyCounters& counters) : m_counters(&counters) {}

    // The message that the next record_sent or reserve is about.
    void set_idempotency_key(std::string key) { m_key = std::move(key); }

    // Grouped: reservations accumulate in one transaction of the counters
    // (FrequencyCounters::begin_group), opened by the first, until commit.
    // For a sender that reserves many messages before it starts them.
    void set_grouped(bool grouped) { m_grouped = grouped; }
    void commit() { m_counters->commit_group(); }

    // Both throw std::logic_error when no key was set.
    void record_sent(std::string_view profile, std::string_view channel, Timestamp at) override;
    std::optional<CapReached> reserve(const std::vector<Cap>& caps, std::string_view profile, std::string_view channel,
                                      Timestamp at) override;
    int64_t count_sent(std::string_view profile, std::optional<std::string_view> channel, Timestamp after,
                       Timestamp until) const override;

private:
    const std::string& key() const;
    void open_group_if_grouped();

    core::state::FrequencyCounters* m_counters;  // a pointer: count_sent is const, a query is not
    std::string m_key;
    bool m_grouped = false;
    std::vector<core::state::FrequencyCap> m_caps;  // reserve's caps in the store's terms, reused
};

}  // namespace journeyctl::journeys
