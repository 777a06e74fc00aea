// A workspace channel made ready for delivery: every `${VAR}` of its
// settings, headers, base_url and from resolved from the environment
// (core/workspace/secret.hpp), and the resolved values of secret settings
// (api keys, tokens, passwords: ValueKind::Secret in the key tables) and of
// headers that named a variable listed as secrets, so that whatever shows a
// request (--dry-run, errors) can redact them. Resolution happens only
// here, when something is about to be sent; validate and dry-run never
// need a secret.
#pragma once

#include <filesystem>

#include "core/delivery/channel.hpp"
#include "core/workspace/model.hpp"
#include "core/workspace/secret.hpp"

namespace journeyctl::journeys {

// ConfigError (exit 2) naming the channel and the variable when one is not
// set (never a value), or when its ca_file (relative to `workspace_root`)
// is not a file.
core::delivery::ChannelConfig delivery_channel(const core::workspace::Channel& channel,
                                               const core::workspace::Env& env,
                                               const std::filesystem::path& workspace_root);

}  // namespace journeyctl::journeys
