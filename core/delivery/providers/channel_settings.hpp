// Reading a channel's settings the way every provider does, so that a
// channel that cannot work fails when its provider is made, with one kind
// of message: DeliveryConfigError naming the channel and the setting,
// never a value (the value may be a secret, or hold one).
#pragma once

#include <string>
#include <string_view>

#include "core/delivery/channel.hpp"

namespace journeyctl::core::delivery {

// The setting's value; DeliveryConfigError when it is absent or empty.
const std::string& required_setting(const ChannelConfig& channel, std::string_view name);

// DeliveryConfigError "channel 'NAME': setting 'SETTING' WHAT".
[[noreturn]] void throw_setting_error(const ChannelConfig& channel, std::string_view setting, std::string_view what);

// Everything before the provider's API paths: the channel's base_url
// (trailing slashes dropped, so "http://127.0.0.1:4010/" works too), or
// `production` when it has none.
std::string api_base_url(const ChannelConfig& channel, std::string_view production);

}  // namespace journeyctl::core::delivery
