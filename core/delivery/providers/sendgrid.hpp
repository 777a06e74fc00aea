// SendGrid v3 Mail Send (providers.md 1a/1b): POST {base}/v3/mail/send,
// JSON, Authorization: Bearer <api_key>. 202 means queued; the message id
// is the X-Message-Id header.
#pragma once

#include <memory>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: api_key (required). DeliveryConfigError when it is missing.
std::unique_ptr<Provider> make_sendgrid(const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
