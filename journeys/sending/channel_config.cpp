#include "journeys/sending/channel_config.hpp"

#include <system_error>

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "core/workspace/keys.hpp"

namespace journeyctl::journeys {

namespace {

using core::delivery::MessageKind;
using core::workspace::ChannelKind;

MessageKind message_kind(ChannelKind kind) {
    switch (kind) {
        case ChannelKind::Email: return MessageKind::Email;
        case ChannelKind::Sms: return MessageKind::Sms;
        case ChannelKind::Push: return MessageKind::Push;
        case ChannelKind::Webhook: return MessageKind::Webhook;
        case ChannelKind::DirectMail: return MessageKind::DirectMail;
    }
    return MessageKind::Email;
}

// The value with its variables replaced; the error says which channel and
// which key wanted the variable.
std::string resolved(const core::workspace::Channel& channel, std::string_view key, std::string_view text,
                     const core::workspace::Env& env) {
    auto result = core::workspace::try_resolve_secret(text, env);
    if (auto* error = std::get_if<core::workspace::SecretError>(&result)) {
        throw core::ConfigError(fmt::format("channel '{}' {}: {}", channel.name.value, key, error->message));
    }
    return std::get<std::string>(std::move(result));
}

// libcurl reads the file only when a connection is made, and says little
// then: a path that is no file is the channel's configuration error now.
std::string ca_file_path(const core::workspace::Channel& channel, const std::string& value,
                         const std::filesystem::path& workspace_root) {
    const std::filesystem::path path = (workspace_root / value).lexically_normal();
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw core::ConfigError(fmt::format("channel '{}' ca_file: '{}' is not a file", channel.name.value,
                                            path.generic_string()));
    }
    return path.string();
}

void add_secret(core::delivery::ChannelConfig& out, std::string value) {
    if (!value.empty()) out.secrets.push_back(std::move(value));
}

}  // namespace

core::delivery::ChannelConfig delivery_channel(const core::workspace::Channel& channel,
                                               const core::workspace::Env& env,
                                               const std::filesystem::path& workspace_root) {
    core::delivery::ChannelConfig out;
    out.name = channel.name.value;
    out.provider = channel.provider.value;
    out.kind = message_kind(channel.kind);
    if (channel.base_url) out.base_url = resolved(channel, "base_url", channel.base_url->value, env);
    if (channel.rate) out.rate_per_second = channel.rate->value.per_second();
    if (channel.ca_file) out.ca_file = ca_file_path(channel, resolved(channel, "ca_file", channel.ca_file->value, env),
                                                    workspace_root);
    const core::workspace::ProviderSpec* spec = core::workspace::find_provider(channel.provider.value);
    for (const auto& [key, text] : channel.settings) {
        std::string value = resolved(channel, key, text.value, env);
        const core::yaml::KeySpec* key_spec = spec ? spec->settings->find(key) : nullptr;
        if (key_spec == nullptr || key_spec->kind == core::yaml::ValueKind::Secret) add_secret(out, value);
        out.settings.emplace(key, std::move(value));
    }
    for (const core::workspace::Header& header : channel.headers) {
        std::string value = resolved(channel, "headers." + header.name.value, header.value.value, env);
        if (core::workspace::has_references(header.value.value)) add_secret(out, value);
        out.headers.emplace_back(header.name.value, std::move(value));
    }
    return out;
}

}  // namespace journeyctl::journeys
