// Reading a provider's answer for a Classification: the body as JSON when
// it is JSON, and the short text a user sees as the provider's explanation.
// Answers are untrusted and sometimes not what the API documents (an HTML
// page from a proxy, an empty body, truncated JSON), so nothing here
// throws, and the text is bounded, printable and free of the channel's
// secrets (a provider may echo a credential back in an error).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace journeyctl::core::delivery::providers {

// Classification::error is at most this many bytes.
inline constexpr std::size_t k_error_text_limit = 1024;

// The body parsed as JSON; a discarded value (is_discarded()) when it is
// not JSON.
nlohmann::json parse_answer(std::string_view body);

// `text` with every occurrence of every non-empty secret replaced by
// "[redacted]".
std::string without_secrets(std::string_view text, std::span<const std::string> secrets);

// A provider's explanation made fit to show: an HTML page reduced to its
// text (tags, scripts and styles dropped), control characters and runs of
// white space turned into one space, secrets redacted, cut to
// k_error_text_limit bytes on a UTF-8 character boundary.
std::string error_text(std::string_view text, std::span<const std::string> secrets);

// The string at `key` of a JSON object, or empty when there is none or it
// is not a string (numbers are given as their decimal text).
std::string json_text(const nlohmann::json& object, std::string_view key);

}  // namespace journeyctl::core::delivery::providers
