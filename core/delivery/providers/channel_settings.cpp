// Channel settings as providers read them (see channel_settings.hpp).
#include "core/delivery/providers/channel_settings.hpp"

#include <fmt/format.h>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery::providers {

void throw_config_error(const ChannelConfig& channel, std::string_view problem) {
    throw DeliveryConfigError(fmt::format("channel '{}' ({}): {}", channel.name, channel.provider, problem));
}

const std::string& required_setting(const ChannelConfig& channel, std::string_view key) {
    const std::string& value = channel.setting(key);
    if (value.empty()) throw_config_error(channel, fmt::format("setting '{}' is missing or empty", key));
    return value;
}

std::string api_base_url(const ChannelConfig& channel, std::string_view production) {
    std::string_view base = channel.base_url.empty() ? production : std::string_view(channel.base_url);
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    return std::string(base);
}

}  // namespace journeyctl::core::delivery::providers
