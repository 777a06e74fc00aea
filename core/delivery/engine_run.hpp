// One run of the delivery engine (engine.hpp states what it promises): the
// held messages, per-channel queues, buckets and token state, the retry
// schedule, and the event loop over them. Internal to core/delivery.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <optional>
#include <queue>
#include <random>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/delivery/engine.hpp"
#include "core/delivery/token_bucket.hpp"

namespace journeyctl::core::delivery {

class EngineRun {
public:
    EngineRun(const std::vector<EngineChannel>& channels, const EngineOptions& options, StopSignal& stop,
              const EngineHooks& hooks);
    EngineSummary run();

private:
    using Clock = std::chrono::steady_clock;

    // A message the engine holds, in one of `window` slots.
    struct Held {
        std::optional<Delivery> delivery;  // empty: a free slot
        std::size_t channel = 0;
        int attempts = 0;     // requests started so far
        Classification last;  // the latest attempt's reading
    };
    struct ChannelState {
        const EngineChannel* setup;
        TokenBucket bucket;
        std::deque<std::size_t> ready;  // slots whose next attempt may start; retries in front
        int in_flight = 0;
        bool token_in_flight = false;
        int token_failures = 0;
        Clock::time_point token_retry_at{};
    };
    using Due = std::pair<Clock::time_point, std::size_t>;  // a retry's instant and slot

    void pull();              // take_from_source, then the pulled hook
    void take_from_source();
    void release_due_retries(Clock::time_point now);
    void launch(Clock::time_point now);
    bool has_token(std::size_t channel);
    void settle(const TransferResult& result, Clock::time_point now);
    void settle_message(const TransferResult& result, Clock::time_point now);
    void settle_token(const TransferResult& result, Clock::time_point now);
    void finish(std::size_t slot);
    void release(std::size_t slot);
    void begin_stop();
    void fail(std::exception_ptr error);
    Clock::time_point next_wake(Clock::time_point now) const;
    std::chrono::milliseconds retry_delay_for(int failed_attempts, std::optional<int64_t> retry_after_seconds);
    std::string redact(std::string text, std::size_t channel) const;

    const EngineOptions& options_;
    StopSignal& stop_;
    const EngineHooks& hooks_;
    Transport transport_;
    std::vector<ChannelState> channels_;
    std::unordered_map<std::string_view, std::size_t> channel_by_name_;
    std::vector<Held> slots_;
    std::vector<std::size_t> free_slots_;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> retries_;
    std::mt19937_64 random_;
    EngineSummary summary_;
    bool source_done_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
};

}  // namespace journeyctl::core::delivery
