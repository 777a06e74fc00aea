// Error text for Classifications (see answer_text.hpp).
#include "core/delivery/providers/answer_text.hpp"

#include <algorithm>
#include <cctype>

#include "core/delivery/redact.hpp"
#include "core/util/escape.hpp"
#include "core/util/utf8.hpp"

namespace journeyctl::core::delivery::providers {

namespace {

constexpr std::string_view k_cut_mark = "...";

bool starts_with_no_case(std::string_view text, std::string_view lower_prefix) {
    if (text.size() < lower_prefix.size()) return false;
    for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != lower_prefix[i]) return false;
    }
    return true;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// A page, not an API's text: it starts, after blanks, with a doctype or
// one of the outer elements.
bool looks_like_html(std::string_view text) {
    const auto first = std::find_if_not(text.begin(), text.end(), is_blank);
    const std::string_view rest = text.substr(static_cast<std::size_t>(first - text.begin()));
    return starts_with_no_case(rest, "<!doctype html") || starts_with_no_case(rest, "<html") ||
           starts_with_no_case(rest, "<head") || starts_with_no_case(rest, "<body");
}

// The text between tags, a tag counting as a blank ("<p>a</p><p>b</p>").
// <script> and <style> elements are dropped whole: a proxy's error page is
// mostly CSS. The <title> is text like any other, so it leads.
std::string html_text(std::string_view html) {
    std::string out;
    std::size_t i = 0;
    while (i < html.size()) {
        if (html[i] != '<') {
            out += html[i++];
            continue;
        }
        const std::string_view tag = html.substr(i);
        std::string_view closing;
        if (starts_with_no_case(tag, "<script")) closing = "</script";
        if (starts_with_no_case(tag, "<style")) closing = "</style";
        std::size_t end = i;
        if (!closing.empty()) {
            end = i + 1;
            while (end < html.size() && !starts_with_no_case(html.substr(end), closing)) ++end;
        }
        end = html.find('>', end);
        if (end == std::string_view::npos) break;
        i = end + 1;
        out += ' ';
    }
    return out;
}

// Runs of blanks and line breaks as one space, none at either end.
std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_blank = false;
    for (const char c : text) {
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

}  // namespace

std::string error_text(std::string_view text, const std::vector<std::string>& secrets) {
    const std::string redacted = redact_secrets(text, secrets);
    const std::string line = one_line(looks_like_html(redacted) ? html_text(redacted) : redacted);
    std::string escaped = util::escape_controls(line);
    if (escaped.size() <= k_error_text_max) return escaped;
    // Too long: escape character by character (escaping lengthens text, and
    // cutting the escaped text could split a "\x1b" or a UTF-8 character)
    // until the next one would not fit with the mark.
    std::string out;
    for (std::size_t i = 0; i < line.size();) {
        const std::size_t length = std::max<std::size_t>(1, util::utf8_sequence_length(line, i));
        const std::string piece = util::escape_controls(std::string_view(line).substr(i, length));
        if (out.size() + piece.size() + k_cut_mark.size() > k_error_text_max) break;
        out += piece;
        i += length;
    }
    out += k_cut_mark;
    return out;
}

}  // namespace journeyctl::core::delivery::providers
