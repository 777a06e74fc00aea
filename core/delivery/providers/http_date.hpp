// HTTP dates (RFC 9110 5.6.7), for rate-limit answers that say *when* a
// limit resets rather than how long to wait: SendGrid's X-RateLimit-Reset
// is a Unix time, and turning it into a wait needs "now". The answer's own
// Date header gives the server's now, which keeps classification a pure
// function of the answer and immune to the local clock's skew.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace journeyctl::core::delivery::providers {

// Unix seconds of an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", the
// form servers must send); nullopt for anything else, the obsolete RFC 850
// and asctime forms included.
std::optional<int64_t> parse_http_date(std::string_view text);

}  // namespace journeyctl::core::delivery::providers
