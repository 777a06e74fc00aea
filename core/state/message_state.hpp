// The states of a message in the send ledger, and what a run may do with
// a message it finds in each. A message is one idempotency key: every
// attempt to deliver it, in this run or a later one, is the same message.
//
//   started    an attempt was committed before its request left; no
//              outcome yet. Found by another run, it means the process
//              died (or is still working) between request and outcome:
//              the request may have reached the provider, so it is read
//              as ambiguous (state_for_rerun).
//   sent       the provider accepted the message. Never sent again.
//   failed     finally failed without reaching anyone: the provider
//              refused it (a bad address, a permanent error) or retries
//              ran out. Never retried by a rerun; its frequency
//              reservation is released.
//   retryable  the last attempt failed in a way that did not deliver it
//              and may pass later (rate limited, 5xx, connection refused
//              before the request was sent); a rerun tries again.
//   ambiguous  the request may have reached the provider, with no answer
//              (timeout, connection reset after sending, a crash between
//              started and its outcome). A rerun does not send it again
//              unless told to (--resend-unknown): a duplicate is worse
//              than asking.
//   deferred   started, but its request never left (the run was
//              interrupted or stopped before its turn): nothing reached
//              the provider, and a rerun sends it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace journeyctl::core::state {

enum class MessageState : uint8_t { Started, Sent, Failed, Retryable, Ambiguous, Deferred };
inline constexpr size_t k_message_state_count = 6;

// The name stored in the ledger and shown to users ("retryable").
std::string_view message_state_name(MessageState state);
std::optional<MessageState> parse_message_state(std::string_view name);

// Whether to send a found message again for --resend-unknown.
enum class ResendUnknown : bool { No, Yes };

// The state a run reads a stored one as: a started message found by a
// rerun is ambiguous (its process died between start and outcome, or
// another run is sending it); every other state is what it says.
MessageState state_for_rerun(MessageState stored);

// Whether a run may start (send) a message found in `stored` (none: never
// attempted): new, retryable and deferred ones yes; sent and failed ones
// never; ambiguous and started ones only with ResendUnknown::Yes.
bool may_start(std::optional<MessageState> stored, ResendUnknown resend);

}  // namespace journeyctl::core::state
