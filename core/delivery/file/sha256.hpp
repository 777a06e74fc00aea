// SHA-256 over bytes given a piece at a time (an extraction is hashed as
// it is written, never read back for it), through OpenSSL's EVP interface.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace journeyctl::core::delivery::file {

class Sha256 {
public:
    Sha256();  // std::runtime_error when OpenSSL cannot start a digest
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    // The digest of everything given, as 64 lowercase hex digits; the
    // object is then spent.
    std::string hex_digest();

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

}  // namespace journeyctl::core::delivery::file
