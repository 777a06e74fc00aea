#include "core/util/sftp_url.hpp"

#include <cctype>
#include <charconv>
#include <optional>

namespace journeyctl::core::util {

namespace {

constexpr std::string_view k_form = "write sftp://USER@HOST[:PORT]/FOLDER";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoded text; nullopt when a '%' is not followed by two hex
// digits or the result holds a control byte (which no server path or
// account name has, and which would break a command line to the server).
std::optional<std::string> decoded(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            const int high = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (high < 0 || low < 0) return std::nullopt;
            c = static_cast<char>(high * 16 + low);
            i += 2;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return std::nullopt;
        out += c;
    }
    return out;
}

bool is_host_name(std::string_view host) {
    if (host.empty()) return false;
    for (const char c : host) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-' && c != '_') return false;
    }
    return true;
}

bool is_bracketed_v6(std::string_view host) {
    if (host.size() < 3 || host.front() != '[' || host.back() != ']') return false;
    for (const char c : host.substr(1, host.size() - 2)) {
        if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':' && c != '.') return false;
    }
    return true;
}

}  // namespace

std::variant<SftpUrl, std::string> parse_sftp_url(std::string_view text) {
    constexpr std::string_view k_scheme = "sftp://";
    if (text.size() < k_scheme.size() ||
        !std::equal(k_scheme.begin(), k_scheme.end(), text.begin(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        return "it is not an sftp:// URL: " + std::string(k_form);
    }
    const std::string_view rest = text.substr(k_scheme.size());
    if (rest.find_first_of("?#") != std::string_view::npos)
        return std::string("it has a query or fragment, which SFTP has no use for");
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return "it names no folder: " + std::string(k_form);
    const std::string_view authority = rest.substr(0, slash);
    const size_t at = authority.find('@');
    if (at == std::string_view::npos) return "it has no user: " + std::string(k_form);
    if (authority.find('@', at + 1) != std::string_view::npos)
        return std::string("it has two '@': write an '@' of the user name as %40");
    const std::string_view user_info = authority.substr(0, at);
    if (user_info.find(':') != std::string_view::npos)
        return std::string(
            "it holds a password: give it as the channel's password setting, from the environment "
            "(password: ${VAR}), never in the URL");

    SftpUrl url;
    auto user = decoded(user_info);
    if (!user || user->empty()) return "it has no usable user name: " + std::string(k_form);
    url.user = std::move(*user);

    std::string_view host_port = authority.substr(at + 1);
    std::string_view port_text;
    if (host_port.starts_with('[')) {
        const size_t close = host_port.find(']');
        if (close == std::string_view::npos) return std::string("its IPv6 address has no closing ']'");
        if (close + 1 < host_port.size()) {
            if (host_port[close + 1] != ':') return std::string("its host is followed by something other than :PORT");
            port_text = host_port.substr(close + 2);
        }
        host_port = host_port.substr(0, close + 1);
        if (!is_bracketed_v6(host_port)) return "its host " + std::string(host_port) + " is not an IPv6 address";
    } else if (const size_t colon = host_port.find(':'); colon != std::string_view::npos) {
        port_text = host_port.substr(colon + 1);
        host_port = host_port.substr(0, colon);
        if (port_text.empty()) return std::string("it has a ':' with no port after it");
    }
    if (!host_port.starts_with('[') && !is_host_name(host_port)) {
        return host_port.empty() ? "it has no host: " + std::string(k_form)
                                 : "its host '" + std::string(host_port) + "' is not a host name or address";
    }
    url.host = std::string(host_port);
    if (!port_text.empty()) {
        int port = 0;
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
            return "its port '" + std::string(port_text) + "' is not a number from 1 to 65535";
        url.port = port;
    }

    auto folder = decoded(rest.substr(slash));
    if (!folder) return std::string("its folder has a '%' not followed by two hex digits, or a control character");
    while (folder->size() > 1 && folder->back() == '/') folder->pop_back();
    url.folder = std::move(*folder);
    return url;
}

std::string sha256_fingerprint_base64(std::string_view written) {
    std::string_view text = written;
    if (text.starts_with("SHA256:")) text.remove_prefix(7);
    while (text.ends_with('=')) text.remove_suffix(1);
    // 32 bytes are 43 base64 characters before the padding.
    if (text.size() != 43) return {};
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '+' && c != '/') return {};
    }
    return std::string(text);
}

}  // namespace journeyctl::core::util
