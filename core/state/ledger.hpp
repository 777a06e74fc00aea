// The send ledger: one row per message (idempotency key) in the state
// database, so that a rerun of a batch skips what was sent, retries what
// failed retryably and does not resend what may have arrived. The order
// that makes this safe is the caller's and is simple: record_started
// returns once the attempt is committed, then the request leaves, then
// record_outcomes. Both take a group of messages (one transaction, one
// sync for the group), so a sender commits per batch of requests, not
// per request.
//
// record_started is also the claim: under the write lock it starts only
// the messages that may_start allows, so two runs of one batch at the
// same time cannot both send a message. A message found `started` is
// another run's (dead or alive) and becomes `ambiguous` there and then.
//
// Nothing secret is stored: keys, names, the provider's id and status,
// and an error text that the caller has redacted (cut to
// k_max_detail_bytes here). Reads return what was asked for, never a
// whole batch: look-ups by key, keys a page at a time, counts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/state/message_state.hpp"
#include "core/state/sqlite.hpp"
#include "core/state/unix_nanos.hpp"

namespace journeyctl::core::state {

// The longest provider status or error text kept (cut at a UTF-8
// character boundary): a reason, not a response body.
inline constexpr size_t k_max_detail_bytes = 300;

struct MessageRecord {
    std::string idempotency_key;
    std::string batch;
    std::string profile_key;
    std::string channel;
    std::string template_name;
    MessageState state = MessageState::Started;
    int64_t attempts = 0;  // times an attempt was recorded started
    std::string provider_message_id;  // empty: none
    std::string provider_status;      // empty: none
    std::string error;                // empty: none
    UnixNanos first_started = 0;
    UnixNanos last_updated = 0;
    std::string fallback_channel;  // empty: none; see MessageOutcome
};

// A message about to be sent. The views need to live only for the call.
struct StartedMessage {
    std::string_view idempotency_key;  // not empty
    std::string_view batch;
    std::string_view profile_key;
    std::string_view channel;
    std::string_view template_name;
};

// How an attempt ended: any state but Started. Empty texts store NULL.
struct MessageOutcome {
    std::string_view idempotency_key;
    MessageState state = MessageState::Sent;
    std::string_view provider_message_id;
    std::string_view provider_status;
    std::string_view error;  // redacted by the caller: no secrets
    // A failed message handed on to this channel (its channel's fallback).
    std::string_view fallback_channel = {};
};

// A message of a record_started group that was not started: `index` in
// the group, and the state it was found in (after state_for_rerun).
struct NotStarted {
    size_t index = 0;
    MessageState state = MessageState::Sent;
};

struct StateCounts {
    std::array<int64_t, k_message_state_count> by_state{};
    int64_t operator[](MessageState state) const { return by_state[static_cast<size_t>(state)]; }
    int64_t total() const;
};

class Ledger {
public:
    // Over an open, migrated database (StateStore makes one).
    explicit Ledger(SqliteDatabase& db);

    // What the ledger holds for each key, in the order asked (none for a
    // key never started), from one snapshot.
    std::vector<std::optional<MessageRecord>> lookup(std::span<const std::string_view> keys);

    // Records an attempt of each message as started, in one IMMEDIATE
    // transaction, and returns once it is committed. A message is started
    // when may_start(found, resend) allows: a new row, or the found row
    // back to `started` with one more attempt and the last outcome's
    // details cleared. The others are left as found (a `started` one
    // turned `ambiguous`) and returned. A key given twice in one group is
    // std::invalid_argument, and nothing is recorded.
    std::vector<NotStarted> record_started(std::span<const StartedMessage> messages, UnixNanos now,
                                           ResendUnknown resend);

    // Records how each attempt ended, in one transaction. An outcome for a
    // key that was never started, or with the state Started, is
    // std::invalid_argument, and nothing is recorded.
    void record_outcomes(std::span<const MessageOutcome> outcomes, UnixNanos now);

    // Keys of `batch` stored in `state`, in key order, at most `limit`,
    // after `after_key` (empty: from the first): a page at a time.
    std::vector<std::string> keys_in_state(std::string_view batch, MessageState state, std::string_view after_key,
                                           size_t limit);

    // Messages of `batch` per stored state.
    StateCounts count_by_state(std::string_view batch);

    // The `limit` messages of `batch` in `state` updated last, latest first
    // (`status` shows the latest failures with the provider's error).
    std::vector<MessageRecord> latest_in_state(std::string_view batch, MessageState state, size_t limit);

private:
    SqliteDatabase& m_db;
    SqliteStatement m_select;
    SqliteStatement m_insert_started;
    SqliteStatement m_restart;
    SqliteStatement m_mark_ambiguous;
    SqliteStatement m_record_outcome;
    SqliteStatement m_keys_in_state;
    SqliteStatement m_count_by_state;
};

}  // namespace journeyctl::core::state
