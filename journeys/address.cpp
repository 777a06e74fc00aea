// address_problem (see address.hpp).
#include "journeys/address.hpp"

#include <fmt/format.h>

namespace journeyctl::journeys {

namespace {

std::string control_name(unsigned char c) {
    switch (c) {
        case '\n': return "a line feed (LF)";
        case '\r': return "a carriage return (CR)";
        case '\t': return "a tab";
        case 0: return "a NUL byte";
        default: return fmt::format("a control character (\\x{:02x})", c);
    }
}

}  // namespace

std::optional<std::string> address_problem(std::string_view address) {
    for (std::size_t i = 0; i < address.size(); ++i) {
        const auto c = static_cast<unsigned char>(address[i]);
        if (c < 0x20 || c == 0x7F) return fmt::format("{} at byte {}", control_name(c), i + 1);
    }
    return std::nullopt;
}

}  // namespace journeyctl::journeys
