#include "core/delivery/providers/webhook.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/providers/webhook_signature.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using providers::error_text;
using providers::throw_config_error;

// Headers this provider owns: a channel header of one of these names would
// break the signature or the receiver's deduplication.
constexpr std::array<std::string_view, 4> k_own_headers = {"webhook-id", "webhook-timestamp", "webhook-signature",
                                                           "idempotency-key"};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool has_line_break(std::string_view text) { return text.find_first_of("\r\n") != std::string_view::npos; }

// "https://host:port/path?query" -> "/path?query" (empty without a path).
std::string_view path_and_query(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    const std::size_t path = url.find_first_of("/?#", scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
    return path == std::string_view::npos ? std::string_view() : url.substr(path);
}

// Standard Webhooks ("Delivery success and failure") and providers.md
// Part 2, for one answer: the status rule (http_answer.hpp: 2xx sent;
// 408, 429, 503 retry; 3xx, which is not followed, and 4xx, 410 Gone
// included, permanent), with two statuses of the webhook's own.
Disposition webhook_disposition(const Classification& by_status, long status) {
    // 425 Too Early: the receiver asks for a retry once the TLS handshake
    // is complete.
    if (status == 425) return Disposition::Retry;
    // 500, 502, 504 and other 5xx, and no answer at all (0): the receiver
    // may have acted. Unlike the SMS and email APIs, a webhook carries an
    // id made for this: webhook-id and Idempotency-Key are the same on
    // every attempt, and a Standard Webhooks receiver is expected to drop
    // an id it has seen (the spec asks senders to retry on any failure).
    // So a retry is at worst a duplicate the receiver discards, and Retry
    // is the norm.
    if (status == 0 || (status >= 500 && status < 600)) return Disposition::Retry;
    return by_status.disposition;
}

class WebhookProvider final : public Provider {
public:
    explicit WebhookProvider(const ChannelConfig& channel) : m_secrets(channel_secrets(channel)) {
        const std::string& url = providers::required_setting(channel, "url");
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
            throw_config_error(channel, "setting 'url' does not start with http:// or https://");
        m_url = channel.base_url.empty() ? url : providers::api_base_url(channel, "") + std::string(path_and_query(url));
        m_method = channel.setting("method").empty() ? "POST" : channel.setting("method");
        if (m_method != "POST" && m_method != "PUT" && m_method != "PATCH")
            throw_config_error(channel, "setting 'method' is not POST, PUT or PATCH");
        if (const std::string& secret = channel.setting("signing_secret"); !secret.empty()) {
            std::string problem;
            m_signing_key = providers::webhook_signing_key(secret, problem);
            if (!m_signing_key) throw_config_error(channel, "setting 'signing_secret' " + problem);
        }
        bool content_type = false;
        for (const auto& [name, value] : channel.headers) {
            const std::string lower_name = lower(name);
            if (has_line_break(name) || has_line_break(value))
                throw_config_error(channel, "header '" + name + "' holds a line break");
            if (std::find(k_own_headers.begin(), k_own_headers.end(), lower_name) != k_own_headers.end())
                throw_config_error(channel, "header '" + name + "' is set by journeyctl for every message");
            content_type = content_type || lower_name == "content-type";
            m_headers.push_back({name, value});
        }
        if (!content_type) m_headers.insert(m_headers.begin(), Header{"Content-Type", "application/json"});
    }

    std::string_view name() const override { return "webhook"; }

    Request build(const OutgoingMessage& message, const AttemptContext& attempt) const override {
        HttpRequest request;
        request.method = m_method;
        request.url = m_url;
        request.body = message.body.value_or("");
        request.headers = m_headers;
        const std::string id = webhook_id(message.idempotency_key);
        request.headers.push_back({"webhook-id", id});
        request.headers.push_back({"webhook-timestamp", std::to_string(attempt.unix_seconds)});
        if (m_signing_key) {
            request.headers.push_back(
                {"webhook-signature", providers::webhook_signature(*m_signing_key, id, attempt.unix_seconds, request.body)});
        }
        request.headers.push_back({"Idempotency-Key", id});
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification result = providers::classify_http_status(response);
        if (result.disposition == Disposition::Sent) return result;
        result.disposition = webhook_disposition(result, response.status);
        if (result.disposition == Disposition::Retry) result.retry_after_seconds = response.retry_after_seconds;
        std::string explanation = error_text(response.body, m_secrets);
        if (response.status >= 300 && response.status < 400) {
            const std::string* location = response.header("location");
            explanation = "redirect not followed" + (location ? " to " + error_text(*location, m_secrets) : "") +
                          "; set the channel's url to the new address" + (explanation.empty() ? "" : ": " + explanation);
        } else if (response.status == 410) {
            explanation = "the receiver no longer wants these webhooks (410 Gone)" +
                          (explanation.empty() ? "" : ": " + explanation);
        }
        result.error = error_text(explanation, m_secrets);
        return result;
    }

private:
    std::string m_url;
    std::string m_method;
    std::optional<std::string> m_signing_key;
    std::vector<Header> m_headers;  // Content-Type and the channel's, in order
    std::vector<std::string> m_secrets;
};

}  // namespace

std::string webhook_id(std::string_view idempotency_key) {
    return percent_encode(idempotency_key,
                          [](unsigned char c) { return c > 0x20 && c < 0x7F && c != '%' && c != '.'; });
}

std::unique_ptr<Provider> make_webhook(const ChannelConfig& channel) { return std::make_unique<WebhookProvider>(channel); }

}  // namespace journeyctl::core::delivery
