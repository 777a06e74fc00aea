// The rules of list_unsubscribe.hpp. A URI's characters are RFC 3986's:
// unreserved (A-Z a-z 0-9 - . _ ~), reserved (: / ? # [ ] @ ! $ & ' ( )
// * + , ; =) and '%' with two hex digits; nothing else may be in a target,
// which is what keeps a target inside its header line and its brackets.
#include "journeys/messages/list_unsubscribe.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "journeys/messages/address.hpp"

namespace journeyctl::journeys {

namespace {

constexpr std::string_view k_https = "https://";
constexpr std::string_view k_http = "http://";
constexpr std::string_view k_mailto = "mailto:";

bool is_ascii_alnum(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

bool is_uri_char(unsigned char c) {
    static constexpr std::string_view k_marks = "-._~:/?#[]@!$&'()*+,;=%";
    return is_ascii_alnum(c) || k_marks.find(static_cast<char>(c)) != std::string_view::npos;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && equal_ignoring_case(text.substr(0, prefix.size()), prefix);
}

std::optional<std::string> length_problem(std::string_view target) {
    if (target.size() <= k_max_unsubscribe_target) return std::nullopt;
    return fmt::format("is {} bytes long; a header holds at most {}", target.size(), k_max_unsubscribe_target);
}

// "a space at byte 12, which ...": the problem of a whole rendered target.
std::optional<std::string> at_byte(const std::optional<UriTextProblem>& problem, std::size_t offset) {
    if (!problem) return std::nullopt;
    return fmt::format("has {} at byte {}{}", problem->what, offset + problem->at + 1, problem->why);
}

}  // namespace

std::optional<UriTextProblem> uri_text_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '%') {
            const bool escaped = i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2]);
            if (!escaped) return UriTextProblem{i, "a '%'", " that two hex digits do not follow"};
            continue;
        }
        if (is_uri_char(c)) continue;
        std::string why = fmt::format(", which a URI cannot hold (percent-encode it: %{:02X})", c);
        if (c == '{' && i > 0 && text[i - 1] == '$') why += "; list_unsubscribe is rendered per message and reads no ${VAR}";
        return UriTextProblem{i, byte_name(c), std::move(why)};
    }
    return std::nullopt;
}

std::optional<std::string> unsubscribe_url_start_problem(std::string_view start) {
    const std::string_view head = start.substr(0, k_https.size());
    if (equal_ignoring_case(head, k_https.substr(0, head.size()))) return std::nullopt;  // https:// or its beginning
    if (starts_with_ignoring_case(start, k_http)) {
        return std::string("is http://: one-click unsubscribe (RFC 8058) needs an https:// URL");
    }
    return std::string("does not start with https://");
}

std::optional<std::string> unsubscribe_url_problem(std::string_view url) {
    if (url.empty()) return std::string("is empty");
    if (auto problem = length_problem(url)) return problem;
    if (auto problem = unsubscribe_url_start_problem(url)) return problem;
    const std::string_view rest = url.substr(std::min(url.size(), k_https.size()));
    if (url.size() <= k_https.size() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#') {
        return std::string("has no host after https://");
    }
    return at_byte(uri_text_problem(url), 0);
}

std::optional<std::string> unsubscribe_mailto_problem(std::string_view mailto) {
    std::size_t offset = 0;
    if (starts_with_ignoring_case(mailto, k_mailto)) offset = k_mailto.size();
    const std::string_view target = mailto.substr(offset);
    if (target.empty()) return std::string("is empty");
    if (auto problem = length_problem(mailto)) return problem;
    if (auto problem = at_byte(uri_text_problem(target), offset)) return problem;
    const std::string_view address = target.substr(0, target.find('?'));
    const std::size_t at = address.find('@');
    if (at == std::string_view::npos) return std::string("has no '@': the address is local@domain");
    if (address.find('@', at + 1) != std::string_view::npos || address.find(',') != std::string_view::npos) {
        return std::string("names more than one address");
    }
    if (at == 0 || at + 1 == address.size()) return std::string("has nothing on one side of the '@'");
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> list_unsubscribe_headers(const std::optional<std::string>& url,
                                                                          const std::optional<std::string>& mailto) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string targets;
    if (url) targets = "<" + *url + ">";
    if (mailto) {
        const std::string_view address =
            starts_with_ignoring_case(*mailto, k_mailto) ? std::string_view(*mailto).substr(k_mailto.size()) : *mailto;
        if (!targets.empty()) targets += ", ";
        targets += "<mailto:" + std::string(address) + ">";
    }
    if (targets.empty()) return out;
    out.emplace_back(k_list_unsubscribe, std::move(targets));
    if (url) out.emplace_back(k_list_unsubscribe_post, "List-Unsubscribe=One-Click");
    return out;
}

}  // namespace journeyctl::journeys
