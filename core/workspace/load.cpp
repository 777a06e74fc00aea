// Reads journeyctl.yaml through its key table: the workspace name and zone,
// the data sources, the channels (common keys plus the provider's settings,
// with `${VAR}` references checked for syntax but never resolved here), and
// the policies.
#include "core/workspace/load.hpp"

#include <algorithm>
#include <system_error>

#include "core/diag/errors.hpp"
#include "core/workspace/file_channel.hpp"
#include "core/workspace/secret.hpp"

namespace journeyctl::core::workspace {

using yaml::FileContext;
using yaml::ObjectReader;

std::string_view field_type_name(FieldType type) {
    switch (type) {
        case FieldType::Int: return "int";
        case FieldType::Double: return "double";
        case FieldType::String: return "string";
        case FieldType::Bool: return "bool";
        case FieldType::Timestamp: return "timestamp";
    }
    return "string";
}

std::optional<FieldType> parse_field_type(std::string_view text) {
    for (FieldType t : {FieldType::Int, FieldType::Double, FieldType::String, FieldType::Bool, FieldType::Timestamp}) {
        if (field_type_name(t) == text) return t;
    }
    return std::nullopt;
}

const Text* Channel::setting(std::string_view key) const {
    for (const auto& [name, value] : settings) {
        if (name == key) return &value;
    }
    return nullptr;
}

const Channel* WorkspaceConfig::channel(std::string_view name) const {
    for (const Channel& c : channels) {
        if (c.name.value == name) return &c;
    }
    return nullptr;
}

namespace {

// A `${` that is not a well-formed reference is a configuration error now,
// rather than a surprise at send time.
void check_secret_syntax(FileContext& ctx, const Text& text) {
    auto refs = find_references(text.value);
    if (const auto* error = std::get_if<SecretError>(&refs)) ctx.report(text.at(error->offset), "bad-secret", error->message);
}

DataSource read_source(const ObjectReader& data, std::string_view key) {
    DataSource source;
    auto reader = data.object(key);
    if (!reader || !reader->valid()) return source;
    source.present = true;
    source.pos = reader->pos();
    if (auto t = reader->text("file")) source.file = std::move(*t);
    if (auto t = reader->text("key")) source.key = std::move(*t);
    if (reader->table().find("type")) {
        source.type_field = reader->text("type");
        source.time_field = reader->text("time");
    }
    const yaml::KeySpec item = yaml::item_spec(reader->spec("fields"));
    for (auto& [name, node] : reader->map("fields")) {
        auto type = yaml::read_text(reader->context(), node, item, "the type of field '" + name.value + "'", name.pos);
        if (!type) continue;
        const SourcePos name_pos = name.pos;
        source.fields.push_back({std::move(name), {*parse_field_type(type->value), type->pos, name_pos}});
    }
    return source;
}

// Keys of other providers get a precise message rather than "unknown".
std::string explain_other_provider(std::string_view key, std::string_view provider) {
    for (const ProviderSpec& p : providers()) {
        if (p.name != provider && p.settings->find(key)) {
            return "key '" + std::string(key) + "' is a setting of provider " + std::string(p.name) + ", not of " +
                   std::string(provider);
        }
    }
    return {};
}

// Pairs of settings of which a provider needs one, a rule the key tables
// cannot state: FCM authorises with a given access token or with a
// service account that journeyctl gets tokens for (not both); a file
// channel writes to a folder of the workspace or to an SFTP server (not
// both); SMTP reaches its server by host (and port) or by a whole smtp://
// or smtps:// base_url, which wins when both are given, as a base_url does
// for every provider (a test peer instead of the real server).
struct OneOfSettings {
    std::string_view provider;
    std::string_view first;
    std::string_view second;
    bool exclusive = true;
};
constexpr OneOfSettings k_one_of_settings[] = {{"fcm", "access_token", "service_account", true},
                                               {"file", "folder", "sftp_url", true},
                                               {"smtp", "host", "base_url", false}};

void check_one_of_settings(FileContext& ctx, const ObjectReader& reader, const Channel& channel) {
    for (const OneOfSettings& rule : k_one_of_settings) {
        if (channel.provider.value != rule.provider) continue;
        const std::string first(rule.first);
        const std::string second(rule.second);
        if (rule.exclusive && reader.has(rule.first) && reader.has(rule.second)) {
            ctx.report(reader.key_pos(rule.second), "conflicting-actions",
                       "give '" + first + "' or '" + second + "', not both", static_cast<uint32_t>(second.size()));
        } else if (!reader.has(rule.first) && !reader.has(rule.second)) {
            ctx.report(reader.pos(), "missing-key",
                       "missing key '" + first + "' or '" + second + "' in channel '" + channel.name.value + "'");
        }
    }
}

// An email channel's unsubscribe targets: templates rendered per message,
// not settings, so no ${VAR} is looked for in them (validation checks
// what they hold, a ${ included).
std::optional<ListUnsubscribe> read_list_unsubscribe(const ObjectReader& channel) {
    auto reader = channel.object("list_unsubscribe");
    if (!reader || !reader->valid()) return std::nullopt;
    ListUnsubscribe out;
    out.key_pos = channel.key_pos("list_unsubscribe");
    out.url = reader->text("url");
    out.mailto = reader->text("mailto");
    if (!reader->has("url") && !reader->has("mailto")) {
        channel.context().report(reader->pos(), "missing-key", "list_unsubscribe needs a 'url', a 'mailto' or both");
        return std::nullopt;
    }
    return out;
}

// base_url is the provider's API (http:// or https://) or, for smtp, its
// server (smtp:// or smtps://): the common key's Url check knows only the
// first, so the scheme is checked here, against the channel's provider.
std::optional<Text> read_base_url(FileContext& ctx, const ObjectReader& reader, std::string_view provider) {
    if (!reader.has("base_url")) return std::nullopt;
    yaml::KeySpec spec = reader.spec("base_url");
    spec.kind = yaml::ValueKind::String;
    auto text = yaml::read_text(ctx, reader.node("base_url"), spec, "'base_url'", reader.key_pos("base_url"));
    if (!text) return text;
    const auto schemes = base_url_schemes(provider);
    const std::string& url = text->value;
    if (url.starts_with("${") ||
        std::any_of(schemes.begin(), schemes.end(), [&](std::string_view s) { return url.starts_with(s); })) {
        return text;
    }
    std::string allowed;
    for (const std::string_view scheme : schemes) allowed += (allowed.empty() ? "" : " or ") + std::string(scheme);
    const bool smtp = schemes.front() == "smtp://";
    ctx.report(text->content_pos(), "bad-value",
               "'base_url' must be an " + allowed + " URL" + (smtp ? " for provider smtp" : "") + ", not '" + url + "'",
               static_cast<uint32_t>(std::max<std::size_t>(1, url.find('\n') == std::string::npos ? url.size()
                                                                                                  : url.find('\n'))));
    return std::nullopt;
}

Channel read_channel(FileContext& ctx, Text name, const YAML::Node& node) {
    Channel channel;
    channel.name = std::move(name);
    const std::string what = "channel '" + channel.name.value + "'";
    const ProviderSpec* provider = nullptr;
    if (node.IsMap() && node["provider"] && node["provider"].IsScalar())
        provider = find_provider(node["provider"].Scalar());
    ObjectReader::Options options;
    options.extra = provider ? provider->settings : &all_provider_settings();
    if (provider) {
        const std::string provider_name(provider->name);
        options.explain_unknown = [provider_name](std::string_view key) { return explain_other_provider(key, provider_name); };
    }
    ObjectReader reader(ctx, node, channel_keys(), what, options, channel.name.pos);
    channel.pos = reader.pos();
    if (!reader.valid()) return channel;
    if (auto t = reader.text("provider")) channel.provider = std::move(*t);
    if (provider) channel.kind = provider->kind;
    channel.from = reader.text("from");
    channel.to = reader.text("to");
    channel.base_url = read_base_url(ctx, reader, channel.provider.value);
    if (channel.base_url) check_secret_syntax(ctx, *channel.base_url);
    if (auto rate = reader.text("rate")) channel.rate = Located<yaml::Rate>{*yaml::parse_rate(rate->value), rate->pos, rate->key_pos};
    channel.fallback = reader.text("fallback");
    channel.ca_file = reader.text("ca_file");
    if (channel.ca_file) check_secret_syntax(ctx, *channel.ca_file);
    const yaml::KeySpec header_spec = yaml::item_spec(reader.spec("headers"));
    for (auto& [header, value] : reader.map("headers")) {
        auto text = yaml::read_text(ctx, value, header_spec, "header '" + header.value + "'", header.pos);
        if (!text) continue;
        check_secret_syntax(ctx, *text);
        channel.headers.push_back({std::move(header), std::move(*text)});
    }
    for (const auto& entry : reader.entries()) {
        if (channel_keys().find(entry.key)) continue;  // a common key, read above
        if (reader.spec(entry.key).kind == yaml::ValueKind::Map) continue;  // a file channel's fields, read below
        auto text = reader.text(entry.key);
        if (!text) continue;
        check_secret_syntax(ctx, *text);
        channel.settings.emplace_back(entry.key, std::move(*text));
    }
    channel.list_unsubscribe = read_list_unsubscribe(reader);
    check_one_of_settings(ctx, reader, channel);
    if (provider && provider->kind == ChannelKind::DirectMail) read_file_channel(ctx, reader, channel);
    return channel;
}

Policies read_policies(FileContext& ctx, const ObjectReader& reader) {
    Policies policies;
    const yaml::KeySpec consent_spec = yaml::item_spec(reader.spec("consent"));
    for (auto& [channel, node] : reader.map("consent")) {
        auto expression = yaml::read_text(ctx, node, consent_spec, "consent for '" + channel.value + "'", channel.pos);
        if (expression) policies.consent.push_back({std::move(channel), std::move(*expression)});
    }
    policies.suppress = reader.text("suppress");
    const yaml::KeySpec& frequency_spec = reader.spec("frequency");
    for (const YAML::Node& item : reader.list("frequency")) {
        ObjectReader cap_reader(ctx, item, *frequency_spec.object, "frequency cap");
        if (!cap_reader.valid()) continue;
        auto channel = cap_reader.text("channel");
        auto max = cap_reader.integer("max");
        auto per = cap_reader.duration("per");
        if (max && max->value <= 0) {
            ctx.report(max->pos, "bad-value", "'max' must be a positive number of messages");
            max.reset();
        }
        if (channel && max && per) policies.frequency.push_back({cap_reader.pos(), std::move(*channel), *max, *per});
    }
    if (auto quiet = reader.object("quiet_hours"); quiet && quiet->valid()) {
        QuietHours hours;
        hours.pos = quiet->pos();
        auto start = quiet->text("start");
        auto end = quiet->text("end");
        hours.zone = quiet->text("zone");
        if (auto then = quiet->text("then"))
            hours.then = {then->value == "skip" ? QuietThen::Skip : QuietThen::Delay, then->pos, then->key_pos};
        if (start && end) {
            hours.start_minutes = *yaml::parse_clock_time(start->value);
            hours.end_minutes = *yaml::parse_clock_time(end->value);
            hours.start = std::move(*start);
            hours.end = std::move(*end);
            policies.quiet_hours = std::move(hours);
        }
    }
    return policies;
}

}  // namespace

WorkspaceConfig read_config(FileContext& ctx, const YAML::Node& root) {
    WorkspaceConfig config;
    config.loaded = true;
    ObjectReader reader(ctx, root, workspace_keys(), "journeyctl.yaml");
    if (!reader.valid()) return config;
    if (auto name = reader.text("workspace")) config.name = std::move(*name);
    config.timezone = reader.text("timezone");
    if (auto data = reader.object("data"); data && data->valid()) {
        config.profiles = read_source(*data, "profiles");
        config.events = read_source(*data, "events");
    }
    config.state = reader.text("state");
    for (auto& [name, node] : reader.map("channels")) config.channels.push_back(read_channel(ctx, std::move(name), node));
    if (auto policies = reader.object("policies"); policies && policies->valid())
        config.policies = read_policies(ctx, *policies);
    return config;
}

WorkspaceConfig load_config(FileContext& ctx) {
    auto root = ctx.parse();
    if (!root) return {};
    return read_config(ctx, *root);
}

std::optional<std::filesystem::path> find_workspace_root(const std::filesystem::path& start) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::absolute(start, ec);
    if (ec) return std::nullopt;
    dir = dir.lexically_normal();
    for (;;) {
        if (std::filesystem::is_regular_file(dir / k_config_file, ec)) return dir;
        const std::filesystem::path parent = dir.parent_path();
        if (parent.empty() || parent == dir) return std::nullopt;
        dir = parent;
    }
}

std::filesystem::path locate_workspace(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw UsageError("cannot use '" + dir.string() + "' as the workspace folder: no such folder");
    if (auto root = find_workspace_root(dir)) return *root;
    throw UsageError("no " + std::string(k_config_file) + " in '" + dir.string() +
                     "' or any folder above it (create one with `journeyctl init`, or use -C DIR)");
}

}  // namespace journeyctl::core::workspace
