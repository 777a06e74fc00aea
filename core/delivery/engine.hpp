// The delivery engine: takes messages from the caller one at a time, sends
// each through its channel's provider on the transport, retries what the
// provider did not take, and reports each message's final outcome.
//
// - Memory stays flat in the number of messages: the engine pulls from the
//   caller's source only while it holds fewer than `window` messages (in
//   flight, waiting for a retry, for a token or for the rate limit).
// - Per channel: a token bucket (the channel's `rate`) and a cap on the
//   requests in flight; connections are reused and HTTP/2 multiplexed by
//   the transport. One thread: an event loop around the transport's wait.
// - A Retry disposition is tried again after exponential backoff with full
//   jitter, or after the provider's Retry-After when that is longer, up to
//   `max_attempts` requests; after the last, the outcome stays Retry
//   (failed, retryable). Sent, Permanent and Ambiguous are final: an
//   ambiguous message may have reached the provider and is never resent.
// - The caller's `before_send` sees every message before its first request
//   leaves, and returns first (send commits "started" rows to the ledger
//   there), so a process killed at any instant has recorded everything that
//   may have been sent. Every message handed to before_send is then started
//   and gets exactly one on_outcome.
// - request_stop() (async-signal-safe): nothing new starts; requests in
//   flight finish or time out and are reported; messages waiting for a
//   retry are reported with their last outcome (Retry); run() returns.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/delivery/backoff.hpp"
#include "core/delivery/channel.hpp"
#include "core/delivery/message.hpp"
#include "core/delivery/provider.hpp"
#include "core/delivery/stop_signal.hpp"
#include "core/delivery/transport.hpp"

namespace journeyctl::core::delivery {

// A message and the channel (by name) it goes through.
struct Delivery {
    std::string channel;
    OutgoingMessage message;
};

struct EngineChannel {
    const ChannelConfig* config = nullptr;  // name, rate_per_second, secrets; not owned
    Provider* provider = nullptr;           // not owned
    int max_in_flight = 16;                 // requests of this channel at once
};

struct EngineOptions {
    int max_attempts = 5;       // requests per message, the first included
    std::size_t window = 256;   // messages held at once
    BackoffPolicy backoff;
    // A Retry-After longer than this is not waited for: the message ends at
    // once as failed-retryable, so that one provider cannot hold a run.
    std::chrono::seconds longest_retry_after{120};
    std::optional<uint64_t> jitter_seed;  // none: a random seed
    TransportOptions transport;
};

struct EngineHooks {
    // The next message, or nullopt when there are no more for now. Called
    // only when the engine has room for one, so the caller can stream its
    // audience; called again after an outcome came in, which may have made
    // more (a fallback). The run ends when it returns nullopt with nothing
    // in flight.
    std::function<std::optional<Delivery>()> next;
    // Called once the engine has taken what it has room for this turn, and
    // before any request of the turn is built: a source that groups its own
    // writes across calls of next (one transaction for many) commits here.
    std::function<void()> pulled;
    // Messages whose first request is about to leave; none leaves before
    // this returns. Several messages per call when several start together.
    // Returns the positions (in the span) of messages not to send after
    // all (the ledger found another run holding them): those leave no
    // request and get no on_outcome.
    std::function<std::vector<std::size_t>(std::span<const Delivery* const>)> before_send;
    // A message's final outcome and the number of requests it took (0 when
    // its request could not even be built).
    std::function<void(const Delivery&, const Classification&, int attempts)> on_outcome;
};

struct EngineSummary {
    std::size_t sent = 0;
    std::size_t failed_retryable = 0;  // Retry after the last attempt, or cut short by a stop
    std::size_t failed_permanent = 0;
    std::size_t ambiguous = 0;
    // Taken from the source but never started (a stop, or an error ending the
    // run): never given to before_send or on_outcome, so never recorded.
    std::size_t not_started = 0;
    // Withheld by before_send: never sent, never given to on_outcome.
    std::size_t withheld = 0;
    bool stopped = false;  // request_stop() ended the run

    std::size_t count(Disposition disposition) const;
};

// An access token that could not be had (the token endpoint unreachable
// through every attempt): the channel cannot send.
class DeliveryTransportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What a sender hands its messages to, under the contract of EngineHooks
// and EngineSummary above: the engine below, or a file channel's
// extraction (core/delivery/file/file_delivery.hpp), which collects a
// batch's messages into files rather than sending a request for each.
class Delivering {
public:
    virtual ~Delivering() = default;
    virtual EngineSummary run(const EngineHooks& hooks) = 0;
    // Async-signal-safe: nothing new starts; what started is finished and
    // reported, then run() returns.
    virtual void request_stop() noexcept = 0;
};

class Engine final : public Delivering {
public:
    // std::invalid_argument for a channel without config or provider, or a
    // name given twice.
    explicit Engine(std::vector<EngineChannel> channels, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Sends everything the source gives, then returns the counts. Errors:
    // a hook's exception ends the run at once (requests in flight are
    // abandoned; their messages stay as before_send recorded them). A
    // provider's DeliveryConfigError (a refused token), a
    // DeliveryTransportError or a message naming an unknown channel stops
    // the run like request_stop() and is thrown once in-flight requests are
    // settled and reported.
    EngineSummary run(const EngineHooks& hooks) override;

    // Async-signal-safe: call it from a SIGINT/SIGTERM handler. A stop
    // lasts: a later run() starts nothing.
    void request_stop() noexcept override { stop_.raise(); }

private:
    std::vector<EngineChannel> channels_;
    EngineOptions options_;
    StopSignal stop_;
};

}  // namespace journeyctl::core::delivery
