// A channel as delivery uses it: journeyctl.yaml's channel with every
// `${VAR}` resolved from the environment. The resolved values include
// secrets; `secrets` lists them so that anything shown to a user (errors,
// --dry-run requests, logs) can be redacted, and nothing here is ever
// written to the ledger.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/delivery/message.hpp"

namespace journeyctl::core::delivery {

struct ChannelConfig {
    std::string name;      // the channel's name in journeyctl.yaml
    std::string provider;  // sendgrid | mailgun | postmark | ses | smtp | twilio | vonage | fcm | webhook
    MessageKind kind = MessageKind::Email;
    // Everything before the provider's API paths ("https://api.sendgrid.com",
    // "http://127.0.0.1:4010"); empty: the provider's production URL. For
    // smtp: the smtp:// or smtps:// URL.
    std::string base_url;
    // Provider settings (api_key, account_sid, auth_token, domain, region,
    // url, username, password, ...), resolved.
    std::map<std::string, std::string, std::less<>> settings;
    // Extra HTTP headers (webhook `headers:`), resolved.
    std::vector<std::pair<std::string, std::string>> headers;
    // Values that must never be shown: every resolved `${VAR}` value of a
    // secret-bearing setting or header.
    std::vector<std::string> secrets;
    double rate_per_second = 0;  // the channel's `rate`; 0: no limit
    // The channel's `ca_file`, an absolute path: a PEM bundle of the
    // certificate authorities its TLS connections trust instead of the
    // system's (a private CA, a test peer's). Empty: the system's.
    std::string ca_file;

    // The setting's value, or empty when absent.
    const std::string& setting(std::string_view key) const;
};

}  // namespace journeyctl::core::delivery
