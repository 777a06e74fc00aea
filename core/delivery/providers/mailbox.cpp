// Splitting "Name <address>" (see mailbox.hpp).
#include "core/delivery/providers/mailbox.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace journeyctl::core::delivery::providers {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string unquote(std::string_view name) {
    if (name.size() < 2 || name.front() != '"' || name.back() != '"') return std::string(name);
    std::string out;
    for (std::size_t i = 1; i + 1 < name.size(); ++i) {
        if (name[i] == '\\' && i + 2 < name.size()) ++i;
        out += name[i];
    }
    return out;
}

}  // namespace

namespace {

// The first non-ASCII character (its whole UTF-8 sequence) and its byte
// position, or nothing.
std::optional<std::pair<std::string_view, std::size_t>> first_non_ascii(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (static_cast<unsigned char>(text[i]) < 0x80) continue;
        std::size_t end = i + 1;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        return std::pair{text.substr(i, end - i), i};
    }
    return std::nullopt;
}

}  // namespace

void require_ascii_addresses(std::string_view provider, std::string_view to, std::string_view from) {
    for (const auto& [role, text] : {std::pair{"recipient's", to}, std::pair{"sender's", from}}) {
        const std::string address = split_mailbox(text).address;
        const auto found = first_non_ascii(address);
        if (!found) continue;
        const bool in_domain = found->second > address.rfind('@');
        throw std::invalid_argument(fmt::format(
            "{} takes ASCII email addresses only (no SMTPUTF8): the {} address \"{}\" has '{}' in its {}{}", provider,
            role, address, found->first, in_domain ? "domain" : "local part",
            in_domain ? " (write the domain in its xn-- punycode form)" : ""));
    }
}

Mailbox split_mailbox(std::string_view text) {
    text = trim(text);
    const std::size_t open = text.rfind('<');
    if (open == std::string_view::npos || text.back() != '>') return {"", std::string(text)};
    return {unquote(trim(text.substr(0, open))), std::string(trim(text.substr(open + 1, text.size() - open - 2)))};
}

}  // namespace journeyctl::core::delivery::providers
