// RFC 5322 + MIME writing for email messages (see eml.hpp). Quoted-
// printable follows RFC 2045 section 6.7: bytes outside 33..126 (except
// space and tab inside a line) and '=' become =XX; space or tab before a
// line break is encoded so that transports that strip trailing blanks do
// not change the text; a soft break ("=" CRLF) keeps every line within 76
// characters and never splits an =XX. Encoded-words follow RFC 2047: the
// B encoding, whole UTF-8 characters per word, at most 75 characters a
// word, words folded onto continuation lines. Plain header text folds at
// its blanks (RFC 5322 2.2.3): the CRLF goes before existing white space,
// so unfolding gives back the text.
#include "journeys/messages/eml.hpp"

#include "journeys/messages/address.hpp"

#include <ctime>
#include <stdexcept>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <fmt/format.h>

namespace journeyctl::journeys {

namespace {

constexpr std::size_t k_qp_line = 76;
constexpr std::string_view k_crlf = "\r\n";

std::string base64(std::string_view bytes) {
    static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
        out += k_alphabet[(n >> 6) & 63];
        out += k_alphabet[n & 63];
    }
    if (i + 1 == bytes.size()) {
        const uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
        out += k_alphabet[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

// The length of the UTF-8 character starting at text[i] (1 for a stray byte).
std::size_t char_length(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t n = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 1;
    return std::min(n, text.size() - i);
}

void append_qp_line(std::string& out, std::string_view line) {
    std::size_t width = 0;
    auto emit = [&](std::string_view piece) {
        // A soft break leaves room for its '=' within the limit.
        if (width + piece.size() > k_qp_line - 1) {
            out += '=';
            out += k_crlf;
            width = 0;
        }
        out += piece;
        width += piece.size();
    };
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        const bool last = i + 1 == line.size();
        const bool blank = c == ' ' || c == '\t';
        if ((c >= 33 && c <= 126 && c != '=') || (blank && !last)) {
            emit(std::string_view(&line[i], 1));
        } else {
            emit(fmt::format("={:02X}", c));
        }
    }
}

std::string hex64(uint64_t value) { return fmt::format("{:016x}", value); }

std::string address_domain(std::string_view from) {
    const auto at = from.rfind('@');
    if (at == std::string_view::npos) return "journeyctl.invalid";
    std::string_view domain = from.substr(at + 1);
    const auto end = domain.find_first_of("> \t");
    if (end != std::string_view::npos) domain = domain.substr(0, end);
    return domain.empty() ? "journeyctl.invalid" : std::string(domain);
}

void header(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += k_crlf;
}

void part_headers(std::string& out, std::string_view subtype) {
    header(out, "Content-Type", fmt::format("text/{}; charset=UTF-8", subtype));
    header(out, "Content-Transfer-Encoding", "quoted-printable");
}

// Header lines stay within 78 characters where they can (RFC 5322 2.1.1);
// an encoded-word is at most 75 (RFC 2047 2), of which "=?UTF-8?B?" and
// "?=" take 12; a word always has room for one 4-byte character.
constexpr std::size_t k_line_max = 78;
constexpr std::size_t k_word_max = 75;
constexpr std::size_t k_word_overhead = 12;
constexpr std::size_t k_word_min = k_word_overhead + 12;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Text that cannot go into a header as it is: non-ASCII, a control
// character (a tab is folding white space, not one), or "=?", which a
// reader would take for the start of an encoded-word.
bool needs_encoding(std::string_view text) {
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80 || c == 0x7F || (c < 0x20 && c != '\t')) return true;
    }
    return text.find("=?") != std::string_view::npos;
}

// The pieces that folding keeps whole: the first word, then each run of
// blanks with the word after it (a fold goes before the blanks, so that
// unfolding, which only removes the CRLF, gives the text back).
std::vector<std::string_view> fold_pieces(std::string_view text) {
    std::vector<std::string_view> pieces;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t i = start;
        while (i < text.size() && is_blank(text[i])) ++i;
        while (i < text.size() && !is_blank(text[i])) ++i;
        pieces.push_back(text.substr(start, i - start));
        start = i;
    }
    return pieces;
}

// Whether ASCII text folds at its blanks into lines of at most 78.
bool fits_as_is(std::string_view text, std::size_t used) {
    if (needs_encoding(text)) return false;
    std::size_t limit = k_line_max - std::min(used, k_line_max);
    for (std::string_view piece : fold_pieces(text)) {
        if (piece.size() > limit) return false;
        limit = k_line_max;
    }
    return true;
}

std::string fold_words(std::string_view text, std::size_t used) {
    std::string out;
    std::size_t column = used;
    bool line_has_text = false;
    for (std::string_view piece : fold_pieces(text)) {
        const bool has_word = !piece.empty() && !is_blank(piece.back());
        if (line_has_text && has_word && is_blank(piece.front()) && column + piece.size() > k_line_max) {
            out += k_crlf;
            column = 0;
        }
        out += piece;
        column += piece.size();
        line_has_text = true;
    }
    return out;
}

}  // namespace

std::string quoted_printable(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        // A line ends at CRLF, LF or a lone CR: all become CRLF.
        const std::size_t end = text.find_first_of("\r\n", start);
        append_qp_line(out, text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        out += k_crlf;
        start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
    }
    return out;
}

