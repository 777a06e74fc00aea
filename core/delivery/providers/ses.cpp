// Amazon SES v2: the request and the reading of its answers.
//
// Request: Content.Raw, the message's RFC 5322 form (base64) with the
// extra headers added, rather than Content.Simple. Simple would need our
// own RFC 2047 encoding anyway (the model says a Subject and a From display
// name must be 7-bit ASCII or encoded-words, and its Headers values
// printable ASCII), whereas the RFC 5322 form already has every header
// encoded and folded and both bodies in quoted-printable UTF-8, and is
// byte for byte what the SMTP provider sends. FromEmailAddress (the bare
// address: SES checks it is a verified identity) and
// Destination.ToAddresses (the envelope: exactly this recipient) are
// given besides; SES takes ASCII addresses only (mailbox.hpp). The body
// goes as it is into CURLOPT_POSTFIELDS, which is what libcurl's SigV4
// signs correctly (not multipart: curl #13351).
//
// Answers: the error type is the x-amzn-ErrorType header (rest-json;
// "Type:uri" -> "Type"), or the body's __type / code. Throttling types
// (TooManyRequestsException 429; ThrottlingException and
// LimitExceededException, 400s that botocore's retry mode treats as
// throttling) -> retry; otherwise the status decides (http_answer.hpp):
// MessageRejected, MailFromDomainNotVerified, BadRequest, NotFound,
// AccountSuspended, SendingPaused and the 403 signature and clock-skew
// errors are permanent, ServiceUnavailable (503) retry, InternalFailure
// (500) ambiguous. The error text is the body's message.
#include "core/delivery/providers/ses.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/extra_headers.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/providers/mailbox.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using namespace providers;

using nlohmann::ordered_json;

bool is_region_name(std::string_view region) {
    return !region.empty() && std::all_of(region.begin(), region.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/"
// -> "MessageRejected"; "com.amazonaws.sesv2#NotFoundException" ->
// "NotFoundException".
std::string error_type(const Response& response, const nlohmann::json& body) {
    std::string type;
    if (const std::string* header = response.header("x-amzn-errortype")) {
        type = *header;
    } else {
        type = json_text(body, "__type");
        if (type.empty()) type = json_text(body, "code");
        if (type.empty()) type = json_text(body, "Code");
    }
    if (const std::size_t colon = type.find(':'); colon != std::string::npos) type.resize(colon);
    if (const std::size_t hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
    return type;
}

bool is_throttling(std::string_view type) {
    return type == "TooManyRequestsException" || type == "ThrottlingException" || type == "Throttling" ||
           type == "LimitExceededException";
}

class Ses final : public Provider {
public:
    explicit Ses(const ChannelConfig& channel)
        : m_access_key_id(required_setting(channel, "access_key_id")),
          m_secret_access_key(required_setting(channel, "secret_access_key")),
          m_secrets(channel_secrets(channel)) {
        const std::string& region = required_setting(channel, "region");
        if (!is_region_name(region)) {
            throw_config_error(channel, "setting 'region' is not an AWS region name (lower-case letters, digits and '-')");
        }
        m_url = api_base_url(channel, fmt::format("https://email.{}.amazonaws.com", region)) +
                "/v2/email/outbound-emails";
        m_sigv4 = fmt::format("aws:amz:{}:ses", region);
    }

    std::string_view name() const override { return "ses"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        if (message.rfc5322.empty()) {
            throw std::invalid_argument("ses: the message has no RFC 5322 form to send as Content.Raw");
        }
        require_ascii_addresses("SES", message.to, message.from);
        ordered_json body;
        body["FromEmailAddress"] = split_mailbox(message.from).address;
        body["Destination"] = {{"ToAddresses", ordered_json::array({split_mailbox(message.to).address})}};
        body["Content"] = {{"Raw", {{"Data", base64_encode(with_email_headers(message.rfc5322, message.headers))}}}};
        HttpRequest request;
        request.url = m_url;
        request.headers = {{"Content-Type", "application/json"}};
        request.body = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
        request.username = m_access_key_id;
        request.password = m_secret_access_key;
        request.aws_sigv4 = m_sigv4;
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification out = classify_http_status(response);
        const nlohmann::json body = parse_answer(response.body);
        if (out.disposition == Disposition::Sent) {
            out.provider_message_id = json_text(body, "MessageId");
            return out;
        }
        const std::string type = error_type(response, body);
        if (!type.empty()) out.provider_status += " " + type;
        if (is_throttling(type)) {
            out.disposition = Disposition::Retry;
            out.retry_after_seconds = response.retry_after_seconds;
        }
        std::string message = json_text(body, "message");
        if (message.empty()) message = json_text(body, "Message");
        out.error = error_text(message.empty() ? response.body : message, m_secrets);
        return out;
    }

private:
    std::string m_url;
    std::string m_sigv4;
    std::string m_access_key_id;
    std::string m_secret_access_key;
    std::vector<std::string> m_secrets;
};

}  // namespace

std::unique_ptr<Provider> make_ses(const ChannelConfig& channel) { return std::make_unique<Ses>(channel); }

}  // namespace journeyctl::core::delivery
