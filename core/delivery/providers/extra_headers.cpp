// Extra email headers (see extra_headers.hpp).
#include "core/delivery/providers/extra_headers.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/util/escape.hpp"

namespace journeyctl::core::delivery::providers {

namespace {

constexpr std::size_t k_line_max = 78;
constexpr std::string_view k_crlf = "\r\n";

bool is_header_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c >= 33 && c <= 126 && c != ':';
    });
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// "Name: value" with CRLF + blank folds before the blanks that would pass
// column 78; a word longer than a line stays whole (it cannot be split).
std::string folded_line(std::string_view name, std::string_view value) {
    std::string out(name);
    out += ": ";
    std::size_t column = out.size();
    bool first = true;
    std::size_t start = 0;
    while (start < value.size()) {
        std::size_t end = start;
        while (end < value.size() && is_blank(value[end])) ++end;
        while (end < value.size() && !is_blank(value[end])) ++end;
        const std::string_view piece = value.substr(start, end - start);
        if (!first && is_blank(piece.front()) && column + piece.size() > k_line_max) {
            out += k_crlf;
            column = 0;
        }
        out += piece;
        column += piece.size();
        first = false;
        start = end;
    }
    out += k_crlf;
    return out;
}

// Where the header block ends (the start of the empty line), and the
// names of the headers before it.
struct HeaderBlock {
    std::size_t end = 0;
    bool ends_with_line_break = true;
    std::vector<std::string_view> names;
};

HeaderBlock read_header_block(std::string_view message) {
    HeaderBlock block;
    std::size_t start = 0;
    while (start < message.size()) {
        const std::size_t newline = message.find('\n', start);
        const std::size_t line_end = newline == std::string_view::npos ? message.size() : newline;
        std::string_view line = message.substr(start, line_end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) {
            block.end = start;
            return block;
        }
        if (!is_blank(line.front())) {
            if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
                std::string_view name = line.substr(0, colon);
                while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
                block.names.push_back(name);
            }
        }
        if (newline == std::string_view::npos) {
            block.ends_with_line_break = false;
            break;
        }
        start = newline + 1;
    }
    block.end = message.size();
    return block;
}

}  // namespace

HeaderFields checked_email_headers(const HeaderFields& headers) {
    HeaderFields out;
    out.reserve(headers.size());
    for (const auto& [name, value] : headers) {
        if (!is_header_name(name)) {
            throw std::invalid_argument("an extra email header has a name that is not a header name: \"" +
                                        util::escape_controls(name) + "\"");
        }
        std::string one_line = value;
        for (char& c : one_line) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7F) c = ' ';
        }
        out.emplace_back(name, std::move(one_line));
    }
    return out;
}

std::string with_email_headers(std::string_view message, const HeaderFields& headers) {
    const HeaderFields checked = checked_email_headers(headers);
    const HeaderBlock block = read_header_block(message);
    std::string added;
    for (const auto& header : checked) {
        // A named pair, not a structured binding: clang 14 (the fuzz and
        // sanitizer build) cannot capture a binding in a lambda.
        const std::string_view name = header.first;
        const bool present = std::any_of(block.names.begin(), block.names.end(),
                                         [&](std::string_view existing) { return same_name(existing, name); });
        if (!present) added += folded_line(name, header.second);
    }
    if (added.empty()) return std::string(message);
    std::string out(message.substr(0, block.end));
    if (!block.ends_with_line_break) out += k_crlf;
    out += added;
    out += message.substr(block.end);
    return out;
}

}  // namespace journeyctl::core::delivery::providers
