// Redaction of secrets in text and in whole requests (see redact.hpp and
// provider.hpp).
#include "core/delivery/redact.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "core/delivery/encoding.hpp"
#include "core/delivery/provider.hpp"
#include "core/util/overloaded.hpp"

namespace journeyctl::core::delivery {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

void replace_all(std::string& text, std::string_view needle) {
    if (needle.empty()) return;
    std::size_t at = 0;
    while ((at = text.find(needle, at)) != std::string::npos) {
        text.replace(at, needle.size(), k_redacted);
        at += k_redacted.size();
    }
}

// The JSON string escaping of `secret`, without the quotes.
std::string json_spelling(const std::string& secret) {
    const std::string quoted =
        nlohmann::json(secret).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return quoted.substr(1, quoted.size() - 2);
}

// scheme://user:PASSWORD@host: a password written into a base_url is a
// credential whether or not it came from a ${VAR}.
std::string redact_url_password(std::string url) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = url.find_first_of("/?#", authority);
    const std::size_t at = url.rfind('@', authority_end == std::string::npos ? url.size() : authority_end);
    if (at == std::string::npos || at < authority) return url;
    const std::size_t colon = url.find(':', authority);
    if (colon == std::string::npos || colon > at) return url;
    url.replace(colon + 1, at - colon - 1, k_redacted);
    return url;
}

std::string redact_password(const std::string& password) {
    return password.empty() ? std::string() : std::string(k_redacted);
}

bool is_form(const HttpRequest& http) {
    for (const Header& header : http.headers) {
        if (equals_ignoring_case(header.name, "Content-Type")) {
            return header.value.rfind("application/x-www-form-urlencoded", 0) == 0;
        }
    }
    return false;
}

// A form body with the value of each credential field replaced.
std::string redact_form_fields(std::string_view body) {
    std::string out;
    while (true) {
        const std::size_t amp = body.find('&');
        const std::string_view field = body.substr(0, amp);
        const std::size_t eq = field.find('=');
        if (eq != std::string_view::npos && is_credential_form_field(field.substr(0, eq))) {
            out += field.substr(0, eq + 1);
            out += k_redacted;
        } else {
            out += field;
        }
        if (amp == std::string_view::npos) return out;
        out += '&';
        body.remove_prefix(amp + 1);
    }
}

}  // namespace

const std::vector<std::string_view>& credential_setting_names() {
    static const std::vector<std::string_view> names = {
        "api_key",  "api_secret",   "auth_token",      "server_token",  "access_key_id", "secret_access_key",
        "password", "access_token", "service_account", "signing_secret", "private_key"};
    return names;
}

std::vector<std::string> channel_secrets(const ChannelConfig& channel) {
    std::vector<std::string> out = channel.secrets;
    for (std::string_view name : credential_setting_names()) {
        const std::string& value = channel.setting(name);
        if (!value.empty()) out.push_back(value);
    }
    return out;
}

std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets) {
    std::vector<const std::string*> order;
    for (const std::string& secret : secrets) {
        if (!secret.empty()) order.push_back(&secret);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
    std::string out(text);
    for (const std::string* secret : order) {
        replace_all(out, *secret);
        replace_all(out, percent_encode(*secret));
        replace_all(out, json_spelling(*secret));
    }
    return out;
}

bool is_credential_header(std::string_view name) {
    static constexpr std::string_view k_names[] = {"Authorization", "Proxy-Authorization", "X-Postmark-Server-Token",
                                                   "X-Amz-Security-Token"};
    return std::any_of(std::begin(k_names), std::end(k_names),
                       [&](std::string_view known) { return equals_ignoring_case(known, name); });
}

bool is_credential_form_field(std::string_view name) { return name == "assertion"; }

Request redacted(const Request& request, const ChannelConfig& channel) {
    const std::vector<std::string> secrets = channel_secrets(channel);
    auto scrub = [&](const std::string& text) { return redact_secrets(text, secrets); };
    return std::visit(
        util::Overloaded{
            [&](const HttpRequest& http) -> Request {
                HttpRequest out = http;
                out.url = redact_url_password(scrub(http.url));
                for (Header& header : out.headers) {
                    header.value = is_credential_header(header.name) ? std::string(k_redacted) : scrub(header.value);
                }
                out.body = scrub(is_form(http) ? redact_form_fields(http.body) : http.body);
                out.username = scrub(http.username);
                out.password = redact_password(http.password);
                return out;
            },
            [&](const SmtpRequest& smtp) -> Request {
                SmtpRequest out = smtp;
                out.url = redact_url_password(scrub(smtp.url));
                out.username = scrub(smtp.username);
                out.password = redact_password(smtp.password);
                out.mail_from = scrub(smtp.mail_from);
                for (std::string& recipient : out.recipients) recipient = scrub(recipient);
                out.payload = scrub(smtp.payload);
                return out;
            },
        },
        request);
}

}  // namespace journeyctl::core::delivery
