#include "core/delivery/file/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace journeyctl::core::delivery::file {

struct Sha256::Context {
    EVP_MD_CTX* digest = nullptr;
    ~Context() { EVP_MD_CTX_free(digest); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>()) {
    m_context->digest = EVP_MD_CTX_new();
    if (m_context->digest == nullptr || EVP_DigestInit_ex(m_context->digest, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    if (EVP_DigestUpdate(m_context->digest, bytes.data(), bytes.size()) != 1)
        throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(m_context->digest, digest, &size) != 1)
        throw std::runtime_error("OpenSSL could not finish a SHA-256 digest");
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += k_hex[digest[i] >> 4];
        out += k_hex[digest[i] & 0x0F];
    }
    return out;
}

}  // namespace journeyctl::core::delivery::file
