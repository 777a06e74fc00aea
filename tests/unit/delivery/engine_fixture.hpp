// Test doubles for the delivery engine's tests: providers that talk to the
// fault server (a JSON POST whose path names the scenario, classified by
// status; an SMTP message whose recipient names it), and a recorder of the
// engine's hook calls.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/delivery/engine.hpp"
#include "core/delivery/provider.hpp"

namespace journeyctl::tests {

using namespace journeyctl::core::delivery;
using namespace std::chrono_literals;

// A message whose `to` is the fault server's scenario ("503,202").
inline Delivery delivery(std::string key, std::string scenario, std::string channel = "fault") {
    Delivery d;
    d.channel = std::move(channel);
    d.message.idempotency_key = std::move(key);
    d.message.to = std::move(scenario);
    return d;
}

// POSTs {"idempotency_key", "attempt"} to BASE/s/SCENARIO; 2xx is Sent
// unless the body holds an "error", 429 and 5xx Retry, the rest Permanent.
class FaultProvider : public Provider {
public:
    explicit FaultProvider(std::string base_url) : base_url_(std::move(base_url)) {}
    std::string_view name() const override { return "fault"; }

    Request build(const OutgoingMessage& message, const AttemptContext& attempt) const override {
        HttpRequest request;
        request.url = base_url_ + "/s/" + message.to;
        request.headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", message.idempotency_key}};
        request.body = nlohmann::json{{"idempotency_key", message.idempotency_key}, {"attempt", attempt.attempt}}.dump();
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification c;
        c.provider_status = std::to_string(response.status);
        const auto body = nlohmann::json::parse(response.body, nullptr, false);
        if (response.status >= 200 && response.status < 300) {
            const bool refused = body.is_object() && body.contains("error");
            c.disposition = refused ? Disposition::Permanent : Disposition::Sent;
            if (!refused && body.is_object() && body.contains("id")) c.provider_message_id = body["id"].get<std::string>();
        } else {
            c.disposition = response.status == 429 || response.status >= 500 ? Disposition::Retry : Disposition::Permanent;
        }
        return c;
    }

private:
    std::string base_url_;
};

// Sends `to` as the recipient and the idempotency key as the Message-ID;
// 2xx replies are Sent, 4xx Retry, 5xx Permanent.
class SmtpFaultProvider : public Provider {
public:
    explicit SmtpFaultProvider(std::string url) : url_(std::move(url)) {}
    std::string_view name() const override { return "smtp-fault"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        SmtpRequest request;
        request.url = url_;
        request.mail_from = "sender@example.com";
        request.recipients = {message.to};
        request.payload = "Message-ID: " + message.idempotency_key +
                          "\r\nFrom: sender@example.com\r\nTo: " + message.to + "\r\nSubject: test\r\n\r\nHello.\r\n";
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification c;
        c.provider_status = "smtp " + std::to_string(response.status);
        c.disposition = response.status < 400   ? Disposition::Sent
                        : response.status < 500 ? Disposition::Retry
                                                : Disposition::Permanent;
        return c;
    }

private:
    std::string url_;
};

struct Outcome {
    Classification classification;
    int attempts = 0;
};

// Feeds a list of messages to the engine and records what its hooks saw.
class Recorder {
public:
    explicit Recorder(std::vector<Delivery> messages) : messages_(std::move(messages)) {}

    EngineHooks hooks() {
        EngineHooks h;
        h.next = [this]() -> std::optional<Delivery> {
            if (next_ == messages_.size()) return std::nullopt;
            ++pulled;
            return messages_[next_++];
        };
        h.before_send = [this](std::span<const Delivery* const> leaving) {
            for (const Delivery* d : leaving) announced.push_back(d->message.idempotency_key);
            return std::vector<std::size_t>{};
        };
        h.on_outcome = [this](const Delivery& d, const Classification& c, int attempts) {
            outcomes[d.message.idempotency_key] = Outcome{c, attempts};
        };
        return h;
    }

    const Outcome& outcome(const std::string& key) const { return outcomes.at(key); }

    std::vector<std::string> announced;  // before_send, in order
    std::map<std::string, Outcome> outcomes;
    std::size_t pulled = 0;

private:
    std::vector<Delivery> messages_;
    std::size_t next_ = 0;
};

inline ChannelConfig channel_config(std::string name, double rate_per_second = 0) {
    ChannelConfig config;
    config.name = std::move(name);
    config.provider = "webhook";
    config.rate_per_second = rate_per_second;
    return config;
}

// Short backoff and timeouts, so that the tests stay quick; a fixed seed.
inline EngineOptions quick_options() {
    EngineOptions options;
    options.max_attempts = 3;
    options.backoff = BackoffPolicy{20ms, 200ms};
    options.jitter_seed = 7;
    options.transport.connect_timeout = 2s;
    options.transport.total_timeout = 1s;
    return options;
}

}  // namespace journeyctl::tests
