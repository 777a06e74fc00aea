// The FCM provider: the request (URL, bearer token, the message JSON) and
// the token cache. The answer's classes are fcm_answer.cpp's; this file
// adds what only the cache knows, what a 401 means: an expired token is
// dropped and the message retried once with a new one, while a token that
// FCM refuses straight after it was issued means the service account
// itself is refused (providers.md 1c, step 6).
#include "core/delivery/providers/fcm.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/answer_text.hpp"
#include "core/delivery/providers/channel_settings.hpp"
#include "core/delivery/providers/fcm_answer.hpp"
#include "core/delivery/providers/http_answer.hpp"
#include "core/delivery/providers/service_account.hpp"
#include "core/delivery/redact.hpp"

namespace journeyctl::core::delivery {

namespace {

constexpr std::string_view k_production = "https://fcm.googleapis.com";
// Refresh this long before the token expires (Google's tokens last an
// hour), so that no request leaves with a token about to expire; shorter
// for a short-lived token, so that it is used at all.
constexpr int64_t k_refresh_margin_seconds = 300;

// Project ids are lower-case letters, digits and '-'; older domain-scoped
// ones read "example.com:project". Anything else would change the URL's
// path.
bool is_project_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
               c == ':' || c == '_';
    });
}

// The cached access token of a service account.
struct TokenCache {
    std::string token;     // empty: none
    int64_t refresh_at = 0;  // token_request() asks for a new one from then on
    // Fetched because FCM refused the previous one (401), and not yet used
    // for a message FCM took.
    bool replaces_refused = false;
    // A 401 dropped the token: the next one accepted replaces a refused one.
    bool dropped_for_401 = false;
};

class FcmProvider final : public Provider {
public:
    explicit FcmProvider(const ChannelConfig& channel)
        : m_project_id(providers::required_setting(channel, "project_id")),
          m_static_token(channel.setting("access_token")), m_secrets(channel_secrets(channel)) {
        m_channel_label.name = channel.name;
        m_channel_label.provider = channel.provider;
        if (!is_project_id(m_project_id))
            providers::throw_config_error(channel, "setting 'project_id' is not a Firebase project id");
        const std::string& key_file = channel.setting("service_account");
        if (m_static_token.empty() == key_file.empty())
            providers::throw_config_error(channel, "give exactly one of the settings 'access_token' and 'service_account'");
        m_url = providers::api_base_url(channel, k_production) + "/v1/projects/" + m_project_id + "/messages:send";
        if (!m_static_token.empty()) return;
        std::string problem;
        m_account = providers::parse_service_account(key_file, problem);
        if (!m_account) providers::throw_config_error(channel, "setting 'service_account' " + problem);
        m_token_url = channel.base_url.empty() ? m_account->token_uri : providers::api_base_url(channel, "") + "/token";
    }

    std::string_view name() const override { return "fcm"; }

    Request build(const OutgoingMessage& message, const AttemptContext& /*attempt*/) const override {
        HttpRequest request;
        request.url = m_url;
        request.headers = {{"Content-Type", "application/json; charset=utf-8"},
                           {"Authorization", "Bearer " + access_token()}};
        request.body = message_json(message);
        return request;
    }

    Classification classify(const Response& response) const override {
        std::lock_guard lock(m_mutex);
        std::vector<std::string> secrets = m_secrets;
        if (!m_cache.token.empty()) secrets.push_back(m_cache.token);
        providers::FcmOutcome outcome = providers::classify_fcm_answer(response, secrets);
        Classification& result = outcome.classification;
        if (result.disposition == Disposition::Sent) m_cache.replaces_refused = false;
        if (!outcome.access_token_refused) return result;
        if (!m_account) {
            result.error = "FCM refused the channel's access_token (expired or revoked): " + result.error;
        } else if (m_cache.replaces_refused) {
            // A token issued to replace a refused one is refused too: the
            // service account cannot send for this project, and a third
            // token would fare no better.
            result.error = "FCM refused a newly issued access token of the service account: " + result.error;
        } else {
            // Expired or revoked: drop it, so that token_request() fetches
            // a new one, and send again. A 401 for a request that left with
            // a token dropped already (others were in flight) finds the
            // cache empty or refilled and is a Retry as well.
            m_cache.dropped_for_401 = m_cache.dropped_for_401 || !m_cache.token.empty();
            m_cache.token.clear();
            result.disposition = Disposition::Retry;
        }
        return result;
    }

