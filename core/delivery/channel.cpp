#include "core/delivery/channel.hpp"

namespace journeyctl::core::delivery {

const std::string& ChannelConfig::setting(std::string_view key) const {
    static const std::string k_empty;
    auto found = settings.find(key);
    return found == settings.end() ? k_empty : found->second;
}

}  // namespace journeyctl::core::delivery
