#include "core/delivery/providers/answer_text.hpp"

#include <cctype>

namespace journeyctl::core::delivery::providers {

namespace {

bool starts_with_no_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
}

bool looks_like_html(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return false;
    const std::string_view rest = text.substr(first);
    return starts_with_no_case(rest, "<!doctype html") || starts_with_no_case(rest, "<html") ||
           starts_with_no_case(rest, "<head") || starts_with_no_case(rest, "<body");
}

// The text between tags; <script> and <style> elements dropped whole, since
// a proxy's error page is mostly CSS.
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
        out += ' ';  // a tag separates words ("<p>a</p><p>b</p>")
    }
    return out;
}

// Cut at most `limit` bytes without splitting a UTF-8 sequence.
void cut_utf8(std::string& text, std::size_t limit) {
    if (text.size() <= limit) return;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
}

}  // namespace

nlohmann::json parse_answer(std::string_view body) {
    return nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
}

std::string without_secrets(std::string_view text, std::span<const std::string> secrets) {
    std::string out(text);
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at)) {
            out.replace(at, secret.size(), "[redacted]");
            at += std::string_view("[redacted]").size();
        }
    }
    return out;
}

std::string error_text(std::string_view text, std::span<const std::string> secrets) {
    // Secrets first, on the text as received: a secret holding white space
    // (the service-account JSON) would no longer match once collapsed.
    const std::string redacted = without_secrets(text, secrets);
    const std::string plain = looks_like_html(redacted) ? html_text(redacted) : redacted;
    std::string collapsed;
    collapsed.reserve(plain.size());
    for (const char ch : plain) {
        const auto c = static_cast<unsigned char>(ch);
        const bool blank = c < 0x20 || c == 0x7F || c == ' ';
        if (blank) {
            if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
        } else {
            collapsed += ch;
        }
    }
    while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    cut_utf8(collapsed, k_error_text_limit);
    return collapsed;
}

std::string json_text(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return {};
    const auto found = object.find(key);
    if (found == object.end()) return {};
    if (found->is_string()) return found->get<std::string>();
    if (found->is_number_integer()) return std::to_string(found->get<long long>());
    return {};
}

}  // namespace journeyctl::core::delivery::providers
