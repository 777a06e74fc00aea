// Mailgun: the request and the reading of its answers.
//
// Form encoding: application/x-www-form-urlencoded, not multipart. Both are
// accepted (the spec declares multipart; Mailgun's own Python examples
// post url-encoded forms). Multipart is needed for attachments, which
// messages here never have; url-encoding needs no boundary that must not
// occur in the content, gives the same bytes for the same message (the
// --dry-run output and the tests compare them), and percent-encodes the
// UTF-8 bytes of every value, which Mailgun decodes as UTF-8, so
// non-ASCII subjects and names need no charset parameter of their own.
// Fields: from, to, subject, text, html (only those the message has) and
// one "h:Name" field per extra header, which Mailgun adds to the message.
//
// Answers: 200 sent (`id`); 429 retry; 400/401/403/404/413 permanent, a
// 400 saying the `to` address is not valid being the recipient's
// problem; 503 retry, other 5xx ambiguous (the status rule,
// http_answer.hpp). The error text is the JSON `message`, or the
// body as it is (401 answers "Forbidden" in plain text). A 404 right after
// a domain is created can be transient (providers.md); it stays permanent
// here, since a retry policy cannot tell that case from a wrong domain.
#include "core/delivery/providers/mailgun.hpp"

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/extra_headers.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using namespace providers;

// Mailgun's answer to a recipient it cannot parse:
// {"message": "'to' parameter is not a valid address. please check documentation"}.
constexpr std::string_view k_invalid_to = "'to' parameter is not a valid address";

class Mailgun final : public Provider {
public:
    explicit Mailgun(const ChannelConfig& channel)
        : m_url(api_base_url(channel, "https://api.mailgun.net") + "/v3/" +
                percent_encode(required_setting(channel, "domain")) + "/messages"),
          m_api_key(required_setting(channel, "api_key")),
          m_secrets(channel_secrets(channel)) {}

    std::string_view name() const override { return "mailgun"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        std::vector<std::pair<std::string, std::string>> fields = {{"from", message.from}, {"to", message.to}};
        if (message.subject) fields.emplace_back("subject", *message.subject);
        if (message.text && !message.text->empty()) fields.emplace_back("text", *message.text);
        if (message.html && !message.html->empty()) fields.emplace_back("html", *message.html);
        for (auto& [header, value] : checked_email_headers(message.headers)) {
            fields.emplace_back("h:" + header, std::move(value));
        }
        HttpRequest request;
        request.url = m_url;
        request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
        request.body = form_encode(fields);
        request.username = "api";
        request.password = m_api_key;
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification out = classify_http_status(response);
        const nlohmann::json json = parse_answer(response.body);
        if (out.disposition == Disposition::Sent) {
            out.provider_message_id = json_text(json, "id");
            return out;
        }
        const std::string message = json_text(json, "message");
        out.error = error_text(message.empty() ? response.body : message, m_secrets);
        out.recipient_problem = response.status == 400 && message.find(k_invalid_to) != std::string::npos;
        return out;
    }

private:
    std::string m_url;
    std::string m_api_key;
    std::vector<std::string> m_secrets;
};

}  // namespace

std::unique_ptr<Provider> make_mailgun(const ChannelConfig& channel) { return std::make_unique<Mailgun>(channel); }

}  // namespace journeyctl::core::delivery
