// The frequency counters: the messages that count toward the frequency
// caps, across journeys, batches and processes, one row per idempotency
// key. The rule is formats.md's (journeys/policy/frequency.hpp): a cap
// {channel, max, per} is reached at instant t when `max` or more messages
// were counted for the profile on that channel (any channel when the
// cap's is empty) at times s with t - per < s <= t.
//
// reserve checks the caps and records the message in one IMMEDIATE
// transaction, so two processes reserving against one cap at once are
// serialized by SQLite's write lock and cannot both take its last place.
// A sender that reserves many messages in a row opens a group instead:
// its reservations share one transaction (the write lock is held from the
// first to commit_group), which spares a lock and a commit per message;
// the guarantee is the same, since no other process can reserve between.
// The key makes it idempotent: a retry or a rerun of a reserved message
// is allowed again without counting twice. release takes a message's
// place back when it finally failed without reaching anyone (caps count
// messages sent).
//
// Durability: reservations commit without waiting for the disk (WAL,
// synchronous=NORMAL for these transactions only). A process crash loses
// none; a power loss can lose the last few, but only ones whose message
// was not yet recorded started: the ledger's commit, synced, is later in
// the same write-ahead log and syncing it makes every earlier frame
// durable. A message that never started was never sent, and its rerun
// reserves it again. This spares one disk sync per message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/state/sqlite.hpp"
#include "core/state/unix_nanos.hpp"

namespace journeyctl::core::state {

struct FrequencyCap {
    std::string_view channel;  // empty: any channel
    int64_t max = 0;
    int64_t per_ns = 0;  // the window's length
    bool any() const { return channel.empty(); }
    bool applies_to(std::string_view message_channel) const { return any() || channel == message_channel; }
};

// The first cap (in the order given) that a message would exceed.
struct CapReachedAt {
    size_t cap_index = 0;
    int64_t count = 0;        // messages counted in its window
    UnixNanos window_after = 0;  // t - per, excluded from the window
};

class FrequencyCounters {
public:
    // Over an open, migrated database (StateStore makes one).
    explicit FrequencyCounters(SqliteDatabase& db);

    // Check and record in one transaction: the first of `caps` that a
    // message on `channel` to `profile` at `at` would exceed, or, when
    // none would, the message counted under `idempotency_key`. A key
    // already counted is allowed and not counted again (its first time
    // and profile stay).
    std::optional<CapReachedAt> reserve(std::span<const FrequencyCap> caps, std::string_view profile,
                                        std::string_view channel, UnixNanos at, std::string_view idempotency_key);
    // Counts a message without checking caps (a message sent whatever
    // the caps); a key already counted stays as it was.
    void record(std::string_view idempotency_key, std::string_view profile, std::string_view channel, UnixNanos at);
    // Stops counting the message; false when it was not counted.
    bool release(std::string_view idempotency_key);

    // From begin_group to commit_group, reserve, record and release run in
    // one IMMEDIATE transaction. Nothing else may open a transaction on the
    // database meanwhile (SQLite refuses it: a loud error, not a silent
    // one). A group never committed is rolled back by the destructor, and
    // its messages were then never started.
    void begin_group();
    void commit_group();  // no-op when no group is open
    bool in_group() const { return m_group.has_value(); }

    // The caller holds a transaction open on the connection (a run commits
    // its reservations with the instances that made them, in one synced
    // commit): until set back to false, reserve, record and release write
    // into it, and neither begin nor commit one.
    void join_caller_transaction(bool joined) { m_joined = joined; }

    // Messages counted for `profile` on `channel` (any channel when
    // absent) at times s with after < s <= until.
    int64_t count(std::string_view profile, std::optional<std::string_view> channel, UnixNanos after, UnixNanos until);

private:
    int64_t count_in_window(std::string_view profile, const FrequencyCap& cap, UnixNanos after, UnixNanos until);
    void insert(std::string_view idempotency_key, std::string_view profile, std::string_view channel, UnixNanos at);

    SqliteDatabase& m_db;
    std::optional<SqliteTransaction> m_group;
    bool m_joined = false;
    SqliteStatement m_is_counted;
    SqliteStatement m_insert;
    SqliteStatement m_delete;
    SqliteStatement m_count_channel;
    SqliteStatement m_count_any;
};

}  // namespace journeyctl::core::state
