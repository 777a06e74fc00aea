// A file channel's destination, from its resolved settings (after every
// `${VAR}`): its `folder`, checked once more to lead inside the workspace
// now that the environment has had its say, or its `sftp_url` with the
// login (private_key, password) and the host key check (known_hosts,
// inside the workspace too, or host_key_sha256).
#pragma once

#include <filesystem>
#include <memory>

#include "core/delivery/channel.hpp"
#include "core/delivery/file/destination.hpp"

namespace journeyctl::journeys {

// core::ConfigError (naming the channel and the setting, never a secret)
// when the settings cannot make one.
std::unique_ptr<core::delivery::file::Destination> file_destination(const core::delivery::ChannelConfig& channel,
                                                                    const std::filesystem::path& root);

}  // namespace journeyctl::journeys
