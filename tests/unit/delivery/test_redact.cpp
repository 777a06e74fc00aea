#include <catch2/catch.hpp>

#include <algorithm>

#include "core/delivery/redact.hpp"
#include "core/workspace/keys.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;
namespace workspace = journeyctl::core::workspace;
namespace yaml = journeyctl::core::yaml;

TEST_CASE("redact_secrets replaces every spelling, longest first", "[delivery][redact]") {
    CHECK(redact_secrets("k=abc+d/e&x=abc%2Bd%2Fe", {"abc+d/e"}) == "k=[redacted]&x=[redacted]");
    CHECK(redact_secrets(R"({"t":"q\"uo\\te"})", {"q\"uo\\te"}) == R"({"t":"[redacted]"})");
    CHECK(redact_secrets("xabcdefx abc", {"abc", "abcdef"}) == "x[redacted]x [redacted]");
    CHECK(redact_secrets("nothing here", {"", "absent"}) == "nothing here");
    CHECK(redact_secrets("aaaa", {"aa"}) == "[redacted][redacted]");
}

TEST_CASE("channel_secrets adds credential settings written literally", "[delivery][redact]") {
    ChannelConfig channel;
    channel.settings = {{"api_key", "literal-key"}, {"domain", "mg.acme.example"}, {"username", "info"}};
    channel.secrets = {"from-env"};
    std::vector<std::string> secrets = channel_secrets(channel);
    std::sort(secrets.begin(), secrets.end());
    CHECK(secrets == std::vector<std::string>{"from-env", "literal-key"});
}

TEST_CASE("The credential settings follow keys.cpp's secret settings", "[delivery][redact]") {
    // Identifiers keys.cpp marks secret but redaction leaves to ${VAR}s.
    const std::vector<std::string_view> identifiers = {"username", "account_sid"};
    const auto& credentials = credential_setting_names();
    std::vector<std::string_view> declared;
    for (const workspace::ProviderSpec& provider : workspace::providers()) {
        for (const yaml::KeySpec& key : provider.settings->keys) {
            declared.push_back(key.name);
            if (key.kind != yaml::ValueKind::Secret) continue;
            INFO(provider.name << " " << key.name);
            const bool known = std::count(credentials.begin(), credentials.end(), key.name) +
                               std::count(identifiers.begin(), identifiers.end(), key.name);
            CHECK(known);
        }
    }
    for (std::string_view name : credentials) {
        INFO(name);
        CHECK(std::count(declared.begin(), declared.end(), name) > 0);
    }
}

TEST_CASE("redacted() hides credentials in HTTP requests", "[delivery][redact]") {
    ChannelConfig channel = channel_of("sendgrid", {{"api_key", "SG.abc+/="}});
    HttpRequest request;
    request.url = "https://user:pa55@api.example/v3/x?key=SG.abc%2B%2F%3D";
    request.headers = {{"authorization", "Basic dXNlcjpwYXNz"},
                       {"X-Postmark-Server-Token", "token-not-in-secrets"},
                       {"X-Custom", "has SG.abc+/= inside"},
                       {"Content-Type", "application/json"}};
    request.body = R"({"text":"SG.abc+/="})";
    request.username = "api";
    request.password = "anything";
    const HttpRequest out = http(redacted(request, channel));
    CHECK(out.url == "https://user:[redacted]@api.example/v3/x?key=[redacted]");
    CHECK(out.headers == std::vector<Header>{{"authorization", "[redacted]"},
                                             {"X-Postmark-Server-Token", "[redacted]"},
                                             {"X-Custom", "has [redacted] inside"},
                                             {"Content-Type", "application/json"}});
    CHECK(out.body == R"({"text":"[redacted]"})");
    CHECK(out.username == "api");
    CHECK(out.password == "[redacted]");
    CHECK(is_credential_header("x-amz-security-token"));
    CHECK_FALSE(is_credential_header("X-Message-Id"));
}

