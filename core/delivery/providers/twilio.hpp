// Twilio Programmable Messaging: one SMS a request through the Messages
// resource of the 2010-04-01 API (form body, HTTP Basic with the account
// SID and auth token), and Twilio's answers read into a Classification.
// Contract and retry classes: shared/reference/providers.md (1a, 1b, Part 2).
#pragma once

#include <memory>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: account_sid (AC + 32 hex digits), auth_token. The message's
// `from` is a number (E.164) or a Messaging Service SID (MG...), which is
// sent as MessagingServiceSid. DeliveryConfigError when a setting is
// missing or malformed.
std::unique_ptr<Provider> make_twilio(const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
