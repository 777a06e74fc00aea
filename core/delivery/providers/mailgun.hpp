// Mailgun send (providers.md 1a/1b): POST {base}/v3/{domain}/messages, a
// form body, HTTP Basic with user "api" and the API key as password. 200
// means queued; the message id is the answer's `id`.
#pragma once

#include <memory>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: api_key and domain (both required). DeliveryConfigError when
// one is missing.
std::unique_ptr<Provider> make_mailgun(const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
