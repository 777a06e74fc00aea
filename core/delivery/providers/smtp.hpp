// SMTP submission through libcurl (providers.md 1a, 1e): the message's
// RFC 5322 form, uploaded to smtp://host:port (STARTTLS required unless
// `tls: none`) or smtps://host:port (implicit TLS).
#pragma once

#include <memory>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: host (required unless base_url gives the smtp:// or smtps://
// URL), port (default 587), tls none|starttls|tls (default starttls),
// username and password (both or neither). DeliveryConfigError when one is
// missing or malformed.
std::unique_ptr<Provider> make_smtp(const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
