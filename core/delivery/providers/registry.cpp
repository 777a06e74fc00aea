// make_provider (provider.hpp): the table from a channel's `provider` to
// the function that makes it. Adding a provider is one row here and its
// own file pair beside this one.
#include <array>
#include <string>

#include <fmt/format.h>

#include "core/delivery/provider.hpp"
#include "core/delivery/providers/fcm.hpp"
#include "core/delivery/providers/mailgun.hpp"
#include "core/delivery/providers/postmark.hpp"
#include "core/delivery/providers/sendgrid.hpp"
#include "core/delivery/providers/ses.hpp"
#include "core/delivery/providers/smtp.hpp"
#include "core/delivery/providers/twilio.hpp"
#include "core/delivery/providers/vonage.hpp"
#include "core/delivery/providers/webhook.hpp"

namespace journeyctl::core::delivery {

namespace {

struct ProviderMaker {
    std::string_view name;
    std::unique_ptr<Provider> (*make)(const ChannelConfig&);
};

constexpr std::array k_makers = {
    ProviderMaker{"sendgrid", make_sendgrid}, ProviderMaker{"mailgun", make_mailgun},
    ProviderMaker{"postmark", make_postmark}, ProviderMaker{"ses", make_ses},
    ProviderMaker{"smtp", make_smtp},         ProviderMaker{"twilio", make_twilio},
    ProviderMaker{"vonage", make_vonage},     ProviderMaker{"webhook", make_webhook},
    ProviderMaker{"fcm", make_fcm},
};

}  // namespace

std::unique_ptr<Provider> make_provider(const ChannelConfig& channel) {
    for (const ProviderMaker& maker : k_makers) {
        if (maker.name == channel.provider) return maker.make(channel);
    }
    // Direct mail has no request per message: its messages are records of
    // an extraction (core/delivery/file/file_delivery.hpp).
    if (channel.kind == MessageKind::DirectMail) {
        throw DeliveryConfigError(fmt::format(
            "channel '{}': provider {} writes extractions, not requests: deliver it with a FileDelivery",
            channel.name, channel.provider));
    }
    std::string known;
    for (const ProviderMaker& maker : k_makers) {
        if (!known.empty()) known += ", ";
        known += maker.name;
    }
    throw DeliveryConfigError(fmt::format(
        "channel '{}': setting 'provider' names no provider that can send (known: {})", channel.name, known));
}

}  // namespace journeyctl::core::delivery
