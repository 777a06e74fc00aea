// A rendered message's List-Unsubscribe headers reach every email
// provider's request, each in the provider's own way, exactly once: the
// path from outgoing_message (journeys/sending) through the providers'
// build (core/delivery). Each provider's own tests check the rest of its
// request.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/delivery/encoding.hpp"
#include "journeys/messages/list_unsubscribe.hpp"
#include "journeys/sending/outgoing.hpp"
#include "tests/unit/delivery/provider_test_support.hpp"

namespace journeyctl::journeys {
namespace {

using delivery_test::channel_of;
using delivery_test::form_fields;
using delivery_test::http;
using delivery_test::smtp;
using nlohmann::json;

constexpr std::string_view k_targets = "<https://acme.example/u/c1>, <mailto:unsubscribe@acme.example?subject=c1>";
constexpr std::string_view k_one_click = "List-Unsubscribe=One-Click";

core::delivery::OutgoingMessage outgoing(const core::delivery::ChannelConfig& channel) {
    Message message;
    message.channel = "email";
    message.to = "zoe@example.com";
    message.from = "Acme <hello@acme.example>";
    message.subject = "Hi";
    message.text = "Hello";
    message.headers = list_unsubscribe_headers("https://acme.example/u/c1", "unsubscribe@acme.example?subject=c1");
    const core::workspace::MapEnv env{};
    return outgoing_message(message, channel,
                            {.idempotency_key = "b1/c1", .profile_key = "c1", .batch = "b1", .template_name = "hello",
                             .now = {1'793'520'000, 0}, .env = &env});
}

std::size_t count(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The raw message's unfolded header value of that name, once.
void check_raw_message(const std::string& raw) {
    CHECK(count(raw, "List-Unsubscribe:") == 1);
    CHECK(count(raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") == 1);
    std::string unfolded = raw.substr(0, raw.find("\r\n\r\n"));
    for (std::size_t at = unfolded.find("\r\n "); at != std::string::npos; at = unfolded.find("\r\n ")) {
        unfolded.erase(at, 2);
    }
    CHECK(unfolded.find("\r\nList-Unsubscribe: " + std::string(k_targets) + "\r\n") != std::string::npos);
}

TEST_CASE("List-Unsubscribe reaches every email provider's request", "[journeys][sending][unsubscribe]") {
    SECTION("sendgrid: the headers object of the v3 body") {
        const auto channel = channel_of("sendgrid", {{"api_key", "SG.k"}});
        const json body = json::parse(http(make_provider(channel)->build(outgoing(channel), {})).body);
        CHECK(body["headers"] == json{{"List-Unsubscribe", k_targets}, {"List-Unsubscribe-Post", k_one_click}});
    }
    SECTION("mailgun: h: form fields") {
        const auto channel = channel_of("mailgun", {{"api_key", "key-1"}, {"domain", "mg.acme.example"}});
        const auto fields = form_fields(http(make_provider(channel)->build(outgoing(channel), {})).body);
        std::vector<std::pair<std::string, std::string>> headers;
        for (const auto& field : fields) {
            if (field.first.starts_with("h:")) headers.push_back(field);
        }
        CHECK(headers == std::vector<std::pair<std::string, std::string>>{
                             {"h:List-Unsubscribe", std::string(k_targets)},
                             {"h:List-Unsubscribe-Post", std::string(k_one_click)}});
    }
    SECTION("postmark: the Headers array") {
        const auto channel = channel_of("postmark", {{"server_token", "pm-1"}});
        const json body = json::parse(http(make_provider(channel)->build(outgoing(channel), {})).body);
        CHECK(body["Headers"] == json::array({{{"Name", "List-Unsubscribe"}, {"Value", k_targets}},
                                              {{"Name", "List-Unsubscribe-Post"}, {"Value", k_one_click}}}));
    }
    SECTION("ses: in the raw message") {
        const auto channel = channel_of("ses", {{"access_key_id", "AKID"}, {"secret_access_key", "s"},
                                                {"region", "eu-west-1"}});
        const json body = json::parse(http(make_provider(channel)->build(outgoing(channel), {})).body);
        std::string raw;
        REQUIRE(core::delivery::base64_decode(body["Content"]["Raw"]["Data"].get<std::string>(), raw));
        check_raw_message(raw);
    }
    SECTION("smtp: in the message uploaded") {
        const auto channel = channel_of("smtp", {{"host", "127.0.0.1"}, {"port", "2525"}, {"tls", "none"}});
        check_raw_message(smtp(make_provider(channel)->build(outgoing(channel), {})).payload);
    }
}

}  // namespace
}  // namespace journeyctl::journeys
