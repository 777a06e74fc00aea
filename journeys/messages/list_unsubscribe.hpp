// The unsubscribe headers of an email channel (`list_unsubscribe:`):
// RFC 2369's List-Unsubscribe, and RFC 8058's List-Unsubscribe-Post that
// makes the https URL a one-click target mailbox providers POST to (what
// Gmail and Yahoo require of bulk senders).
//
//   List-Unsubscribe: <https://acme.example/u/c1>, <mailto:u@acme.example?subject=c1>
//   List-Unsubscribe-Post: List-Unsubscribe=One-Click     (only with a URL)
//
// Both targets are templates rendered per message (message.cpp), with
// `{{x}}` percent-encoded; the rules here are what a rendered target must
// be before it goes in a header. RFC 8058 wants the one-click URL https,
// and a header is one line: a target holds only characters RFC 3986
// allows in a URI (no blank, no control, no non-ASCII byte, no '<' '>'
// that would end the bracketed URI), so a value from the data can never
// end the header or start another. `validate` applies the same rules to
// the literal text of the templates.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace journeyctl::journeys {

inline constexpr std::string_view k_list_unsubscribe = "List-Unsubscribe";
inline constexpr std::string_view k_list_unsubscribe_post = "List-Unsubscribe-Post";

// A header line stays far below RFC 5322's 998 characters with this.
inline constexpr std::size_t k_max_unsubscribe_target = 900;

// The first character of `text` that a URI cannot hold (a '%' without
// two hex digits included): its byte index, what it is ("a space") and
// why it cannot be there (", which a URI cannot hold (percent-encode it:
// %20)").
struct UriTextProblem {
    std::size_t at = 0;
    std::string what;
    std::string why;
};
std::optional<UriTextProblem> uri_text_problem(std::string_view text);

// Why a URL that starts with `start` cannot be the one-click target: it
// is http://, or another scheme. Nothing when `start` is https:// and
// more, or could still become it (the text before a template's first tag).
std::optional<std::string> unsubscribe_url_start_problem(std::string_view start);

// Why a rendered `url` cannot be the one-click target: not https://, no
// host, a character a URI cannot hold, too long.
std::optional<std::string> unsubscribe_url_problem(std::string_view url);

// Why a rendered `mailto` cannot be the mail target: not one address
// local@domain (a leading "mailto:" is allowed and dropped), a character a
// URI cannot hold, too long.
std::optional<std::string> unsubscribe_mailto_problem(std::string_view mailto);

// The header fields for targets that passed the checks above, in the order
// they go in a message. Empty when neither is given.
std::vector<std::pair<std::string, std::string>> list_unsubscribe_headers(const std::optional<std::string>& url,
                                                                          const std::optional<std::string>& mailto);

}  // namespace journeyctl::journeys
