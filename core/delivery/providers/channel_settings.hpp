// What every provider's factory does with its channel before any message:
// read the settings it requires and refuse a channel that cannot work
// with one kind of message, a DeliveryConfigError that names the channel,
// its provider and the setting but never a value (the value may be a
// secret, or hold one); and pick the API's base URL.
#pragma once

#include <string>
#include <string_view>

#include "core/delivery/channel.hpp"

namespace journeyctl::core::delivery::providers {

// Throws DeliveryConfigError "channel 'NAME' (PROVIDER): PROBLEM"; the
// problem names settings ("setting 'port' must be ...") and never quotes
// their values.
[[noreturn]] void throw_config_error(const ChannelConfig& channel, std::string_view problem);

// The setting's value; DeliveryConfigError "... setting 'KEY' is missing
// or empty" when it is absent or empty.
const std::string& required_setting(const ChannelConfig& channel, std::string_view key);

// Everything before the provider's API paths: the channel's base_url, or
// `production` when it has none, without trailing '/' (so
// "http://127.0.0.1:4010/" works too). It is an OpenAPI spec's server
// URL, so that a test peer such as Prism, which mounts the spec's paths at
// its root, is reached by giving its origin.
std::string api_base_url(const ChannelConfig& channel, std::string_view production);

}  // namespace journeyctl::core::delivery::providers
