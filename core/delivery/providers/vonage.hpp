// Vonage (formerly Nexmo) SMS API: one SMS a request, credentials in the
// form body, and an answer that is HTTP 200 whether or not the message was
// taken: the outcome is the per-part `status` inside.
// Contract and retry classes: shared/reference/providers.md (1a, 1b, Part 2).
#pragma once

#include <memory>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: api_key, api_secret. The production base URL is
// https://rest.nexmo.com/sms, the server URL of Vonage's OpenAPI spec, and
// requests go to {base}/json: a channel's base_url replaces that server URL
// (Prism, which mounts the spec's paths at its root, is reached with
// base_url http://127.0.0.1:4014). DeliveryConfigError when a setting is
// missing.
std::unique_ptr<Provider> make_vonage(const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
