// Where a file of an SFTP folder is, in the two forms libcurl takes: the
// URL it opens (percent-encoded) and the server path that quote commands
// such as rename and rm name (decoded). The folder comes from the
// channel's parsed sftp_url (core/util/sftp_url.hpp).
#pragma once

#include <string>
#include <string_view>

#include "core/util/sftp_url.hpp"

namespace journeyctl::core::delivery::file {

// The URL of `name` in the folder (the folder itself, with a trailing
// '/', when `name` is empty): every byte outside the unreserved set and
// '/' percent-encoded, so a name holding '%' or a space reaches the
// server as written.
std::string sftp_url_for(const util::SftpUrl& url, std::string_view name = {});

// `name`'s path on the server: the folder and the name joined by '/'.
std::string sftp_server_path(const util::SftpUrl& url, std::string_view name);

}  // namespace journeyctl::core::delivery::file
