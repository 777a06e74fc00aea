// A file channel's folder on an SFTP server, through libcurl (built with
// libssh2). One libcurl handle does every operation, so one SSH session
// serves a whole batch. A file is staged in an unnamed local temporary
// file, uploaded under its hidden staging name, and renamed into place by
// a command that libcurl sends after the upload (CURLOPT_POSTQUOTE): a
// reader of the folder sees a whole file or none. OpenSSH's server
// renames with link(2) and so never replaces a file (SFTP version 3 has
// no overwrite flag); a rename that fails is reported, and the staging
// file removed.
//
// The server's host key is always checked, against a known_hosts file or
// a SHA-256 fingerprint (or both): constructing one without either is a
// DeliveryConfigError, so host key checking cannot be off. Login by key
// file (the public key is derived from it) or password, or both.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/delivery/file/destination.hpp"
#include "core/util/sftp_url.hpp"

namespace journeyctl::core::delivery::file {

struct SftpLogin {
    std::string private_key_file;  // empty: none
    std::string password;          // empty: none
    std::string known_hosts_file;  // empty: none
    std::string host_key_sha256;   // base64 (util::sha256_fingerprint_base64); empty: none
};

class SftpFolder final : public Destination {
public:
    // `secrets` are redacted from every message (libcurl's words may quote
    // the key file's path). Nothing connects before the first operation.
    SftpFolder(util::SftpUrl url, SftpLogin login, std::vector<std::string> secrets);
    ~SftpFolder() override;

    const std::string& description() const override { return m_description; }
    std::vector<std::string> list() override;
    std::unique_ptr<StagedFile> stage(const std::string& name) override;
    void publish(StagedFile& file) override;
    void remove(const std::string& name) override;
    void fetch(const std::string& name, std::FILE* into) override;

private:
    struct Handle;
    void set_up(const std::string& url);
    DestinationError error_of(int curl_code, const std::string& what) const;

    util::SftpUrl m_url;
    SftpLogin m_login;
    std::vector<std::string> m_secrets;
    std::string m_description;
    std::unique_ptr<Handle> m_handle;
};

}  // namespace journeyctl::core::delivery::file
