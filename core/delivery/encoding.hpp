// Encodings that several providers' requests need: form bodies
// (application/x-www-form-urlencoded: Twilio, Vonage, Mailgun, the OAuth2
// token request) and base64 (webhook signatures, JWTs, SES raw messages).
// Written here rather than taken from libcurl (curl_easy_escape needs a
// handle and escapes differently from what form bodies want) so that
// building a request stays a pure function with no network library.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace journeyctl::core::delivery {

// RFC 3986 percent-encoding of everything but unreserved characters
// (A-Z a-z 0-9 - . _ ~): "+1 555" -> "%2B1%20555".
std::string percent_encode(std::string_view text);
// The same with the caller's set of characters kept as they are.
std::string percent_encode(std::string_view text, bool (*keep)(unsigned char));
// name=value pairs joined with '&', both sides percent-encoded, in order.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
// RFC 4648 base64 with padding; base64url without padding (JWTs).
std::string base64_encode(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);
// Decodes standard base64 (padding optional); false on a character
// outside the alphabet or a bad length.
bool base64_decode(std::string_view text, std::string& bytes);

}  // namespace journeyctl::core::delivery
