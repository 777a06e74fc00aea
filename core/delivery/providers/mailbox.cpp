// Splitting "Name <address>" (see mailbox.hpp).
#include "core/delivery/providers/mailbox.hpp"

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

Mailbox split_mailbox(std::string_view text) {
    text = trim(text);
    const std::size_t open = text.rfind('<');
    if (open == std::string_view::npos || text.back() != '>') return {"", std::string(text)};
    return {unquote(trim(text.substr(0, open))), std::string(trim(text.substr(open + 1, text.size() - open - 2)))};
}

}  // namespace journeyctl::core::delivery::providers
