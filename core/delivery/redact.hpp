// Keeping secrets out of what people see. A channel's secrets can reach a
// request in several spellings: as they are (a JSON body, a password),
// percent-encoded (a form body, a URL path: "+" as "%2B") or JSON-escaped
// (a quote or backslash in a token). redact_secrets replaces each of
// them; redacted() (provider.hpp) applies it to a whole request, and the
// providers apply it to the provider's own error text before it goes into
// a Classification (providers/answer_text.hpp's error_text), since an API
// may quote back what it was sent.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/delivery/channel.hpp"

namespace journeyctl::core::delivery {

inline constexpr std::string_view k_redacted = "[redacted]";

// `text` with every occurrence of every non-empty secret, in each of the
// spellings above, replaced by "[redacted]". Longer secrets go first, so
// a secret that holds a shorter one is replaced whole.
std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets);

// The values a channel must never show: `channel.secrets` (its resolved
// ${VAR} values) and the values of its credential settings (api_key,
// api_secret, auth_token, server_token, access_key_id, secret_access_key,
// password, access_token, service_account, signing_secret, and a file
// channel's private_key, the path of its SFTP key file) even when
// written literally in journeyctl.yaml, which `secrets` does not cover.
// Identifiers that keys.cpp also marks secret (username, account_sid) are
// left to `secrets`: redacting a literal user name such as "info"
// everywhere would garble the output.
std::vector<std::string> channel_secrets(const ChannelConfig& channel);
// The setting names above (a unit test checks them against keys.cpp).
const std::vector<std::string_view>& credential_setting_names();

// Whether a header's value is a credential whatever it holds
// (Authorization, Proxy-Authorization, X-Postmark-Server-Token,
// X-Amz-Security-Token); the name is compared without case.
bool is_credential_header(std::string_view name);

// Whether a field of a form body holds a credential that is no channel
// setting: `assertion`, the signed JWT of FCM's token request (RFC 7523),
// which gets an access token for an hour.
bool is_credential_form_field(std::string_view name);

}  // namespace journeyctl::core::delivery
