// An sftp:// URL as a file channel's `sftp_url` names the folder its
// extractions go to: sftp://USER@HOST[:PORT]/FOLDER. Parsed here, once, for
// the two sides that need it: loading journeyctl.yaml (a malformed URL is
// a configuration error at its line and column, before any send) and
// delivery (core/delivery/file/sftp_locations.hpp builds libcurl's URLs,
// and the server paths of the rename and remove commands, from the parts).
//
// The user is required: the account is part of the destination, not a
// guess from the local environment. A password in the URL is refused,
// because secrets come only from `${VAR}` settings. FOLDER is the folder on
// the server, percent-decoded; it starts at the server's root, or at the
// account's home with `/~/`, which libcurl expands in both URLs and
// commands. No query or fragment: an SFTP server has no use for them.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace journeyctl::core::util {

struct SftpUrl {
    std::string user;  // decoded
    std::string host;  // a name, an IPv4 address, or an IPv6 one in brackets
    int port = 22;
    std::string folder;  // decoded; begins with '/', ends without one (except "/")
};

// The URL's parts, or why it is not an sftp:// URL journeyctl can use
// ("it has no user: write sftp://USER@HOST/FOLDER").
std::variant<SftpUrl, std::string> parse_sftp_url(std::string_view text);

// A host key fingerprint as written in a channel (`SHA256:` and base64, as
// `ssh-keygen -l` prints it, or the base64 alone) reduced to what libcurl
// compares: the base64 of the 32 bytes, without the prefix or '='
// padding. Empty when the text is not that.
std::string sha256_fingerprint_base64(std::string_view written);

}  // namespace journeyctl::core::util
