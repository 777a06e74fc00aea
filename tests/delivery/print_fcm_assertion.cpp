// Prints, as one JSON object, an FCM service-account assertion built by
// journeyctl's FCM provider for a key pair made on the spot, with the
// public key and the claims it should hold, so that check_fcm_assertion.py
// can verify it with an independent JWT implementation (PyJWT).
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <ctime>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <variant>

#include "core/delivery/providers/fcm.hpp"

namespace {

using journeyctl::core::delivery::ChannelConfig;
using journeyctl::core::delivery::HttpRequest;

std::string pem(EVP_PKEY* key, bool private_half) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    const int written = private_half ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                                     : PEM_write_bio_PUBKEY(bio.get(), key);
    if (written != 1) throw std::runtime_error("could not write a PEM key");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
}

}  // namespace

int main() {
    try {
        std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
        if (!key) throw std::runtime_error("could not make an RSA key");
        const nlohmann::json account = {{"type", "service_account"},
                                        {"private_key_id", "key-id-1"},
                                        {"private_key", pem(key.get(), true)},
                                        {"client_email", "sender@demo-project.iam.gserviceaccount.com"},
                                        {"token_uri", "https://oauth2.googleapis.com/token"}};
        ChannelConfig channel;
        channel.name = "push";
        channel.provider = "fcm";
        channel.settings = {{"project_id", "demo-project"}, {"service_account", account.dump()}};
        const auto provider = journeyctl::core::delivery::make_fcm(channel);
        const int64_t now = std::time(nullptr);
        const auto request = provider->token_request(now);
        if (!request) throw std::runtime_error("the provider asked for no token");
        // The form body's last field; a JWT is all unreserved characters,
        // so percent-encoding left it as it was.
        const std::string& body = std::get<HttpRequest>(*request).body;
        const size_t at = body.find("&assertion=");
        if (at == std::string::npos) throw std::runtime_error("no assertion in the token request");
        const std::string assertion = body.substr(at + 11);
        std::cout << nlohmann::json{{"assertion", assertion},
                                    {"public_key", pem(key.get(), false)},
                                    {"issued_at", now},
                                    {"kid", account["private_key_id"]},
                                    {"iss", account["client_email"]},
                                    {"aud", account["token_uri"]}}
                         .dump()
                  << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "print_fcm_assertion: " << e.what() << "\n";
        return 1;
    }
}
