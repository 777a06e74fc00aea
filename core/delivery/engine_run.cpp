// The engine's event loop. Each turn: notice a stop, move due retries back
// to their channel's queue, take messages from the source while there is
// room, start what the channels' limits allow (before_send first), then
// wait on the transport until a request finishes, the next retry or token
// is due, or a stop is raised, and settle what finished.
#include "core/delivery/engine_run.hpp"

#include <algorithm>
#include <stdexcept>
#include <variant>

namespace journeyctl::core::delivery {
namespace {

// Message tags are slot numbers; a token request's tag is its channel's
// number with this bit set.
constexpr uint64_t k_token_tag = uint64_t{1} << 63;

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::random_device::result_type random_seed() { return std::random_device{}(); }

// The channel's TLS trust, which providers do not know of, on a request
// (a message's or an access token's) before it leaves.
Request trusting_channel_ca(Request request, const ChannelConfig& channel) {
    std::visit([&](auto& r) { r.ca_file = channel.ca_file; }, request);
    return request;
}

}  // namespace

EngineRun::EngineRun(const std::vector<EngineChannel>& channels, const EngineOptions& options, StopSignal& stop,
                     const EngineHooks& hooks)
    : options_(options),
      stop_(stop),
      hooks_(hooks),
      transport_(options.transport),
      slots_(std::max<std::size_t>(options.window, 1)),
      random_(options.jitter_seed.value_or(random_seed())) {
    const auto start = Clock::now();
    for (const EngineChannel& channel : channels) {
        const double rate = channel.config->rate_per_second;
        channel_by_name_.emplace(channel.config->name, channels_.size());
        channels_.push_back(ChannelState{&channel, TokenBucket(rate, default_burst(rate), start), {}, 0, false, 0, {}});
    }
    for (std::size_t slot = slots_.size(); slot-- > 0;) free_slots_.push_back(slot);
}

EngineSummary EngineRun::run() {
    if (!hooks_.next) throw std::invalid_argument("the delivery engine needs a message source");
    while (true) {
        const auto now = Clock::now();
        if (stop_.raised()) {
            stop_.drain();
            summary_.stopped = true;
            begin_stop();
        }
        if (!stopping_) {
            release_due_retries(now);
            pull();
            launch(now);
        }
        const bool nothing_held = free_slots_.size() == slots_.size();
        if (nothing_held && transport_.in_flight() == 0 && (stopping_ || source_done_)) break;
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_wake(now) - Clock::now());
        for (const TransferResult& result : transport_.run(std::max(wait, std::chrono::milliseconds(0)), stop_.wake_fd()))
            settle(result, Clock::now());
    }
    if (error_) std::rethrow_exception(error_);
    return summary_;
}

void EngineRun::pull() {
    if (source_done_ || stopping_ || free_slots_.empty()) return;
    take_from_source();
    if (hooks_.pulled) hooks_.pulled();
}

void EngineRun::take_from_source() {
    while (!source_done_ && !stopping_ && !free_slots_.empty()) {
        std::optional<Delivery> delivery = hooks_.next();
        if (!delivery) {
            source_done_ = true;
            return;
        }
        const auto channel = channel_by_name_.find(delivery->channel);
        if (channel == channel_by_name_.end()) {
            ++summary_.not_started;
            fail(std::make_exception_ptr(std::invalid_argument("a message names no configured channel: " + delivery->channel)));
            return;
        }
        const std::size_t slot = free_slots_.back();
        free_slots_.pop_back();
        slots_[slot] = Held{std::move(delivery), channel->second, 0, {}};
        channels_[channel->second].ready.push_back(slot);
    }
}

void EngineRun::release_due_retries(Clock::time_point now) {
    while (!retries_.empty() && retries_.top().first <= now) {
        const std::size_t slot = retries_.top().second;
        retries_.pop();
        channels_[slots_[slot].channel].ready.push_front(slot);
    }
}

