// Vonage answers {"message-count": "N", "messages": [{"status": "0",
// "message-id": ..., "error-text": ...}, ...]}, one entry per SMS part, with
// HTTP 200 for failures too. The message was taken only when every part's
// status is "0". Status meanings: developer.vonage.com/api-errors/sms.
#include "core/delivery/providers/vonage.hpp"

#include <algorithm>
#include <cctype>

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/gsm7.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

using providers::error_text;
using providers::json_text;

constexpr std::string_view k_production = "https://rest.nexmo.com/sms";

// Vonage numbers are digits without the E.164 '+'; an alphanumeric sender
// ("AcmeInc") is kept as it is.
std::string vonage_number(std::string_view address) {
    if (address.size() > 1 && address.front() == '+' &&
        std::all_of(address.begin() + 1, address.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        address.remove_prefix(1);
    return std::string(address);
}

struct PartOutcome {
    Disposition disposition;
    bool recipient_problem;
};

// One part's status, other than "0".
PartOutcome part_outcome(std::string_view status) {
    // A part without a status tells nothing, like an unreadable answer.
    if (status.empty()) return {Disposition::Ambiguous, false};
    // 1 throttled, 10 too many binds (connections): not processed, retry
    // after a pause.
    if (status == "1" || status == "10") return {Disposition::Retry, false};
    // 5 internal error "whilst processing this message": it may have gone
    // out; retrying could deliver it twice (providers.md Part 2).
    if (status == "5") return {Disposition::Ambiguous, false};
    // 6 invalid message (Vonage's example: an unrecognised number prefix),
    // 7 number barred, 33 number de-activated: the recipient's number.
    if (status == "6" || status == "7" || status == "33") return {Disposition::Permanent, true};
    // 2 missing and 3 invalid parameters, 4 invalid credentials, 8 account
    // barred, 9 out of credit (pause the channel until topped up), 12 too
    // long, 14 invalid signature, 15 invalid sender, 29 non-whitelisted
    // destination (trial account), and any status not documented when this
    // was written: the same request fails again.
    return {Disposition::Permanent, false};
}

class VonageProvider final : public Provider {
public:
    explicit VonageProvider(const ChannelConfig& channel)
        : m_api_key(providers::required_setting(channel, "api_key")),
          m_api_secret(providers::required_setting(channel, "api_secret")),
          m_url(providers::api_base_url(channel, k_production) + "/json"),
          m_secrets(channel_secrets(channel)) {}

    std::string_view name() const override { return "vonage"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        const std::string text = message.body.value_or("");
        std::vector<std::pair<std::string, std::string>> fields = {
            {"api_key", m_api_key},
            {"api_secret", m_api_secret},
            {"from", vonage_number(message.from)},
            {"to", vonage_number(message.to)},
            {"text", text},
        };
        if (!providers::fits_gsm7(text)) fields.emplace_back("type", "unicode");
        HttpRequest request;
        request.url = m_url;
        request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
        request.body = form_encode(fields);
        return request;
    }

    Classification classify(const Response& response) const override {
        Classification result;
        if (response.status != 200) return classify_http_failure(response);
        const nlohmann::json answer = providers::parse_answer(response.body);
        const auto messages = answer.is_object() ? answer.find("messages") : answer.end();
        if (!answer.is_object() || messages == answer.end() || !messages->is_array() || messages->empty()) {
            // Vonage reports failures inside a 200 answer; one that cannot
            // be read says nothing about whether the SMS went out.
            result.disposition = Disposition::Ambiguous;
            result.provider_status = "200 unreadable";
            result.error = "Vonage answered 200 without a readable messages list: " +
                           error_text(response.body, m_secrets);
            return result;
        }
        std::vector<std::string> ids;
        const nlohmann::json* failed = nullptr;
        for (const nlohmann::json& part : *messages) {
            if (json_text(part, "status") == "0") {
                ids.push_back(json_text(part, "message-id"));
            } else if (!failed) {
                failed = &part;
            }
        }
        if (!failed) {
            result.disposition = Disposition::Sent;
            result.provider_status = "vonage status 0";
            for (const std::string& id : ids) result.provider_message_id += (result.provider_message_id.empty() ? "" : ",") + id;
            return result;
        }
        const std::string status = json_text(*failed, "status");
        result.provider_status = "vonage status " + (status.empty() ? std::string("missing") : status);
        result.error = error_text(json_text(*failed, "error-text"), m_secrets);
        if (!ids.empty()) {
            // Some parts of a long text went out and others did not: the
            // recipient has part of the message, and sending it again would
            // repeat those parts. Neither a retry nor a clean failure.
            result.disposition = Disposition::Ambiguous;
            result.error = std::to_string(ids.size()) + " of " + std::to_string(messages->size()) +
                           " parts sent; " + result.error;
            return result;
        }
        const PartOutcome outcome = part_outcome(status);
        result.disposition = outcome.disposition;
        result.recipient_problem = outcome.recipient_problem;
        if (result.disposition == Disposition::Retry) result.retry_after_seconds = response.retry_after_seconds;
        return result;
    }

private:
    // Vonage itself answers 200; anything else comes from the way there (a
    // proxy, a load balancer) or from a peer that validates requests, and
    // the status rule decides (http_answer.hpp). Another 2xx is not the
    // answer Vonage documents: it may have taken the message.
    Classification classify_http_failure(const Response& response) const {
        Classification result = providers::classify_http_status(response);
        if (result.disposition == Disposition::Sent) result.disposition = Disposition::Ambiguous;
        result.error = error_text(response.body, m_secrets);
        return result;
    }

    std::string m_api_key;
    std::string m_api_secret;
    std::string m_url;
    std::vector<std::string> m_secrets;
};

}  // namespace

std::unique_ptr<Provider> make_vonage(const ChannelConfig& channel) { return std::make_unique<VonageProvider>(channel); }

}  // namespace journeyctl::core::delivery
