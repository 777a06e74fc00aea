// What every provider's factory does with its channel before any message:
// read the settings it requires, refusing a missing or malformed one with a
// DeliveryConfigError that names the channel and the setting but never the
// value (settings hold secrets), and pick the API's base URL.
#pragma once

#include <string>
#include <string_view>

#include "core/delivery/channel.hpp"

namespace journeyctl::core::delivery::providers {

// Throws DeliveryConfigError "channel 'NAME' (PROVIDER): PROBLEM".
[[noreturn]] void throw_config_error(const ChannelConfig& channel, std::string_view problem);

// The setting's value; DeliveryConfigError when it is absent or empty.
const std::string& required_setting(const ChannelConfig& channel, std::string_view key);

// The channel's base_url, or `production` when it has none, without a
// trailing '/'. A base URL is everything before the API's own paths (an
// OpenAPI spec's server URL), so that a test peer such as Prism, which
// mounts the spec's paths at its root, is reached by giving its origin.
std::string api_base(const ChannelConfig& channel, std::string_view production);

}  // namespace journeyctl::core::delivery::providers
