// Standard Webhooks' symmetric signature (standardwebhooks.com, spec
// 1.0.0): HMAC-SHA256 with the endpoint's secret over
// "{webhook-id}.{webhook-timestamp}.{body}", sent as
// `webhook-signature: v1,<base64>`. A receiver verifies it with any of the
// spec's reference libraries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace journeyctl::core::delivery::providers {

// The spec's minimum key length (its table: "at least 24 bytes").
inline constexpr std::size_t k_min_signing_key_bytes = 24;

// The key bytes of a signing secret, "whsec_" + base64 (the reference
// libraries take it with or without the prefix, and so do we). nullopt
// with `problem` set when the rest is not base64 or decodes to fewer than
// k_min_signing_key_bytes bytes; `problem` never quotes the secret.
std::optional<std::string> webhook_signing_key(std::string_view secret, std::string& problem);

// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)).
std::string webhook_signature(std::string_view key, std::string_view id, int64_t unix_seconds, std::string_view body);

}  // namespace journeyctl::core::delivery::providers
