// The tables themselves, leaf objects first so each pointer names a table
// already defined.
#include "core/workspace/keys.hpp"

#include <vector>

namespace journeyctl::core::workspace {

using yaml::enum_key;
using yaml::key;
using yaml::KeySpec;
using yaml::KeyTable;
using yaml::list_key;
using yaml::map_key;
using yaml::object_key;
using yaml::ValueKind;

namespace {

constexpr std::string_view k_field_types[] = {"int", "double", "string", "bool", "timestamp"};

constexpr KeySpec k_profile_source_keys[] = {
    key("file", ValueKind::Path, true, "Profiles file, .csv or .jsonl (.ndjson), relative to the workspace"),
    key("key", ValueKind::String, true, "Field holding the unique profile key"),
    map_key("fields", ValueKind::String, ValueKind::Enum, false,
            "Declared field types (int, double, string, bool, timestamp); other fields are inferred",
            k_field_types),
};
constexpr KeyTable k_profile_source{"profiles", "Where profiles come from", k_profile_source_keys};

constexpr KeySpec k_event_source_keys[] = {
    key("file", ValueKind::Path, true, "Events file, .jsonl (.ndjson) or .csv, relative to the workspace"),
    key("key", ValueKind::String, true, "Field naming the profile an event belongs to"),
    key("type", ValueKind::String, false, "Field holding the event type (default: type)"),
    key("time", ValueKind::String, false, "Field holding the event's RFC 3339 time (default: time)"),
    map_key("fields", ValueKind::String, ValueKind::Enum, false,
            "Declared field types (int, double, string, bool, timestamp); other fields are inferred",
            k_field_types),
};
constexpr KeyTable k_event_source{"events", "Where events come from", k_event_source_keys};

constexpr KeySpec k_data_keys[] = {
    object_key("profiles", ValueKind::Object, k_profile_source, false, "The profiles source"),
    object_key("events", ValueKind::Object, k_event_source, false, "The events source"),
};
constexpr KeyTable k_data{"data", "Data sources", k_data_keys};

constexpr std::string_view k_provider_names[] = {"sendgrid", "mailgun", "postmark", "ses",     "smtp",
                                                 "twilio",   "vonage",  "fcm",      "webhook", "file"};

constexpr KeySpec k_list_unsubscribe_keys[] = {
    key("url", ValueKind::Template, false,
        "https:// one-click unsubscribe URL, a template rendered per message ({{x}} percent-encoded)"),
    key("mailto", ValueKind::Template, false,
        "Address (with ?subject=... if wanted) that takes unsubscribe mail, a template rendered per message"),
};
constexpr KeyTable k_list_unsubscribe{"list_unsubscribe", "An email channel's List-Unsubscribe (RFC 2369, RFC 8058)",
                                      k_list_unsubscribe_keys};

constexpr KeySpec k_channel_common_keys[] = {
    enum_key("provider", k_provider_names, true,
             "Who delivers: email sendgrid|mailgun|postmark|ses|smtp, sms twilio|vonage, push fcm, any webhook, "
             "direct mail file"),
    key("from", ValueKind::String, false, "Sender address or number"),
    key("to", ValueKind::Expression, false, "Expression giving the recipient's address; absent or empty: no_address"),
    key("base_url", ValueKind::Url, false,
        "The provider's API base URL, http(s)://; for smtp the server's smtp:// or smtps:// URL"),
    key("rate", ValueKind::Rate, false, "Client-side rate limit, e.g. 100/s"),
    key("ca_file", ValueKind::Path, false,
        "PEM file of the certificate authorities this channel's TLS trusts instead of the system's; may hold ${VAR}"),
    key("fallback", ValueKind::Name, false, "Another channel to use when this one fails"),
    map_key("headers", ValueKind::String, ValueKind::Secret, false, "Extra HTTP headers; values may hold ${VAR}"),
    object_key("list_unsubscribe", ValueKind::Object, k_list_unsubscribe, false,
               "Email: List-Unsubscribe and one-click List-Unsubscribe-Post headers on every message"),
};
constexpr KeyTable k_channel_common{"channel", "A named delivery channel", k_channel_common_keys};

constexpr KeySpec k_sendgrid_keys[] = {
    key("api_key", ValueKind::Secret, true, "SendGrid API key, e.g. ${SENDGRID_API_KEY}"),
};
constexpr KeySpec k_mailgun_keys[] = {
    key("api_key", ValueKind::Secret, true, "Mailgun API key"),
    key("domain", ValueKind::String, true, "Mailgun sending domain"),
};
constexpr KeySpec k_postmark_keys[] = {
    key("server_token", ValueKind::Secret, true, "Postmark server token"),
    key("message_stream", ValueKind::String, false, "Postmark message stream (default: outbound)"),
};
constexpr KeySpec k_ses_keys[] = {
    key("access_key_id", ValueKind::Secret, true, "AWS access key id"),
    key("secret_access_key", ValueKind::Secret, true, "AWS secret access key"),
    key("region", ValueKind::String, true, "AWS region, e.g. eu-west-1"),
};
constexpr std::string_view k_smtp_tls[] = {"none", "starttls", "tls"};
constexpr KeySpec k_smtp_keys[] = {
    key("host", ValueKind::String, false, "SMTP server host (or base_url: smtp://HOST:PORT, smtps://HOST:PORT)"),
    key("port", ValueKind::Int, false, "SMTP server port with host (default: 587)"),
    key("username", ValueKind::Secret, false, "SMTP user name"),
    key("password", ValueKind::Secret, false, "SMTP password"),
    enum_key("tls", k_smtp_tls, false, "none | starttls | tls (default: starttls)"),
};
constexpr KeySpec k_twilio_keys[] = {
    key("account_sid", ValueKind::Secret, true, "Twilio account SID"),
    key("auth_token", ValueKind::Secret, true, "Twilio auth token"),
};
constexpr KeySpec k_vonage_keys[] = {
    key("api_key", ValueKind::Secret, true, "Vonage API key"),
    key("api_secret", ValueKind::Secret, true, "Vonage API secret"),
};
constexpr KeySpec k_fcm_keys[] = {
    key("project_id", ValueKind::String, true, "Firebase project id"),
    key("access_token", ValueKind::Secret, false, "OAuth 2 access token for the FCM HTTP v1 API (or service_account)"),
    key("service_account", ValueKind::Secret, false,
        "A service account's key file JSON, e.g. ${FCM_SERVICE_ACCOUNT}: journeyctl gets and renews access tokens "
        "(or access_token)"),
};
constexpr std::string_view k_http_methods[] = {"POST", "PUT", "PATCH"};
constexpr KeySpec k_webhook_keys[] = {
    key("url", ValueKind::Url, true, "Where each message is POSTed"),
    enum_key("method", k_http_methods, false, "POST | PUT | PATCH (default: POST)"),
    key("signing_secret", ValueKind::Secret, false,
        "Standard Webhooks signing secret, whsec_ + base64 of at least 24 bytes: signs every request"),
};

// Direct mail: each batch written as CSV extractions to a folder of the
// workspace or an SFTP server (core/delivery/file/). Which keys go
// together (folder or sftp_url, the SFTP login and host key) is checked by
// core/workspace/file_channel_checks.cpp.
constexpr KeySpec k_file_keys[] = {
    key("folder", ValueKind::Path, false, "Folder inside the workspace the extractions are written to (or sftp_url)"),
    key("sftp_url", ValueKind::String, false,
        "sftp://USER@HOST[:PORT]/FOLDER the extractions are uploaded to (or folder)"),
    map_key("fields", ValueKind::Name, ValueKind::Expression, false,
            "Address columns of the extraction: column name to an expression over the profile"),
    key("part_size", ValueKind::Int, false, "At most this many messages per published file (default: no limit)"),
    key("private_key", ValueKind::Secret, false, "SFTP: the private key file's path, from the environment (${VAR})"),
    key("password", ValueKind::Secret, false, "SFTP: the password, from the environment (${VAR})"),
    key("known_hosts", ValueKind::Path, false,
        "SFTP: a known_hosts file inside the workspace that lists the server's host key (or host_key_sha256)"),
    key("host_key_sha256", ValueKind::String, false,
        "SFTP: the server's host key fingerprint, SHA256:... as ssh-keygen -l prints it (or known_hosts)"),
};
constexpr std::string_view k_http_schemes[] = {"http://", "https://"};
constexpr std::string_view k_smtp_schemes[] = {"smtp://", "smtps://"};

constexpr KeyTable k_sendgrid{"sendgrid", "SendGrid settings", k_sendgrid_keys};
constexpr KeyTable k_mailgun{"mailgun", "Mailgun settings", k_mailgun_keys};
constexpr KeyTable k_postmark{"postmark", "Postmark settings", k_postmark_keys};
constexpr KeyTable k_ses{"ses", "Amazon SES settings", k_ses_keys};
constexpr KeyTable k_smtp{"smtp", "SMTP settings", k_smtp_keys};
constexpr KeyTable k_twilio{"twilio", "Twilio settings", k_twilio_keys};
constexpr KeyTable k_vonage{"vonage", "Vonage settings", k_vonage_keys};
constexpr KeyTable k_fcm{"fcm", "Firebase Cloud Messaging settings", k_fcm_keys};
constexpr KeyTable k_webhook{"webhook", "Generic webhook settings", k_webhook_keys};
constexpr KeyTable k_file{"file", "Direct mail extraction settings", k_file_keys};

constexpr ProviderSpec k_providers[] = {
    {"sendgrid", ChannelKind::Email, &k_sendgrid}, {"mailgun", ChannelKind::Email, &k_mailgun},
    {"postmark", ChannelKind::Email, &k_postmark}, {"ses", ChannelKind::Email, &k_ses},
    {"smtp", ChannelKind::Email, &k_smtp},         {"twilio", ChannelKind::Sms, &k_twilio},
    {"vonage", ChannelKind::Sms, &k_vonage},       {"fcm", ChannelKind::Push, &k_fcm},
    {"webhook", ChannelKind::Webhook, &k_webhook}, {"file", ChannelKind::DirectMail, &k_file},
};

constexpr KeySpec k_frequency_keys[] = {
    key("channel", ValueKind::Name, true, "A channel name, or any for all channels together"),
    key("max", ValueKind::Int, true, "At most this many messages sent ..."),
    key("per", ValueKind::Duration, true, "... in any window of this length"),
};
constexpr KeyTable k_frequency{"frequency cap", "A cap on messages per profile", k_frequency_keys};

constexpr std::string_view k_quiet_then[] = {"delay", "skip"};
constexpr KeySpec k_quiet_hours_keys[] = {
    key("start", ValueKind::ClockTime, true, "Quiet period start, HH:MM in the profile's zone"),
    key("end", ValueKind::ClockTime, true, "Quiet period end, HH:MM"),
    key("zone", ValueKind::Expression, false, "Expression giving the profile's zone (default: the workspace's)"),
    enum_key("then", k_quiet_then, false, "delay (hold until the period ends, the default) or skip"),
};
constexpr KeyTable k_quiet_hours{"quiet_hours", "When no message goes out", k_quiet_hours_keys};

constexpr KeySpec k_policies_keys[] = {
    map_key("consent", ValueKind::Name, ValueKind::Expression, false,
            "Per channel: an expression that must be true for a profile to be contacted"),
    key("suppress", ValueKind::Path, false, "File of addresses or profile keys never contacted, one a line"),
    list_key("frequency", ValueKind::Object, false, "Caps across all journeys, per profile", &k_frequency),
    object_key("quiet_hours", ValueKind::Object, k_quiet_hours, false, "Hours when messages are held or skipped"),
};
constexpr KeyTable k_policies{"policies", "Contact policies", k_policies_keys};

constexpr KeySpec k_workspace_keys[] = {
    key("workspace", ValueKind::Name, true, "The workspace's name"),
    key("timezone", ValueKind::Zone, false, "Default IANA zone for schedules (default: UTC)"),
    object_key("data", ValueKind::Object, k_data, false, "Profiles and events sources"),
    key("state", ValueKind::Path, false, "SQLite state database (default: .journeyctl/state.db)"),
    map_key("channels", ValueKind::Name, ValueKind::Object, false, "Named delivery channels", {}, &k_channel_common),
    object_key("policies", ValueKind::Object, k_policies, false, "Consent, suppression, frequency caps, quiet hours"),
};
constexpr KeyTable k_workspace{"journeyctl.yaml", "The workspace file", k_workspace_keys};

}  // namespace

std::string_view channel_kind_name(ChannelKind kind) {
    switch (kind) {
        case ChannelKind::Email: return "email";
        case ChannelKind::Sms: return "sms";
        case ChannelKind::Push: return "push";
        case ChannelKind::Webhook: return "webhook";
        case ChannelKind::DirectMail: return "direct_mail";
    }
    return "email";
}

const KeyTable& workspace_keys() { return k_workspace; }
const KeyTable& channel_keys() { return k_channel_common; }
std::span<const ProviderSpec> providers() { return k_providers; }

std::span<const std::string_view> base_url_schemes(std::string_view provider) {
    if (provider == "smtp") return k_smtp_schemes;
    return k_http_schemes;
}

const ProviderSpec* find_provider(std::string_view name) {
    for (const ProviderSpec& p : k_providers) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

const KeyTable& all_provider_settings() {
    static const std::vector<KeySpec> keys = [] {
        std::vector<KeySpec> out;
        for (const ProviderSpec& p : k_providers) {
            for (KeySpec spec : p.settings->keys) {
                bool seen = false;
                for (const KeySpec& s : out) seen = seen || s.name == spec.name;
                spec.required = false;
                if (!seen) out.push_back(spec);
            }
        }
        return out;
    }();
    static const KeyTable table{"provider settings", "Settings of every provider", keys};
    return table;
}

}  // namespace journeyctl::core::workspace
