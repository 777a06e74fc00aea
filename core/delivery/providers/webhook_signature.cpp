#include "core/delivery/providers/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "core/delivery/encoding.hpp"

namespace journeyctl::core::delivery::providers {

std::optional<std::string> webhook_signing_key(std::string_view secret, std::string& problem) {
    constexpr std::string_view k_prefix = "whsec_";
    if (secret.substr(0, k_prefix.size()) == k_prefix) secret.remove_prefix(k_prefix.size());
    std::string key;
    if (secret.empty() || !base64_decode(secret, key)) {
        problem = "is not whsec_ followed by base64";
        return std::nullopt;
    }
    if (key.size() < k_min_signing_key_bytes) {
        problem = "decodes to " + std::to_string(key.size()) + " bytes; Standard Webhooks asks for at least " +
                  std::to_string(k_min_signing_key_bytes);
        return std::nullopt;
    }
    return key;
}

std::string webhook_signature(std::string_view key, std::string_view id, int64_t unix_seconds, std::string_view body) {
    std::string signed_content;
    signed_content.reserve(id.size() + body.size() + 24);
    signed_content.append(id).append(".").append(std::to_string(unix_seconds)).append(".").append(body);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac, &mac_size))
        throw std::runtime_error("OpenSSL could not compute an HMAC-SHA256");
    return "v1," + base64_encode(std::string_view(reinterpret_cast<const char*>(mac), mac_size));
}

}  // namespace journeyctl::core::delivery::providers