void EngineRun::launch(Clock::time_point now) {
    if (stopping_) return;  // pull() may have just ended the run
    std::vector<std::pair<std::size_t, Request>> starting;
    for (std::size_t index = 0; index < channels_.size(); ++index) {
        ChannelState& channel = channels_[index];
        const int max_in_flight = std::max(channel.setup->max_in_flight, 1);
        if (channel.ready.empty() || channel.in_flight >= max_in_flight || !has_token(index)) continue;
        while (!channel.ready.empty() && channel.in_flight < max_in_flight && channel.bucket.try_take(now)) {
            const std::size_t slot = channel.ready.front();
            channel.ready.pop_front();
            Held& held = slots_[slot];
            try {
                const AttemptContext attempt{held.attempts + 1, unix_now()};
                Request request = channel.setup->provider->build(held.delivery->message, attempt);
                starting.emplace_back(slot, trusting_channel_ca(std::move(request), *channel.setup->config));
            } catch (const std::exception& e) {
                held.last = Classification{};
                held.last.disposition = Disposition::Permanent;
                held.last.provider_status = "not built";
                held.last.error = redact(std::string("the request could not be built: ") + e.what(), index);
                finish(slot);
                continue;
            }
            ++channel.in_flight;
        }
    }
    if (starting.empty()) return;
    std::vector<const Delivery*> first_attempts;
    std::vector<std::size_t> first_slots;
    for (const auto& [slot, request] : starting) {
        if (slots_[slot].attempts != 0) continue;
        first_attempts.push_back(&*slots_[slot].delivery);
        first_slots.push_back(slot);
    }
    // The ledger commits here; nothing of these messages has left yet. It
    // may withhold some (another run holds them): they leave no request
    // and get no outcome.
    std::vector<bool> withheld(slots_.size(), false);
    if (!first_attempts.empty() && hooks_.before_send) {
        for (const std::size_t index : hooks_.before_send(first_attempts)) {
            if (index < first_slots.size()) withheld[first_slots[index]] = true;
        }
    }
    for (auto& [slot, request] : starting) {
        if (withheld[slot]) {
            --channels_[slots_[slot].channel].in_flight;
            ++summary_.withheld;
            release(slot);
            continue;
        }
        ++slots_[slot].attempts;
        transport_.start(slot, std::move(request));
    }
}

// Whether the channel's provider has the access token it needs; when it
// needs one, its token request is started and the channel waits for it.
bool EngineRun::has_token(std::size_t index) {
    ChannelState& channel = channels_[index];
    if (channel.token_in_flight || Clock::now() < channel.token_retry_at) return false;
    std::optional<Request> token_request;
    try {
        token_request = channel.setup->provider->token_request(unix_now());
    } catch (const std::exception&) {
        fail(std::current_exception());
        return false;
    }
    if (!token_request) return true;
    channel.token_in_flight = true;
    transport_.start(k_token_tag | index, trusting_channel_ca(std::move(*token_request), *channel.setup->config));
    return false;
}

void EngineRun::settle(const TransferResult& result, Clock::time_point now) {
    if ((result.tag & k_token_tag) != 0) {
        settle_token(result, now);
    } else {
        settle_message(result, now);
    }
}

void EngineRun::settle_message(const TransferResult& result, Clock::time_point now) {
    const std::size_t slot = result.tag;
    Held& held = slots_[slot];
    ChannelState& channel = channels_[held.channel];
    --channel.in_flight;
    Classification classification;
    if (result.failure == TransferFailure::None) {
        try {
            classification = channel.setup->provider->classify(result.response);
        } catch (const std::exception& e) {
            // The provider may have taken the message: never resend it.
            classification.disposition = Disposition::Ambiguous;
            classification.provider_status = std::to_string(result.response.status);
            classification.error = std::string("the provider's answer could not be read: ") + e.what();
        }
        const auto& asked = result.response.retry_after_seconds;
        if (asked && classification.retry_after_seconds.value_or(-1) < *asked) classification.retry_after_seconds = asked;
    } else {
        classification = classify_failure(result);
    }
    classification.error = redact(std::move(classification.error), held.channel);
    classification.provider_status = redact(std::move(classification.provider_status), held.channel);
    held.last = std::move(classification);

    const bool retry = held.last.disposition == Disposition::Retry && !stopping_ && held.attempts < options_.max_attempts &&
                       held.last.retry_after_seconds.value_or(0) <= options_.longest_retry_after.count();
    if (!retry) {
        finish(slot);
        return;
    }
    retries_.emplace(now + retry_delay_for(held.attempts, held.last.retry_after_seconds), slot);
}

