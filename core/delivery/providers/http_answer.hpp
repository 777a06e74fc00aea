// Reading an HTTP API's answer, the same way for every provider: the
// status rule that applies where a provider's own rules (its error codes,
// its documentation) do not decide, and the body as JSON.
//
// The status rule (providers.md 1b and Part 2; RFC 9110):
//   2xx           Sent: the provider took the message.
//   408, 429, 503 Retry: the provider did not act on the request. 408: the
//                 server gave up waiting for the whole request; 429: rate
//                 limited; 503 Service Unavailable: refused before any
//                 work (Twilio 20503, Postmark's maintenance, FCM's
//                 UNAVAILABLE, an overloaded receiver). Retry-After, when
//                 given, says how long to wait.
//   500, 502, 504 and other 5xx
//                 Ambiguous: none of the APIs is idempotent, and a 500 or
//                 a gateway's 502/504 may come after the message was
//                 queued (Twilio warns that retrying a message create
//                 after a 500 can deliver it twice), so it is retried only
//                 when the user accepts duplicates (--resend-unknown).
//                 Providers that document that they did not act, or whose
//                 receivers drop duplicates, decide otherwise themselves
//                 (fcm_answer.cpp, webhook.cpp).
//   0             Ambiguous: no answer at all (the connection was lost
//                 after sending); failures before sending are the
//                 transport's to classify.
//   others        Permanent: 4xx (and a 3xx, which is never followed)
//                 fail the same way again.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery::providers {

// The disposition of the status alone (above), with provider_status the
// status's number and retry_after_seconds copied from the answer when it
// is Retry or Ambiguous (the engine waits that long before any retry).
Classification classify_http_status(const Response& response);

// The body parsed as JSON; a discarded value (is_discarded(), neither an
// object nor an array) when it is not JSON: an HTML page, plain text,
// nothing, truncated JSON.
nlohmann::json parse_answer(std::string_view body);

// The member `key` of a JSON object as text: a string as it is, an
// integer as its decimal digits (Twilio's `code`, FCM's `expires_in`);
// empty when `object` is not an object, has no such member, or it is of
// another type.
std::string json_text(const nlohmann::json& object, std::string_view key);

}  // namespace journeyctl::core::delivery::providers