    std::optional<Request> token_request(int64_t unix_seconds) override {
        if (!m_account) return std::nullopt;
        std::lock_guard lock(m_mutex);
        if (!m_cache.token.empty() && unix_seconds < m_cache.refresh_at) return std::nullopt;
        HttpRequest request;
        request.url = m_token_url;
        request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
        request.body = form_encode({
            {"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
            {"assertion", providers::service_account_assertion(*m_account, unix_seconds)},
        });
        return request;
    }

    void accept_token(const Response& response, int64_t unix_seconds) override {
        if (!m_account) return;
        const nlohmann::json answer = providers::parse_answer(response.body);
        const std::string token = providers::json_text(answer, "access_token");
        if (response.status != 200 || token.empty()) throw_refused_token(response, answer);
        const std::string expires_text = providers::json_text(answer, "expires_in");
        const int64_t expires_in = expires_text.empty() ? 0 : std::strtoll(expires_text.c_str(), nullptr, 10);
        if (expires_in <= 0) throw_refused_token(response, answer);
        std::lock_guard lock(m_mutex);
        m_cache.token = token;
        m_cache.refresh_at = unix_seconds + expires_in - std::min(k_refresh_margin_seconds, expires_in / 2);
        m_cache.replaces_refused = m_cache.dropped_for_401;
        m_cache.dropped_for_401 = false;
    }

private:
    std::string access_token() const {
        if (!m_account) return m_static_token;
        std::lock_guard lock(m_mutex);
        if (m_cache.token.empty())
            throw std::logic_error("fcm: build() before token_request() and accept_token() gave a token");
        return m_cache.token;
    }

    // {"message": {"token", "notification": {"title", "body"}, "data": {...}}},
    // parts the message lacks left out. Data values are strings, as FCM
    // requires; in template order (a key given twice: the last wins).
    static std::string message_json(const OutgoingMessage& message) {
        nlohmann::ordered_json fcm_message = {{"token", message.to}};
        nlohmann::ordered_json notification = nlohmann::ordered_json::object();
        if (message.title) notification["title"] = *message.title;
        if (message.body) notification["body"] = *message.body;
        if (!notification.empty()) fcm_message["notification"] = std::move(notification);
        if (!message.data.empty()) {
            nlohmann::ordered_json data = nlohmann::ordered_json::object();
            for (const auto& [key, value] : message.data) data[key] = value;
            fcm_message["data"] = std::move(data);
        }
        return nlohmann::ordered_json{{"message", std::move(fcm_message)}}.dump();
    }

    // The token endpoint's refusal, e.g. 400 {"error": "invalid_grant",
    // "error_description": "Invalid JWT Signature."}: the key was deleted,
    // the clock is off, the account disabled. Not worth retrying until
    // someone fixes the configuration.
    [[noreturn]] void throw_refused_token(const Response& response, const nlohmann::json& answer) const {
        std::string reason = providers::json_text(answer, "error");
        const std::string description = providers::json_text(answer, "error_description");
        if (!description.empty()) reason += (reason.empty() ? "" : ": ") + description;
        if (reason.empty()) reason = response.body;
        reason = providers::error_text(reason, m_secrets);
        providers::throw_config_error(m_channel_label,
                                      "the token endpoint did not give an access token for setting "
                                      "'service_account' (" +
                                          std::to_string(response.status) + (reason.empty() ? "" : " " + reason) + ")");
    }

    // The channel's name and provider, for errors after construction.
    ChannelConfig m_channel_label;
    std::string m_project_id;
    std::string m_static_token;
    std::string m_url;
    std::optional<providers::ServiceAccount> m_account;
    std::string m_token_url;
    std::vector<std::string> m_secrets;
    // classify() is const for the engine, yet learns that a token expired;
    // the engine may classify and build on several threads.
    mutable std::mutex m_mutex;
    mutable TokenCache m_cache;
};

}  // namespace

std::unique_ptr<Provider> make_fcm(const ChannelConfig& channel) { return std::make_unique<FcmProvider>(channel); }

}  // namespace journeyctl::core::delivery
