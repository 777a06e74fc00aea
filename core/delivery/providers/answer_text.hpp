// The error text of a Classification, made the same way for every
// provider: the provider's own explanation, with the channel's secrets
// replaced (an API may quote back what it was sent), on one line and free
// of terminal controls (it is shown on a terminal and written to the
// ledger), an HTML page (a proxy's, a firewall's, Google's front end's)
// reduced to the words a person would read, and cut to at most 1 KB.
// Answers are untrusted, so nothing here throws.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::delivery::providers {

// Classification::error is at most this many bytes.
inline constexpr std::size_t k_error_text_max = 1024;

// `text` made fit to show, in this order: every secret redacted (each
// spelling, redact.hpp's redact_secrets; before anything else, so that a
// secret holding blanks or markup still matches); an HTML page reduced to
// its text (tags dropped, <script> and <style> elements whole); runs of
// blanks and line breaks turned into one space, the ends trimmed; other
// control bytes and malformed UTF-8 escaped (core/util/escape.hpp); and,
// when longer than k_error_text_max, cut between characters (never inside
// an escape) and marked with "...". Applying it twice changes nothing
// more, so a provider may prefix its own words to a result and pass the
// whole through again.
std::string error_text(std::string_view text, const std::vector<std::string>& secrets);

}  // namespace journeyctl::core::delivery::providers
