#include "core/delivery/providers/channel_settings.hpp"

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery::providers {

void throw_config_error(const ChannelConfig& channel, std::string_view problem) {
    throw DeliveryConfigError("channel '" + channel.name + "' (" + channel.provider + "): " + std::string(problem));
}

const std::string& required_setting(const ChannelConfig& channel, std::string_view key) {
    const std::string& value = channel.setting(key);
    if (value.empty()) throw_config_error(channel, "setting '" + std::string(key) + "' is missing or empty");
    return value;
}

std::string api_base(const ChannelConfig& channel, std::string_view production) {
    std::string base = channel.base_url.empty() ? std::string(production) : channel.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

}  // namespace journeyctl::core::delivery::providers
