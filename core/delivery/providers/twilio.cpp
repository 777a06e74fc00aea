// Twilio's answer to a message create is 201 with the Message resource, or
// an error object {"code", "message", "more_info", "status"} whose `code`
// is more precise than the HTTP status. Twilio's 20429 is a Retry (never
// processed); otherwise the status rule decides (http_answer.hpp: 503,
// Twilio 20503, is a Retry; 500, Twilio 20500, Ambiguous, since Twilio
// warns that retrying a message create after a 500 can deliver it twice).
// The recipient's problems follow Twilio's error pages.
#include "core/delivery/providers/twilio.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using providers::error_text;
using providers::json_text;
using providers::throw_config_error;

constexpr std::string_view k_production = "https://api.twilio.com";

// Errors that are the recipient's number, not the channel or the message:
// 21211 invalid To, 21265 To is a short code, 21610 the recipient replied
// STOP (unsubscribed), 21612 To not reachable by SMS, 21614 To not a
// mobile number, 21635 To is a landline. A fallback channel would not help
// with these.
constexpr std::array<long, 6> k_recipient_codes = {21211, 21265, 21610, 21612, 21614, 21635};

// Twilio's "too many requests" code; Twilio documents it as never
// processed, so safe to retry.
constexpr long k_too_many_requests = 20429;

// A SID: two letters and 32 hex digits ("AC…" accounts, "MG…" messaging
// services).
bool is_sid(std::string_view text, std::string_view prefix) {
    if (text.size() != 34 || text.substr(0, 2) != prefix) return false;
    return std::all_of(text.begin() + 2, text.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

class TwilioProvider final : public Provider {
public:
    explicit TwilioProvider(const ChannelConfig& channel)
        : m_account_sid(providers::required_setting(channel, "account_sid")),
          m_auth_token(providers::required_setting(channel, "auth_token")),
          m_url(providers::api_base_url(channel, k_production) + "/2010-04-01/Accounts/" + m_account_sid +
                "/Messages.json"),
          m_secrets(channel_secrets(channel)) {
        if (!is_sid(m_account_sid, "AC"))
            throw_config_error(channel, "setting 'account_sid' is not a Twilio account SID (AC and 32 hex digits)");
    }

    std::string_view name() const override { return "twilio"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        HttpRequest request;
        request.url = m_url;
        request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
        // form_encode percent-encodes the E.164 '+' (%2B); a bare '+' would
        // reach Twilio as a space.
        request.body = form_encode({
            {"To", message.to},
            {is_sid(message.from, "MG") ? "MessagingServiceSid" : "From", message.from},
            {"Body", message.body.value_or("")},
        });
        request.username = m_account_sid;
        request.password = m_auth_token;
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification result = providers::classify_http_status(response);
        const nlohmann::json answer = providers::parse_answer(response.body);
        if (result.disposition == Disposition::Sent) {
            result.provider_message_id = json_text(answer, "sid");
            return result;
        }
        const std::string code_text = json_text(answer, "code");
        const long code = code_text.empty() ? 0 : std::strtol(code_text.c_str(), nullptr, 10);
        if (code) result.provider_status += " code " + code_text;
        const std::string explanation = json_text(answer, "message");
        result.error = error_text(explanation.empty() ? response.body : explanation, m_secrets);
        if (code == k_too_many_requests) {
            result.disposition = Disposition::Retry;
            result.retry_after_seconds = response.retry_after_seconds;
        }
        result.recipient_problem = std::find(k_recipient_codes.begin(), k_recipient_codes.end(), code) !=
                                   k_recipient_codes.end();
        return result;
    }

private:
    std::string m_account_sid;
    std::string m_auth_token;
    std::string m_url;
    std::vector<std::string> m_secrets;
};

}  // namespace

std::unique_ptr<Provider> make_twilio(const ChannelConfig& channel) { return std::make_unique<TwilioProvider>(channel); }

}  // namespace journeyctl::core::delivery
