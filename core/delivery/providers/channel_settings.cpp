// Channel settings as providers read them (see channel_settings.hpp).
#include "core/delivery/providers/channel_settings.hpp"

#include <fmt/format.h>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

void throw_setting_error(const ChannelConfig& channel, std::string_view setting, std::string_view what) {
    throw DeliveryConfigError(fmt::format("channel '{}': setting '{}' {}", channel.name, setting, what));
}

const std::string& required_setting(const ChannelConfig& channel, std::string_view name) {
    const std::string& value = channel.setting(name);
    if (value.empty()) {
        throw_setting_error(channel, name, fmt::format("is missing; provider {} needs it", channel.provider));
    }
    return value;
}

std::string api_base_url(const ChannelConfig& channel, std::string_view production) {
    std::string_view base = channel.base_url.empty() ? production : std::string_view(channel.base_url);
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    return std::string(base);
}

}  // namespace journeyctl::core::delivery