namespace {

// A header is one line: each line break in the text (CRLF, LF or a lone
// CR) becomes one space.
std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' || text[i] == '\n') {
            if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += ' ';
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

std::string encode_header_text(std::string_view raw, std::size_t used) {
    const std::string text = one_line(raw);
    if (fits_as_is(text, used)) return fold_words(text, used);
    std::string out;
    std::size_t column = used;
    std::size_t i = 0;
    while (i < text.size()) {
        // Every word after the first starts a continuation line.
        if (!out.empty()) {
            out += k_crlf;
            out += ' ';
            column = 1;
        }
        // Room for the word on this line (at most 75 characters): its
        // base64 in whole quanta, its text in whole UTF-8 characters.
        const std::size_t room = std::min(k_word_max, k_line_max - std::min(column, k_line_max - k_word_min));
        const std::size_t max_bytes = (room - k_word_overhead) / 4 * 3;
        std::size_t end = i;
        while (end < text.size() && end - i + char_length(text, end) <= max_bytes) end += char_length(text, end);
        if (end == i) end = i + char_length(text, i);
        const std::string word = "=?UTF-8?B?" + base64(std::string_view(text).substr(i, end - i)) + "?=";
        out += word;
        column += word.size();
        i = end;
    }
    return out;
}

// A display name as RFC 5322 reads it: a name with one of its specials
// (a comma would otherwise split it into two recipients, "Doe, John") goes
// in a quoted-string, its quotes and backslashes escaped; a name already
// quoted is kept as it is when its quotes are balanced.
std::string as_phrase(std::string_view name) {
    static constexpr std::string_view k_specials = "()<>[]:;@\\,.\"";
    if (name.find_first_of(k_specials) == std::string_view::npos) return std::string(name);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        const std::size_t close = name.size() - 1;
        bool balanced = true;  // no bare quote inside, the closing one not escaped
        for (std::size_t i = 1; i < close && balanced; ++i) {
            if (name[i] == '\\') balanced = ++i < close;
            else if (name[i] == '"') balanced = false;
        }
        if (balanced) return std::string(name);
    }
    std::string out = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

std::string encode_address(std::string_view raw, std::size_t used) {
    const std::string address = one_line(raw);
    const auto open = address.rfind('<');
    if (open == std::string::npos) return address;  // a bare address: never encoded, never folded
    std::string_view name = std::string_view(address).substr(0, open);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    const std::string_view angle = std::string_view(address).substr(open);
    if (name.empty()) return std::string(angle);
    std::string shown_name;
    if (needs_encoding(name)) {
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
        shown_name = encode_header_text(name, used);
    } else {
        shown_name = fold_words(as_phrase(name), used);
    }
    // The <address> goes on a line of its own when this one has no room.
    const auto last_break = shown_name.rfind("\r\n");
    const std::size_t column = last_break == std::string::npos ? used + shown_name.size()
                                                               : shown_name.size() - last_break - 2;
    return shown_name + (column + 1 + angle.size() > k_line_max ? "\r\n " : " ") + std::string(angle);
}

std::string rfc5322_date(core::expr::Timestamp time) {
    const std::time_t seconds = static_cast<std::time_t>(time.seconds);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", k_days[tm.tm_wday], tm.tm_mday,
                       k_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string to_eml(const Message& message, const EmlOptions& options) {
    // NUL separators: ("ab", "c") and ("a", "bc") hash differently.
    std::string identity = options.journey;
    identity += '\0';
    identity += options.template_name;
    identity += '\0';
    identity += options.profile_key;
    identity += '\0';
    identity += fmt::format("{}.{}", options.now.seconds, options.now.nanos);
    const uint64_t first = XXH3_64bits(identity.data(), identity.size());
    const uint64_t second = XXH3_64bits_withSeed(identity.data(), identity.size(), first);

    std::string out;
    header(out, "Date", rfc5322_date(options.now));
    // The caller refuses an address with a control character (the
    // invalid_address outcome); one here would be a header of its own.
    for (const auto* address : {&message.from, &message.to}) {
        if (*address && email_address_problem(**address)) {
            throw std::invalid_argument("to_eml: not one mailbox: " + **address);
        }
    }
    if (message.from) header(out, "From", encode_address(*message.from, 6));
    if (message.to) header(out, "To", encode_address(*message.to, 4));
    header(out, "Subject", encode_header_text(message.subject.value_or(""), 9));
    header(out, "Message-ID",
           "<" + hex64(first) + "." + hex64(second) + "@" + address_domain(message.from.value_or("")) + ">");
    // The list headers (List-Unsubscribe: URIs in brackets, already
    // checked to be printable ASCII) are folded at their blanks but never
    // encoded: a mail client must read the URIs as they are.
    for (const auto& [name, value] : message.headers) header(out, name, fold_words(one_line(value), name.size() + 2));
    header(out, "MIME-Version", "1.0");

    const bool has_text = message.text.has_value();
    const bool has_html = message.html.has_value();
    if (has_text && has_html) {
        // '=' followed by '_' never occurs in quoted-printable output.
        const std::string boundary = "=_journeyctl_" + hex64(second);
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        out += k_crlf;
        for (const auto& [subtype, body] : {std::pair{"plain", &*message.text}, std::pair{"html", &*message.html}}) {
            out += "--" + boundary;
            out += k_crlf;
            part_headers(out, subtype);
            out += k_crlf;
            out += quoted_printable(*body);
            out += k_crlf;
        }
        out += "--" + boundary + "--";
        out += k_crlf;
        return out;
    }
    part_headers(out, has_html ? "html" : "plain");
    out += k_crlf;
    out += quoted_printable(has_html ? *message.html : message.text.value_or(""));
    out += k_crlf;
    return out;
}

}  // namespace journeyctl::journeys
