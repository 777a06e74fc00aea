// RFC 5322 + MIME writing for email messages (see eml.hpp). Quoted-
// printable follows RFC 2045 section 6.7: bytes outside 33..126 (except
// space and tab inside a line) and '=' become =XX; space or tab before a
// line break is encoded so that transports that strip trailing blanks do
// not change the text; a soft break ("=" CRLF) keeps every line within 76
// characters and never splits an =XX. Encoded-words follow RFC 2047: the
// B encoding, whole UTF-8 characters per word, at most 75 characters a
// word, words folded onto continuation lines.
#include "journeys/eml.hpp"

#include <ctime>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <fmt/format.h>

namespace journeyctl::journeys {

namespace {

constexpr std::size_t k_qp_line = 76;
constexpr std::string_view k_crlf = "\r\n";

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

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

}  // namespace

std::string quoted_printable(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        const bool has_break = end != std::string_view::npos;
        if (!has_break) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (has_break && !line.empty() && line.back() == '\r') line.remove_suffix(1);
        append_qp_line(out, line);
        if (!has_break) break;
        out += k_crlf;
        start = end + 1;
    }
    return out;
}

std::string encode_header_text(std::string_view text) {
    if (is_ascii(text)) return std::string(text);
    // "=?UTF-8?B?" + "?=" is 12 characters: 63 for base64, 45 bytes of text.
    constexpr std::size_t k_max_bytes = 45;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i;
        while (end < text.size() && end - i + char_length(text, end) <= k_max_bytes) end += char_length(text, end);
        if (end == i) end = i + char_length(text, i);
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(text.substr(i, end - i)) + "?=";
        i = end;
    }
    return out;
}

std::string encode_address(std::string_view address) {
    if (is_ascii(address)) return std::string(address);
    const auto open = address.rfind('<');
    if (open == std::string_view::npos) return encode_header_text(address);
    std::string_view name = address.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    return encode_header_text(name) + " " + std::string(address.substr(open));
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
    if (message.from) header(out, "From", encode_address(*message.from));
    if (message.to) header(out, "To", encode_address(*message.to));
    header(out, "Subject", encode_header_text(message.subject.value_or("")));
    header(out, "Message-ID",
           "<" + hex64(first) + "." + hex64(second) + "@" + address_domain(message.from.value_or("")) + ">");
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
