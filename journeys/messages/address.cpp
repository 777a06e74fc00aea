// address_problem (see address.hpp).
#include "journeys/messages/address.hpp"

#include <fmt/format.h>

namespace journeyctl::journeys {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string byte_name(unsigned char c) {
    switch (c) {
        case '\n': return "a line feed (LF)";
        case '\r': return "a carriage return (CR)";
        case '\t': return "a tab";
        case 0: return "a NUL byte";
        case ' ': return "a space";
        case ',': return "a comma";
        case ';': return "a semicolon";
        case '"': return "a double quote";
        default: break;
    }
    if (c < 0x20 || c == 0x7F) return fmt::format("a control character (\\x{:02x})", c);
    if (c >= 0x80) return fmt::format("a non-ASCII byte (\\x{:02x})", c);
    return fmt::format("'{}'", static_cast<char>(c));
}

std::optional<std::string> address_problem(std::string_view address) {
    for (std::size_t i = 0; i < address.size(); ++i) {
        const auto c = static_cast<unsigned char>(address[i]);
        if (c < 0x20 || c == 0x7F) return fmt::format("{} at byte {}", byte_name(c), i + 1);
    }
    return std::nullopt;
}

std::optional<std::string> email_address_problem(std::string_view address) {
    if (auto problem = address_problem(address)) return problem;
    std::size_t begin = 0;
    std::size_t end = address.size();
    while (end > begin && is_space(address[end - 1])) --end;
    if (const auto open = address.rfind('<'); open != std::string_view::npos) {
        if (end == 0 || address[end - 1] != '>') {
            return fmt::format("a '<' at byte {} that the address does not end by closing", open + 1);
        }
        begin = open + 1;
        --end;
    } else {
        while (begin < end && is_space(address[begin])) ++begin;
    }
    const std::string_view spec = address.substr(begin, end - begin);
    static constexpr std::string_view k_not_in_address = " ,;:<>()[]\"\\";
    if (const auto bad = spec.find_first_of(k_not_in_address); bad != std::string_view::npos) {
        return fmt::format("{} at byte {}: an email address is one mailbox", byte_name(static_cast<unsigned char>(spec[bad])), begin + bad + 1);
    }
    const auto at = spec.find('@');
    if (at == std::string_view::npos) return std::string("no '@': an email address is local@domain");
    if (spec.find('@', at + 1) != std::string_view::npos) {
        return fmt::format("a second '@' at byte {}: an email address is one mailbox", begin + spec.find('@', at + 1) + 1);
    }
    if (at == 0 || at + 1 == spec.size()) return std::string("nothing on one side of the '@'");
    return std::nullopt;
}

}  // namespace journeyctl::journeys
