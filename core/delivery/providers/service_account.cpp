#include "core/delivery/providers/service_account.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/delivery/encoding.hpp"

namespace journeyctl::core::delivery::providers {

namespace {

std::string string_field(const nlohmann::json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The RSA private key of a PEM text (PKCS#8 "BEGIN PRIVATE KEY", as Google
// issues, or PKCS#1 "BEGIN RSA PRIVATE KEY"), or null.
std::shared_ptr<evp_pkey_st> read_rsa_key(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) return nullptr;
    // No passphrase callback: service-account keys are not encrypted, and
    // OpenSSL must not prompt on the terminal for one.
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr);
    // Leave no parse error on OpenSSL's thread-local queue for whatever
    // reads it next (libcurl reports the queue's first error).
    ERR_clear_error();
    if (!key) return nullptr;
    std::shared_ptr<evp_pkey_st> owned(key, EVP_PKEY_free);
    if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return nullptr;
    return owned;
}

std::string rs256_signature(evp_pkey_st* key, std::string_view signing_input) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t size = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(signing_input.data());
    // RSASSA-PKCS1-v1_5 is the default padding of an RSA key's DigestSign.
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &size, data, signing_input.size()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL could not sign the service-account assertion");
    }
    std::string signature(size, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data,
                       signing_input.size()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("OpenSSL could not sign the service-account assertion");
    }
    signature.resize(size);
    return signature;
}

}  // namespace

std::optional<ServiceAccount> parse_service_account(std::string_view json_text, std::string& problem) {
    const nlohmann::json json = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (!json.is_object()) {
        problem = "is not a service-account key file's JSON object";
        return std::nullopt;
    }
    ServiceAccount account;
    account.client_email = string_field(json, "client_email");
    account.private_key_id = string_field(json, "private_key_id");
    account.token_uri = string_field(json, "token_uri");
    if (account.token_uri.empty()) account.token_uri = k_google_token_uri;
    if (account.client_email.empty()) {
        problem = "has no 'client_email'";
        return std::nullopt;
    }
    if (account.token_uri.rfind("https://", 0) != 0) {
        problem = "has a 'token_uri' that is not https://";
        return std::nullopt;
    }
    account.private_key = read_rsa_key(string_field(json, "private_key"));
    if (!account.private_key) {
        problem = "has no 'private_key' holding a PEM RSA private key";
        return std::nullopt;
    }
    return account;
}

std::string service_account_assertion(const ServiceAccount& account, int64_t unix_seconds) {
    // ordered_json: the members in the order the documentation shows them,
    // so that a token is the same bytes for the same inputs.
    nlohmann::ordered_json header = {{"alg", "RS256"}, {"typ", "JWT"}};
    if (!account.private_key_id.empty()) header["kid"] = account.private_key_id;
    const nlohmann::ordered_json claims = {
        {"iss", account.client_email},
        {"scope", k_fcm_scope},
        {"aud", account.token_uri},
        {"iat", unix_seconds},
        {"exp", unix_seconds + k_assertion_lifetime_seconds},
    };
    const std::string signing_input = base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
    return signing_input + "." + base64url_encode(rs256_signature(account.private_key.get(), signing_input));
}

}  // namespace journeyctl::core::delivery::providers
