// What the email APIs' answers have in common (providers.md, part 2),
// before each provider reads its own error body:
//   2xx      Sent: the provider took the message.
//   408, 429 Retry: the request was not processed (408: the server gave up
//            waiting for it; 429: rate limited), so another attempt cannot
//            duplicate it.
//   5xx      Ambiguous: none of these APIs is idempotent, and a 500 or a
//            gateway's 502/503/504 may come after the message was queued;
//            providers.md lists them as "retry only under an
//            at-least-once policy", which is what Ambiguous means to the
//            engine (--resend-unknown).
//   0        Ambiguous: no answer at all (the transport lost the
//            connection after sending); failures before sending are the
//            transport's to classify.
//   others   Permanent: 4xx (and a 3xx, which is never followed) fail the
//            same way again.
// Providers then refine: SES's throttling 400s, Postmark's 200 with an
// ErrorCode, recipients' problems.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// The disposition of the status alone (above), with provider_status the
// status's number and retry_after_seconds copied from the answer unless it
// was sent or failed for good.
Classification classify_http_status(const Response& response);

// The body as JSON, or nullopt when it is not JSON (an HTML page, plain
// text, nothing).
std::optional<nlohmann::json> parse_json_body(std::string_view body);

// The member `key` of `object` when it is a string; empty otherwise (not
// an object, no such member, another type).
std::string json_string(const nlohmann::json& object, std::string_view key);

}  // namespace journeyctl::core::delivery
