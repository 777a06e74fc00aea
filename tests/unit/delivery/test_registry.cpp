#include <catch2/catch.hpp>

#include "core/workspace/keys.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;
namespace workspace = journeyctl::core::workspace;

namespace {

// A working channel of each provider, with values that are easy to spot.
const std::map<std::string, std::map<std::string, std::string, std::less<>>>& working_settings() {
    static const std::map<std::string, std::map<std::string, std::string, std::less<>>> settings = {
        {"sendgrid", {{"api_key", "VALUE-api-key"}}},
        {"mailgun", {{"api_key", "VALUE-api-key"}, {"domain", "VALUE-domain"}}},
        {"postmark", {{"server_token", "VALUE-token"}, {"message_stream", "VALUE-stream"}}},
        {"ses", {{"access_key_id", "VALUE-id"}, {"secret_access_key", "VALUE-secret"}, {"region", "eu-west-1"}}},
        {"smtp",
         {{"host", "VALUE-host"}, {"port", "2525"}, {"tls", "none"}, {"username", "VALUE-user"}, {"password", "VALUE-pw"}}},
        {"twilio", {{"account_sid", "AC0123456789abcdef0123456789abcdef"}, {"auth_token", "VALUE-token"}}},
        {"vonage", {{"api_key", "VALUE-key"}, {"api_secret", "VALUE-secret"}}},
        {"webhook",
         {{"url", "https://VALUE.example/hook"},
          {"method", "PUT"},
          {"signing_secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}}},
        {"fcm", {{"project_id", "value-project"}, {"access_token", "VALUE-token"}}},
    };
    return settings;
}

}  // namespace

TEST_CASE("make_provider dispatches on the channel's provider", "[delivery][registry]") {
    for (const auto& [provider, settings] : working_settings()) {
        INFO(provider);
        const auto made = make_provider(channel_of(provider, settings));
        REQUIRE(made != nullptr);
        CHECK(made->name() == provider);
    }
}

TEST_CASE("make_provider refuses an unknown provider without quoting it", "[delivery][registry]") {
    const std::string error = config_error(channel_of("VALUE-pigeon", {}));
    CHECK(error ==
          "channel 'email': setting 'provider' names no provider that can send (known: sendgrid, mailgun, postmark, "
          "ses, smtp, twilio, vonage, webhook, fcm)");
}

TEST_CASE("make_provider sends a file channel to its extraction", "[delivery][registry]") {
    ChannelConfig channel = channel_of("file", {{"folder", "out"}});
    channel.kind = MessageKind::DirectMail;
    CHECK(config_error(channel) ==
          "channel 'email': provider file writes extractions, not requests: deliver it with a FileDelivery");
}

TEST_CASE("Every required setting of keys.cpp is required by its provider, named, never quoted",
          "[delivery][registry]") {
    for (const auto& [provider, settings] : working_settings()) {
        const workspace::ProviderSpec* spec = workspace::find_provider(provider);
        REQUIRE(spec != nullptr);
        for (const auto& key : spec->settings->keys) {
            // Every setting a provider reads is one keys.cpp declares for it ...
            INFO(provider << " " << key.name);
            if (!key.required) continue;
            // ... and a required one, absent or empty, stops the channel.
            for (const bool empty : {false, true}) {
                auto without = settings;
                if (empty) {
                    without[std::string(key.name)] = "";
                } else {
                    without.erase(std::string(key.name));
                }
                const std::string error = config_error(channel_of(provider, without));
                CHECK(error == "channel 'email' (" + provider + "): setting '" + std::string(key.name) +
                                   "' is missing or empty");
                CHECK_THAT(error, !Catch::Matchers::Contains("VALUE"));
            }
        }
        for (const auto& [name, value] : settings) {
            INFO(provider << " reads " << name);
            CHECK(spec->settings->find(name) != nullptr);
        }
    }
}

TEST_CASE("An SES region that cannot be part of a host name is refused", "[delivery][registry]") {
    auto settings = working_settings().at("ses");
    for (const std::string region : {"eu west 1", "EU-WEST-1", "evil.example/x?", "eu-west-1@attacker"}) {
        settings["region"] = region;
        const std::string error = config_error(channel_of("ses", settings));
        CHECK(error ==
              "channel 'email' (ses): setting 'region' is not an AWS region name (lower-case letters, digits and '-')");
    }
}
