// Postmark: the request and the reading of its answers, single and batch.
//
// Request: From, To, Subject, TextBody/HtmlBody (those the message has),
// MessageStream (the channel's message_stream, default "outbound") and
// Headers as [{"Name", "Value"}]; Accept and Content-Type
// application/json, which Postmark has required since 2023 (415 without).
//
// Answers (postmarkapp.com/developer/api/overview): the ErrorCode decides
// wherever a body carries one: 0 sent (MessageID), 429 rate limit -> retry,
// 100 maintenance -> retry (nothing was processed), any other code
// permanent. Two are the recipient's problem: 406 (inactive recipient:
// bounced, complained or unsubscribed) and 300 (invalid request) when its
// message is about the To address; a 300 about From, a missing body or too
// many recipients is the channel's or the message's, so that a fallback
// channel may still be tried. A 5xx, and an answer without an ErrorCode,
// follow the status rule (http_answer.hpp): 401, 404, 413, 422 permanent;
// 429 and 503 (Postmark's maintenance: nothing was processed) retry; other
// 5xx ambiguous (a 500 may come after the message was taken). A 200 whose
// body is not Postmark's answer is ambiguous too. A 403 with an HTML page
// comes from Postmark's edge firewall: permanent, with the page's text
// (its title first) as the error.
#include "core/delivery/providers/postmark.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/extra_headers.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using namespace providers;

using nlohmann::json;
using nlohmann::ordered_json;

constexpr int64_t k_error_invalid_request = 300;
constexpr int64_t k_error_inactive_recipient = 406;
constexpr int64_t k_error_rate_limit = 429;
constexpr int64_t k_error_maintenance = 100;

// Whether a 300's message is about the recipient's address: Postmark
// names the field, "Error parsing 'To': Illegal email address ..." or
// "Invalid 'To' address: ...".
bool names_recipient_field(std::string_view message) {
    std::string lower(message);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("'to'") != std::string::npos;
}

std::optional<int64_t> error_code(const json& body) {
    if (!body.is_object()) return std::nullopt;
    const auto found = body.find("ErrorCode");
    if (found == body.end() || !found->is_number_integer()) return std::nullopt;
    return found->get<int64_t>();
}

// One Postmark result object (the single answer, or one batch entry) that
// carries an ErrorCode, at HTTP status `status`.
Classification classify_result(const json& result, int64_t code, long status,
                               const std::vector<std::string>& secrets) {
    Classification out;
    out.provider_status = fmt::format("{} ErrorCode {}", status, code);
    const std::string message = json_text(result, "Message");
    if (code == 0) {
        out.disposition = Disposition::Sent;
        out.provider_message_id = json_text(result, "MessageID");
        return out;
    }
    out.error = error_text(message, secrets);
    if (code == k_error_rate_limit || code == k_error_maintenance) {
        out.disposition = Disposition::Retry;
        return out;
    }
    out.disposition = Disposition::Permanent;
    out.recipient_problem =
        code == k_error_inactive_recipient || (code == k_error_invalid_request && names_recipient_field(message));
    return out;
}

// An answer read as a whole: the single send's, or a batch's that is not
// a 200 array.
Classification classify_whole(const Response& response, const json& body, const std::vector<std::string>& secrets) {
    Classification by_status = classify_http_status(response);
    const std::optional<int64_t> code = error_code(body);
    // A 5xx (or no answer) is the status rule's whatever its body says, and
    // only a 2xx can say sent; otherwise the ErrorCode decides.
    const bool server_side = response.status == 0 || response.status >= 500;
    const bool code_decides = code && !server_side && (*code != 0 || by_status.disposition == Disposition::Sent);
    if (code_decides) {
        Classification out = classify_result(body, *code, response.status, secrets);
        if (out.disposition == Disposition::Retry) out.retry_after_seconds = response.retry_after_seconds;
        return out;
    }
    if (by_status.disposition == Disposition::Sent) {
        by_status.disposition = Disposition::Ambiguous;
        const std::string text = error_text(response.body, secrets);
        by_status.error = error_text("the answer holds no ErrorCode" + (text.empty() ? text : ": " + text), secrets);
        return by_status;
    }
    const std::string message = json_text(body, "Message");
    by_status.error = error_text(message.empty() ? response.body : message, secrets);
    return by_status;
}

class Postmark final : public Provider {
public:
    explicit Postmark(const ChannelConfig& channel)
        : m_url(api_base_url(channel, "https://api.postmarkapp.com") + "/email"),
          m_server_token(required_setting(channel, "server_token")),
          m_message_stream(channel.setting("message_stream").empty() ? std::string("outbound")
                                                                     : channel.setting("message_stream")),
          m_secrets(channel_secrets(channel)) {}

    std::string_view name() const override { return "postmark"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        ordered_json body;
        body["From"] = message.from;
        body["To"] = message.to;
        if (message.subject) body["Subject"] = *message.subject;
        if (message.text && !message.text->empty()) body["TextBody"] = *message.text;
        if (message.html && !message.html->empty()) body["HtmlBody"] = *message.html;
        body["MessageStream"] = m_message_stream;
        const HeaderFields headers = checked_email_headers(message.headers);
        if (!headers.empty()) {
            ordered_json list = ordered_json::array();
            for (const auto& [header, value] : headers) list.push_back({{"Name", header}, {"Value", value}});
            body["Headers"] = std::move(list);
        }
        HttpRequest request;
        request.url = m_url;
        request.headers = {{"Accept", "application/json"},
                           {"Content-Type", "application/json"},
                           {"X-Postmark-Server-Token", m_server_token}};
        request.body = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
        return request;
    }

    Classification classify(const Response& response) const override {
        return classify_whole(response, parse_answer(response.body), m_secrets);
    }

private:
    std::string m_url;
    std::string m_server_token;
    std::string m_message_stream;
    std::vector<std::string> m_secrets;
};

}  // namespace

std::unique_ptr<Provider> make_postmark(const ChannelConfig& channel) { return std::make_unique<Postmark>(channel); }

std::vector<Classification> classify_postmark_batch(const Response& response, std::size_t message_count,
                                                    const std::vector<std::string>& secrets) {
    const json body = parse_answer(response.body);
    const bool success = response.status >= 200 && response.status < 300;
    if (!success) return std::vector<Classification>(message_count, classify_whole(response, body, secrets));
    if (!body.is_array()) {
        // Postmark took the call; which messages it took, the answer does not say.
        Classification unknown;
        unknown.disposition = Disposition::Ambiguous;
        unknown.provider_status = std::to_string(response.status);
        unknown.error = "the batch answer is not an array";
        return std::vector<Classification>(message_count, unknown);
    }
    std::vector<Classification> out;
    out.reserve(message_count);
    for (std::size_t i = 0; i < message_count; ++i) {
        Classification entry;
        const std::optional<int64_t> code = i < body.size() ? error_code(body[i]) : std::nullopt;
        if (code) {
            entry = classify_result(body[i], *code, response.status, secrets);
        } else {
            entry.disposition = Disposition::Ambiguous;
            entry.provider_status = std::to_string(response.status);
            entry.error = i < body.size() ? "the batch answer's entry holds no ErrorCode"
                                          : "the batch answer has no entry for this message";
        }
        out.push_back(std::move(entry));
    }
    return out;
}

}  // namespace journeyctl::core::delivery