void EngineRun::settle_token(const TransferResult& result, Clock::time_point now) {
    const std::size_t index = result.tag & ~k_token_tag;
    ChannelState& channel = channels_[index];
    channel.token_in_flight = false;
    // Stopping: nothing will use the token, and its failure is no error of
    // the run.
    if (stopping_) return;
    std::string problem;
    if (result.failure == TransferFailure::None) {
        try {
            // Throws DeliveryConfigError when the provider is refused a token.
            channel.setup->provider->accept_token(result.response, unix_now());
        } catch (const std::exception&) {
            fail(std::current_exception());
            return;
        }
        if (result.response.status >= 200 && result.response.status < 300) {
            channel.token_failures = 0;
            return;
        }
        problem = "the token endpoint answered " + std::to_string(result.response.status);
    } else {
        problem = result.error;
    }
    // Token requests are safe to repeat: try again after a backoff, and
    // give the channel up after as many attempts as a message gets.
    if (++channel.token_failures >= options_.max_attempts) {
        fail(std::make_exception_ptr(DeliveryTransportError(
            "channel " + channel.setup->config->name + ": no access token after " +
            std::to_string(channel.token_failures) + " attempts: " + redact(problem, index))));
        return;
    }
    const auto asked = result.failure == TransferFailure::None ? result.response.retry_after_seconds : std::nullopt;
    channel.token_retry_at = now + retry_delay_for(channel.token_failures, asked);
}

// Reports a message's final outcome and frees its slot.
void EngineRun::finish(std::size_t slot) {
    Held& held = slots_[slot];
    switch (held.last.disposition) {
        case Disposition::Sent: ++summary_.sent; break;
        case Disposition::Retry: ++summary_.failed_retryable; break;
        case Disposition::Permanent: ++summary_.failed_permanent; break;
        case Disposition::Ambiguous: ++summary_.ambiguous; break;
    }
    if (hooks_.on_outcome) {
        hooks_.on_outcome(*held.delivery, held.last, held.attempts);
        // An outcome may give the source more to send (a fallback): ask
        // it again even if it had run dry.
        source_done_ = false;
    }
    release(slot);
}

void EngineRun::release(std::size_t slot) {
    slots_[slot] = Held{};
    free_slots_.push_back(slot);
}

// Nothing new starts from here: messages never attempted are let go (they
// were never recorded), those waiting for a retry end with their last
// outcome; requests in flight are waited for.
void EngineRun::begin_stop() {
    if (stopping_) return;
    stopping_ = true;
    for (ChannelState& channel : channels_) {
        for (const std::size_t slot : channel.ready) {
            if (slots_[slot].attempts > 0) {
                finish(slot);
            } else {
                ++summary_.not_started;
                release(slot);
            }
        }
        channel.ready.clear();
    }
    for (; !retries_.empty(); retries_.pop()) finish(retries_.top().second);
}

// An error that ends the run: kept, thrown once in-flight requests settle.
void EngineRun::fail(std::exception_ptr error) {
    if (!error_) error_ = std::move(error);
    begin_stop();
}

EngineRun::Clock::time_point EngineRun::next_wake(Clock::time_point now) const {
    // At least once a second, as a safety net: every other reason to wake is
    // a transfer, a stop or one of the instants below.
    Clock::time_point wake = now + std::chrono::seconds(1);
    if (stopping_) return wake;
    if (!retries_.empty()) wake = std::min(wake, retries_.top().first);
    for (const ChannelState& channel : channels_) {
        if (channel.ready.empty() || channel.token_in_flight || channel.in_flight >= std::max(channel.setup->max_in_flight, 1))
            continue;
        wake = std::min(wake, std::max(channel.token_retry_at, channel.bucket.ready_at(now)));
    }
    return wake;
}

std::chrono::milliseconds EngineRun::retry_delay_for(int failed_attempts, std::optional<int64_t> retry_after_seconds) {
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    return retry_delay(options_.backoff, failed_attempts, uniform(random_), retry_after_seconds);
}

std::string EngineRun::redact(std::string text, std::size_t channel) const {
    constexpr std::string_view k_mark = "[redacted]";
    for (const std::string& secret : channels_[channel].setup->config->secrets) {
        if (secret.empty()) continue;
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + k_mark.size()))
            text.replace(at, secret.size(), k_mark);
    }
    return text;
}

}  // namespace journeyctl::core::delivery
