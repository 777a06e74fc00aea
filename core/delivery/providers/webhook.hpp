// The generic webhook: each message's JSON body sent to the channel's URL,
// signed the Standard Webhooks way when the channel has a signing secret,
// with an id that stays the same across retries and reruns so that the
// receiver can drop duplicates. Retry classes: shared/reference/providers.md
// Part 2 and the Standard Webhooks spec's "Delivery success and failure".
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: url (http:// or https://), method (POST, the default, PUT or
// PATCH), signing_secret (optional, "whsec_" + base64 of at least 24
// bytes); the channel's headers are sent as they are, except that they
// may not set the webhook-* or Idempotency-Key headers, and a Content-Type
// among them replaces application/json. With a base_url, the request goes
// to base_url + the url's path and query (a test peer stands in for the
// receiver's origin). DeliveryConfigError when a setting is missing or
// malformed, or a header name or value holds a line break.
std::unique_ptr<Provider> make_webhook(const ChannelConfig& channel);

// The webhook-id of a message: its idempotency key with '%', '.' and every
// byte outside printable ASCII percent-encoded. Header-safe (a profile key
// may hold anything) and free of '.', which the spec forbids in ids because
// the signed content joins id, timestamp and body with '.'.
std::string webhook_id(std::string_view idempotency_key);

}  // namespace journeyctl::core::delivery
