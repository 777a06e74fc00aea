// A message as delivery sees it: rendered, allowed by the policies,
// addressed, with the idempotency key that makes it "this message" across
// retries and reruns. Delivery knows messages, not journeys: the caller
// (send, later run) renders them (journeys/messages) and decides who gets
// one; delivery turns each into provider requests and reports outcomes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace journeyctl::core::delivery {

enum class MessageKind : uint8_t { Email, Sms, Push, Webhook, DirectMail };

struct OutgoingMessage {
    // Stable across retries and reruns (send: "BATCH/PROFILE_KEY"); the
    // ledger's primary key and the webhook's `webhook-id`.
    std::string idempotency_key;
    std::string profile_key;
    MessageKind kind = MessageKind::Email;
    std::string to;    // email address, E.164 number, device token, ...
    std::string from;  // resolved (`${VAR}` replaced)
    std::optional<std::string> subject;  // email
    std::optional<std::string> text;     // email
    std::optional<std::string> html;     // email
    std::optional<std::string> body;     // sms, push; webhook: the JSON payload
    std::optional<std::string> title;    // push
    // Push: the data, in template order. Direct mail: the columns after
    // the profile key and `to` (address fields, then the template's).
    std::vector<std::pair<std::string, std::string>> data;
    // Email: the whole RFC 5322 message (journeys/messages/eml), for
    // providers that take one (SMTP, raw sends).
    std::string rfc5322;
    // Email: extra headers (List-Unsubscribe, List-Unsubscribe-Post).
    std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace journeyctl::core::delivery
