#include "core/delivery/providers/fcm_answer.hpp"

#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/http_answer.hpp"

namespace journeyctl::core::delivery::providers {

namespace {

struct FcmError {
    std::string code;     // FcmError errorCode, else the Status's status, else empty
    std::string message;  // the Status's message
    // A BadRequest field violation on message.token, or a message about the
    // registration token: INVALID_ARGUMENT is also what a bad payload gets.
    bool about_token = false;
};

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

FcmError read_error(const nlohmann::json& answer) {
    FcmError error;
    if (!answer.is_object() || !answer.contains("error") || !answer["error"].is_object()) return error;
    const nlohmann::json& status = answer["error"];
    error.code = json_text(status, "status");
    error.message = json_text(status, "message");
    error.about_token = error.message.find("registration token") != std::string::npos;
    const auto details = status.find("details");
    if (details == status.end() || !details->is_array()) return error;
    for (const nlohmann::json& detail : *details) {
        const std::string type = json_text(detail, "@type");
        if (ends_with(type, "google.firebase.fcm.v1.FcmError") && !json_text(detail, "errorCode").empty())
            error.code = json_text(detail, "errorCode");
        const auto violations = detail.is_object() ? detail.find("fieldViolations") : detail.end();
        if (ends_with(type, "google.rpc.BadRequest") && violations != detail.end() && violations->is_array()) {
            for (const nlohmann::json& violation : *violations)
                error.about_token = error.about_token || json_text(violation, "field") == "message.token";
        }
    }
    return error;
}

}  // namespace

FcmOutcome classify_fcm_answer(const Response& response, const std::vector<std::string>& secrets) {
    FcmOutcome outcome;
    Classification& result = outcome.classification;
    // The status rule first; FCM's codes and Google's retry advice below
    // override it where they say more.
    result = classify_http_status(response);
    const nlohmann::json answer = parse_answer(response.body);
    if (result.disposition == Disposition::Sent) {
        result.provider_message_id = json_text(answer, "name");  // projects/{id}/messages/{message_id}
        return outcome;
    }
    const FcmError error = read_error(answer);
    const std::string& code = error.code;
    if (!code.empty()) result.provider_status += " " + code;
    result.error = error_text(error.message.empty() ? response.body : error.message, secrets);
    if (code == "UNREGISTERED") {
        // The app was uninstalled or the token expired: the device is gone.
        result.disposition = Disposition::Permanent;
        result.recipient_problem = true;
    } else if (code == "INVALID_ARGUMENT") {
        // The token is malformed (the recipient's address), or the payload
        // is (ours: every recipient would fail the same way).
        result.disposition = Disposition::Permanent;
        result.recipient_problem = error.about_token;
    } else if (code == "QUOTA_EXCEEDED" || code == "UNAVAILABLE" || code == "INTERNAL" || response.status == 429 ||
               response.status >= 500) {
        // Google's error-code reference says to retry all three with
        // exponential backoff, honouring Retry-After. QUOTA_EXCEEDED and
        // UNAVAILABLE (overloaded) are refusals before sending. INTERNAL,
        // and a 502 HTML page from Google's front end, may come after FCM
        // accepted the message, and FCM takes no idempotency key, so a
        // retry can show a notification twice: unlike a duplicate SMS, a
        // duplicate notification costs nothing, and Google's own Admin SDK
        // for Python retries 500 and 503 for any method, POST included.
        result.disposition = Disposition::Retry;
        result.retry_after_seconds = response.retry_after_seconds;
    } else if (response.status == 401 && code != "THIRD_PARTY_AUTH_ERROR") {
        // UNAUTHENTICATED: our OAuth2 token. (THIRD_PARTY_AUTH_ERROR is the
        // APNs certificate or web-push key of the Firebase project:
        // permanent until someone fixes it in the console.)
        result.disposition = Disposition::Permanent;
        outcome.access_token_refused = true;
    }
    // Otherwise the status rule stands: SENDER_ID_MISMATCH (the token
    // belongs to another project, or the project_id is wrong: the fallback
    // may help), PERMISSION_DENIED, NOT_FOUND without UNREGISTERED (an
    // unknown project) and other 4xx are Permanent; 408 a Retry; no answer
    // Ambiguous.
    if (result.disposition == Disposition::Permanent) result.retry_after_seconds.reset();
    return outcome;
}

}  // namespace journeyctl::core::delivery::providers
