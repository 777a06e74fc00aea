// The key tables of journeyctl.yaml (see core/yaml/keys.hpp): the workspace
// file itself, its data sources, channels (common keys plus one table of
// settings per provider) and policies. The loader, the JSON Schema generator
// and the journeyctl(5) man page all walk these.
#pragma once

#include <span>
#include <string_view>

#include "core/yaml/keys.hpp"

namespace journeyctl::core::workspace {

enum class ChannelKind : uint8_t { Email, Sms, Push, Webhook, DirectMail };
std::string_view channel_kind_name(ChannelKind kind);

// A delivery provider: what kind of message it carries and the settings its
// channel takes besides the common ones (api_key, account_sid, ...).
struct ProviderSpec {
    std::string_view name;
    ChannelKind kind;
    const yaml::KeyTable* settings;
};

const yaml::KeyTable& workspace_keys();       // journeyctl.yaml
const yaml::KeyTable& channel_keys();         // keys every channel takes
std::span<const ProviderSpec> providers();    // sendgrid, mailgun, ..., webhook
const ProviderSpec* find_provider(std::string_view name);
// What a channel's base_url may start with (besides a ${VAR}): the
// server's smtp:// or smtps:// for smtp, the API's http:// or https://
// for every other provider (and for a name that is no provider).
std::span<const std::string_view> base_url_schemes(std::string_view provider);
// Every provider's settings in one table (keys shared by several providers
// appear once): used when a channel's provider is unknown, so its settings
// are not reported as unknown keys on top of the bad provider.
const yaml::KeyTable& all_provider_settings();

}  // namespace journeyctl::core::workspace
