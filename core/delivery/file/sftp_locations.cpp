#include "core/delivery/file/sftp_locations.hpp"

#include <cctype>

#include "core/delivery/encoding.hpp"

namespace journeyctl::core::delivery::file {

namespace {

bool keeps_in_path(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

}  // namespace

std::string sftp_url_for(const util::SftpUrl& url, std::string_view name) {
    std::string out = "sftp://" + percent_encode(url.user) + "@" + url.host + ":" + std::to_string(url.port);
    out += percent_encode(url.folder, keeps_in_path);
    if (!out.ends_with('/')) out += '/';
    out += percent_encode(name);
    return out;
}

std::string sftp_server_path(const util::SftpUrl& url, std::string_view name) {
    std::string out = url.folder;
    if (!out.ends_with('/')) out += '/';
    out += name;
    return out;
}

}  // namespace journeyctl::core::delivery::file
