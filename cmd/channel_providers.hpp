// A channel's provider for the delivery engine, shared by send and run.
#pragma once

#include <memory>

#include "core/delivery/channel.hpp"
#include "core/delivery/provider.hpp"

namespace journeyctl::cmd {

// A file channel writes records of an extraction, not requests.
inline bool writes_files(const core::delivery::ChannelConfig& config) {
    return config.kind == core::delivery::MessageKind::DirectMail;
}

// The provider of a channel that sends requests; null for a file channel.
// core::ConfigError for a provider that cannot be made (a bad setting).
std::unique_ptr<core::delivery::Provider> provider_for(const core::delivery::ChannelConfig& config);

}  // namespace journeyctl::cmd
