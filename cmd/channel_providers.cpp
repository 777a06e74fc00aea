#include "cmd/channel_providers.hpp"

#include "core/diag/errors.hpp"

namespace journeyctl::cmd {

std::unique_ptr<core::delivery::Provider> provider_for(const core::delivery::ChannelConfig& config) {
    if (writes_files(config)) return nullptr;
    try {
        return core::delivery::make_provider(config);
    } catch (const core::delivery::DeliveryConfigError& e) {
        throw core::ConfigError(e.what());
    }
}

}  // namespace journeyctl::cmd
