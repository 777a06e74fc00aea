// Error text for Classifications (see answer_text.hpp).
#include "core/delivery/providers/answer_text.hpp"

#include <algorithm>
#include <cctype>

#include "core/delivery/redact.hpp"
#include "core/util/escape.hpp"
#include "core/util/utf8.hpp"

namespace journeyctl::core::delivery {

namespace {

constexpr std::string_view k_cut_mark = "...";

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string collapse_blanks(std::string_view text) {
    std::string out;
    bool pending_blank = false;
    for (char c : text) {
        if (is_blank(c)) {
            pending_blank = !out.empty();
            continue;
        }
        if (pending_blank) out += ' ';
        pending_blank = false;
        out += c;
    }
    return out;
}

std::string strip_tags(std::string_view html) {
    std::string out;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') {
            in_tag = true;
            out += ' ';
        } else if (c == '>') {
            in_tag = false;
        } else if (!in_tag) {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string error_text(std::string_view text, const std::vector<std::string>& secrets) {
    const std::string clean = redact_secrets(text, secrets);
    std::string escaped = util::escape_controls(clean);
    if (escaped.size() <= k_error_text_max) return escaped;
    // Too long: escape character by character (escaping lengthens text, and
    // cutting the escaped text could split a "\x1b" or a UTF-8 character)
    // until the next one would not fit with the mark.
    std::string out;
    for (std::size_t i = 0; i < clean.size();) {
        const std::size_t length = std::max<std::size_t>(1, util::utf8_sequence_length(clean, i));
        const std::string piece = util::escape_controls(std::string_view(clean).substr(i, length));
        if (out.size() + piece.size() + k_cut_mark.size() > k_error_text_max) break;
        out += piece;
        i += length;
    }
    out += k_cut_mark;
    return out;
}

bool is_html(std::string_view body) {
    std::size_t start = 0;
    while (start < body.size() && is_blank(body[start])) ++start;
    const std::string head = lower_ascii(body.substr(start, 9));
    return head.starts_with("<!doctype") || head.starts_with("<html");
}

std::string plain_body_text(std::string_view body) {
    if (!is_html(body)) return std::string(body);
    const std::string lower = lower_ascii(body);
    if (const std::size_t open = lower.find("<title"); open != std::string::npos) {
        const std::size_t text_start = lower.find('>', open);
        const std::size_t close = lower.find("</title", open);
        if (text_start != std::string::npos && close != std::string::npos && text_start < close) {
            std::string title = collapse_blanks(body.substr(text_start + 1, close - text_start - 1));
            if (!title.empty()) return title;
        }
    }
    return collapse_blanks(strip_tags(body));
}

}  // namespace journeyctl::core::delivery
