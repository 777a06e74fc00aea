// Terminal-safe text (see escape.hpp).
#include "core/util/escape.hpp"

#include "core/util/utf8.hpp"

namespace journeyctl::core::util {

namespace {

constexpr char k_hex[] = "0123456789abcdef";

void append_hex(std::string& out, unsigned char byte) {
    out += "\\x";
    out += k_hex[byte >> 4];
    out += k_hex[byte & 0xF];
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

// Whether the bytes at text[i] need escaping; `length` is the span they
// cover (a whole UTF-8 sequence when it is fine or a C1 control).
bool needs_escape(std::string_view text, std::size_t i, EscapeOptions options, std::size_t& length) {
    const auto c = static_cast<unsigned char>(text[i]);
    length = 1;
    if (c < 0x80) {
        if (c == '\n') return !options.keep_newline;
        if (c == '\t') return !options.keep_tab;
        return is_control(c);
    }
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) return true;  // not UTF-8: one byte at a time
    length = n;
    // U+0080..U+009F, C1 controls, are C2 80..C2 9F.
    return n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

void append_escaped(std::string& out, std::string_view bytes) {
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            append_hex(out, c);
        }
    }
}

}  // namespace

bool has_terminal_controls(std::string_view text, EscapeOptions options) {
    std::size_t length = 1;
    for (std::size_t i = 0; i < text.size(); i += length) {
        if (needs_escape(text, i, options, length)) return true;
    }
    return false;
}

std::string escape_controls(std::string_view text, EscapeOptions options) {
    if (!has_terminal_controls(text, options)) return std::string(text);
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t length = 1;
    for (std::size_t i = 0; i < text.size(); i += length) {
        if (needs_escape(text, i, options, length)) {
            append_escaped(out, text.substr(i, length));
        } else {
            out.append(text.substr(i, length));
        }
    }
    return out;
}

std::string escape_controls_block(std::string_view text) {
    const EscapeOptions keep{.keep_newline = true, .keep_tab = true};
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find("\r\n", start);
        if (end == std::string_view::npos) {
            out += escape_controls(text.substr(start), keep);
            break;
        }
        out += escape_controls(text.substr(start, end - start), keep);
        out += "\r\n";
        start = end + 2;
    }
    return out;
}

}  // namespace journeyctl::core::util
