// SendGrid: the request and the reading of its answers.
//
// Request: one personalization with one `to`, `from` and `subject` at the
// top level, `content` text/plain before text/html (SendGrid requires that
// order) and only the parts that have text (the spec's minLength 1),
// extra headers in the top-level `headers` object, which SendGrid copies
// into the message. JSON is UTF-8, so non-ASCII names and subjects go as
// they are; SendGrid does the RFC 2047 encoding. Addresses must be ASCII
// (mailbox.hpp): one that is not fails its message before any request.
//
// Answers: 202 sent; 429 retry after Retry-After or, failing that, until
// X-RateLimit-Reset (a Unix time, measured against the answer's Date);
// 400/401/403/404/405/413 permanent, a 400 whose every error is about the
// recipient's address being the recipient's problem; 503 retry, other
// 5xx ambiguous (the status rule, http_answer.hpp). The error text is the `errors[]` messages with their
// fields.
#include "core/delivery/providers/sendgrid.hpp"

#include <algorithm>
#include <charconv>

#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/extra_headers.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/providers/http_date.hpp"
#include "core/delivery/providers/mailbox.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using namespace providers;

using nlohmann::ordered_json;

ordered_json email_object(std::string_view text) {
    const Mailbox mailbox = split_mailbox(text);
    ordered_json out = {{"email", mailbox.address}};
    if (!mailbox.name.empty()) out["name"] = mailbox.name;
    return out;
}

// "personalizations.0.to.0.email": SendGrid's field for the recipient's
// address, the only field that makes a 400 the recipient's problem.
bool is_recipient_field(std::string_view field) {
    auto skip_index = [&](std::string_view& rest) {
        const std::size_t digits = rest.find_first_not_of("0123456789");
        if (digits == 0 || digits == std::string_view::npos) return false;
        rest.remove_prefix(digits);
        return true;
    };
    std::string_view rest = field;
    if (!rest.starts_with("personalizations.")) return false;
    rest.remove_prefix(std::string_view("personalizations.").size());
    if (!skip_index(rest) || !rest.starts_with(".to.")) return false;
    rest.remove_prefix(4);
    return skip_index(rest) && rest == ".email";
}

std::optional<int64_t> header_integer(const Response& response, std::string_view name) {
    const std::string* value = response.header(name);
    if (value == nullptr) return std::nullopt;
    int64_t out = 0;
    const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), out);
    if (error != std::errc() || end != value->data() + value->size()) return std::nullopt;
    return out;
}

// Seconds until X-RateLimit-Reset by the server's clock (its Date header).
std::optional<int64_t> seconds_until_reset(const Response& response) {
    const std::optional<int64_t> reset = header_integer(response, "x-ratelimit-reset");
    const std::string* date = response.header("date");
    if (!reset || date == nullptr) return std::nullopt;
    const std::optional<int64_t> now = parse_http_date(*date);
    if (!now) return std::nullopt;
    return std::max<int64_t>(0, *reset - *now);
}

class SendGrid final : public Provider {
public:
    explicit SendGrid(const ChannelConfig& channel)
        : m_url(api_base_url(channel, "https://api.sendgrid.com") + "/v3/mail/send"),
          m_api_key(required_setting(channel, "api_key")),
          m_secrets(channel_secrets(channel)) {}

    std::string_view name() const override { return "sendgrid"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        require_ascii_addresses("SendGrid", message.to, message.from);
        ordered_json body;
        body["personalizations"] = ordered_json::array({{{"to", ordered_json::array({email_object(message.to)})}}});
        body["from"] = email_object(message.from);
        if (message.subject && !message.subject->empty()) body["subject"] = *message.subject;
        ordered_json content = ordered_json::array();
        if (message.text && !message.text->empty()) {
            content.push_back({{"type", "text/plain"}, {"value", *message.text}});
        }
        if (message.html && !message.html->empty()) {
            content.push_back({{"type", "text/html"}, {"value", *message.html}});
        }
        if (!content.empty()) body["content"] = std::move(content);
        const HeaderFields headers = checked_email_headers(message.headers);
        if (!headers.empty()) {
            ordered_json object = ordered_json::object();
            for (const auto& [header, value] : headers) object[header] = value;
            body["headers"] = std::move(object);
        }
        HttpRequest request;
        request.url = m_url;
        request.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + m_api_key}};
        request.body = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification out = classify_http_status(response);
        if (out.disposition == Disposition::Sent) {
            if (const std::string* id = response.header("x-message-id")) out.provider_message_id = *id;
            return out;
        }
        if (response.status == 429 && !out.retry_after_seconds) out.retry_after_seconds = seconds_until_reset(response);
        read_errors(response.body, out);
        return out;
    }

private:
    // The error text from {"errors": [{"message", "field"}]}, and whether
    // every error is about the recipient's address.
    void read_errors(std::string_view body, Classification& out) const {
        const nlohmann::json json = parse_answer(body);
        const nlohmann::json* errors = nullptr;
        if (json.is_object() && json.contains("errors") && json["errors"].is_array()) errors = &json["errors"];
        if (errors == nullptr || errors->empty()) {
            out.error = error_text(body, m_secrets);
            return;
        }
        std::string text;
        bool all_recipient = true;
        for (const nlohmann::json& error : *errors) {
            const std::string field = json_text(error, "field");
            const std::string message = json_text(error, "message");
            all_recipient = all_recipient && is_recipient_field(field);
            if (!text.empty()) text += "; ";
            text += field.empty() ? message : field + ": " + message;
        }
        out.error = error_text(text, m_secrets);
        out.recipient_problem = out.disposition == Disposition::Permanent && all_recipient;
    }

    std::string m_url;
    std::string m_api_key;
    std::vector<std::string> m_secrets;
};

}  // namespace

std::unique_ptr<Provider> make_sendgrid(const ChannelConfig& channel) { return std::make_unique<SendGrid>(channel); }

}  // namespace journeyctl::core::delivery
