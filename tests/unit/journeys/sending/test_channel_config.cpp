#include <catch2/catch.hpp>

#include <algorithm>

#include "core/diag/errors.hpp"
#include "journeys/sending/channel_config.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl;
using core::workspace::MapEnv;

namespace {

core::yaml::Text text(std::string value) {
    core::yaml::Text t;
    t.value = std::move(value);
    return t;
}

core::workspace::Channel sendgrid_channel() {
    core::workspace::Channel channel;
    channel.name = text("email");
    channel.provider = text("sendgrid");
    channel.kind = core::workspace::ChannelKind::Email;
    channel.base_url = text("http://127.0.0.1:${SG_PORT}");
    channel.settings.emplace_back("api_key", text("Bearer-less ${SENDGRID_API_KEY}"));
    channel.headers.push_back({text("X-Trace"), text("fixed")});
    channel.headers.push_back({text("Authorization"), text("Bearer ${PUSH_TOKEN}")});
    return channel;
}

bool has_secret(const core::delivery::ChannelConfig& config, std::string_view value) {
    return std::find(config.secrets.begin(), config.secrets.end(), value) != config.secrets.end();
}

}  // namespace

TEST_CASE("delivery_channel resolves variables and lists the secrets", "[journeys][sending]") {
    const MapEnv env{{"SG_PORT", "4010"}, {"SENDGRID_API_KEY", "SG.k3y"}, {"PUSH_TOKEN", "t0k"}};
    const core::delivery::ChannelConfig config = journeys::delivery_channel(sendgrid_channel(), env, "/workspace");
    CHECK(config.name == "email");
    CHECK(config.provider == "sendgrid");
    CHECK(config.kind == core::delivery::MessageKind::Email);
    CHECK(config.base_url == "http://127.0.0.1:4010");
    CHECK(config.setting("api_key") == "Bearer-less SG.k3y");
    CHECK(has_secret(config, "Bearer-less SG.k3y"));
    REQUIRE(config.headers.size() == 2);
    CHECK(config.headers[1].second == "Bearer t0k");
    CHECK(has_secret(config, "Bearer t0k"));
    // A header without a variable is not a secret; a base URL is not either.
    CHECK_FALSE(has_secret(config, "fixed"));
    CHECK_FALSE(has_secret(config, "http://127.0.0.1:4010"));
}

TEST_CASE("delivery_channel names the missing variable, never a value", "[journeys][sending]") {
    const MapEnv env{{"SG_PORT", "4010"}, {"PUSH_TOKEN", "t0k"}};
    try {
        journeys::delivery_channel(sendgrid_channel(), env, "/workspace");
        FAIL("expected a ConfigError");
    } catch (const core::ConfigError& e) {
        const std::string message = e.what();
        CHECK(message.find("channel 'email' api_key") != std::string::npos);
        CHECK(message.find("SENDGRID_API_KEY") != std::string::npos);
        CHECK(message.find("t0k") == std::string::npos);
    }
}

TEST_CASE("delivery_channel finds ca_file from the workspace root, or says it is no file", "[journeys][sending]") {
    journeyctl::testing::TempWorkspace dir;
    dir.write("certs/ca.pem", "-----BEGIN CERTIFICATE-----\n");
    const MapEnv env{{"SG_PORT", "4010"}, {"SENDGRID_API_KEY", "SG.k3y"}, {"PUSH_TOKEN", "t0k"}, {"CERTS", "certs"}};
    core::workspace::Channel channel = sendgrid_channel();
    channel.ca_file = text("${CERTS}/ca.pem");
    CHECK(journeys::delivery_channel(channel, env, dir.root()).ca_file == (dir.root() / "certs/ca.pem").string());
    CHECK(journeys::delivery_channel(sendgrid_channel(), env, dir.root()).ca_file.empty());
    channel.ca_file = text("certs/missing.pem");
    CHECK_THROWS_WITH(journeys::delivery_channel(channel, env, dir.root()),
                      Catch::Matchers::Contains("channel 'email' ca_file: '") &&
                          Catch::Matchers::Contains("certs/missing.pem' is not a file"));
}
