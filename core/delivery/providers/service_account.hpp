// A Google service account and the OAuth2 assertion it signs: the
// two-legged flow FCM HTTP v1 needs (developers.google.com/identity/
// protocols/oauth2/service-account, shared/reference/providers.md 1c).
// The service-account JSON is a secret (it holds the private key); parsing
// errors name the missing or bad field, never a value.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace journeyctl::core::delivery::providers {

inline constexpr std::string_view k_google_token_uri = "https://oauth2.googleapis.com/token";
inline constexpr std::string_view k_fcm_scope = "https://www.googleapis.com/auth/firebase.messaging";
// Google accepts assertions that expire at most one hour after issue.
inline constexpr int64_t k_assertion_lifetime_seconds = 3600;

struct ServiceAccount {
    std::string client_email;
    std::string private_key_id;  // the JWT's `kid`; may be empty
    std::string token_uri;       // the JWT's `aud`, and where it is sent
    std::shared_ptr<evp_pkey_st> private_key;  // RSA
};

// The service account of a key file's JSON text. nullopt with `problem` set
// ("has no 'client_email'", "'private_key' is not a PEM RSA private key")
// when it cannot sign for FCM. token_uri must be https (default: Google's).
std::optional<ServiceAccount> parse_service_account(std::string_view json_text, std::string& problem);

// The signed JWT (RS256) asserting the account for the FCM scope, issued
// at `unix_seconds` and valid for k_assertion_lifetime_seconds:
// base64url(header) "." base64url(claims) "." base64url(signature).
std::string service_account_assertion(const ServiceAccount& account, int64_t unix_seconds);

}  // namespace journeyctl::core::delivery::providers
