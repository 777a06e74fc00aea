// The error text of a Classification, the same way for every provider: the
// provider's own explanation, with the channel's secrets replaced (an API
// may quote back what it was sent), control characters escaped (it is
// shown on a terminal and written to the ledger) and cut to at most 1 KB
// (an HTML error page can be large). Bodies that are not the provider's
// JSON, such as a proxy's or firewall's HTML page, are reduced to what a
// person would read: the page's title, or its text without the markup.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::delivery {

inline constexpr std::size_t k_error_text_max = 1024;

// `text` made safe to show: secrets redacted, controls escaped
// (core/util/escape.hpp), at most k_error_text_max bytes, cut between
// characters and marked with "..." when cut.
std::string error_text(std::string_view text, const std::vector<std::string>& secrets);

// Whether a body is an HTML page (it starts, after blanks, with "<!doctype"
// or "<html", in any case).
bool is_html(std::string_view body);

// What a body that is not the provider's JSON says: an HTML page's
// <title>, else its text without tags, blanks collapsed; any other body as
// it is. Not yet made safe: pass the result to error_text.
std::string plain_body_text(std::string_view body);

}  // namespace journeyctl::core::delivery