TEST_CASE("redacted() keeps no secret of a built request of each provider", "[delivery][redact]") {
    std::vector<ChannelConfig> channels = {
        channel_of("sendgrid", {{"api_key", "SG.key-1"}}),
        channel_of("mailgun", {{"api_key", "key-2"}, {"domain", "mg.acme.example"}}),
        channel_of("postmark", {{"server_token", "token-3"}}),
        channel_of("ses", {{"access_key_id", "AKIA4"}, {"secret_access_key", "secret/5"}, {"region", "us-east-1"}}),
        channel_of("smtp", {{"host", "smtp.acme.example"}, {"username", "user-6"}, {"password", "pass-7"}}),
        channel_of("twilio", {{"account_sid", "AC0123456789abcdef0123456789abcdef"}, {"auth_token", "token+8"}}),
        channel_of("vonage", {{"api_key", "key-9"}, {"api_secret", "secret&10"}}),
        channel_of("webhook",
                   {{"url", "https://hooks.acme.example/in"}, {"signing_secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}}),
        channel_of("fcm", {{"project_id", "acme"}, {"access_token", "ya29.token-11"}}),
    };
    // A webhook's signing secret never leaves; a header's ${VAR} does.
    channels[7].headers = {{"X-Api-Key", "header-12"}};
    channels[7].secrets.push_back("header-12");
    for (const ChannelConfig& channel : channels) {
        INFO(channel.provider);
        OutgoingMessage message = sample_email();
        if (channel.provider == "twilio" || channel.provider == "vonage") {
            message.kind = MessageKind::Sms;
            message.to = "+15558675310";
            message.from = "+15017122661";
            message.body = "Bonjour Zoë";
        } else if (channel.provider == "fcm" || channel.provider == "webhook") {
            message.kind = channel.provider == "fcm" ? MessageKind::Push : MessageKind::Webhook;
            message.to = "device-token";
            message.title = "Bienvenue";
            message.body = R"({"type":"welcome"})";
        }
        const Request shown = redacted(make_provider(channel)->build(message, {}), channel);
        std::string all;
        std::visit(
            [&](const auto& r) {
                all = r.url + "\n" + r.username + "\n" + r.password + "\n";
                if constexpr (std::is_same_v<std::decay_t<decltype(r)>, HttpRequest>) {
                    for (const Header& h : r.headers) all += h.name + ": " + h.value + "\n";
                    all += r.body;
                } else {
                    all += r.payload;
                }
            },
            shown);
        for (const auto& [name, value] : channel.settings) {
            if (std::count(channel.secrets.begin(), channel.secrets.end(), value)) {
                CHECK_THAT(all, !Catch::Matchers::Contains(value));
            }
        }
        CHECK_THAT(all, Catch::Matchers::Contains("[redacted]"));
    }
}

TEST_CASE("redacted() hides credentials in SMTP requests", "[delivery][redact]") {
    ChannelConfig channel = channel_of("smtp", {{"password", "pw-1"}});
    SmtpRequest request;
    request.url = "smtps://mailer:pw-1@smtp.acme.example:465";
    request.username = "mailer";
    request.password = "pw-1";
    request.mail_from = "hello@acme.example";
    request.recipients = {"zoe@example.com"};
    request.payload = "Subject: your code pw-1\r\n\r\nHi\r\n";
    const SmtpRequest out = smtp(redacted(request, channel));
    CHECK(out.url == "smtps://mailer:[redacted]@smtp.acme.example:465");
    CHECK(out.username == "mailer");
    CHECK(out.password == "[redacted]");
    CHECK(out.mail_from == "hello@acme.example");
    CHECK(out.recipients == std::vector<std::string>{"zoe@example.com"});
    CHECK(out.payload == "Subject: your code [redacted]\r\n\r\nHi\r\n");
    SmtpRequest anonymous = request;
    anonymous.password.clear();
    CHECK(smtp(redacted(anonymous, channel)).password.empty());
}
