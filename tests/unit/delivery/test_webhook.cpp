#include <catch2/catch.hpp>

#include "core/delivery/providers/webhook.hpp"
#include "core/delivery/providers/webhook_signature.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;

namespace {

// The Standard Webhooks test vector (standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts, "sign function works"; the
// other reference libraries test the same one).
const std::string k_vector_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const std::string k_vector_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t k_vector_timestamp = 1614265330;
const std::string k_vector_payload = R"({"test": 2432232314})";
const std::string k_vector_signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

const std::string k_push_token = "push-bearer-token-secret";

ChannelConfig webhook_channel() {
    ChannelConfig channel;
    channel.name = "crm";
    channel.provider = "webhook";
    channel.kind = MessageKind::Webhook;
    channel.settings = {{"url", "https://hooks.example.com/v1/events?source=journeyctl"},
                        {"signing_secret", k_vector_secret}};
    channel.headers = {{"Authorization", "Bearer " + k_push_token}, {"X-Team", "growth"}};
    channel.secrets = {k_vector_secret, k_push_token};
    return channel;
}

OutgoingMessage event(std::string key = k_vector_id, std::string body = k_vector_payload) {
    OutgoingMessage message;
    message.idempotency_key = std::move(key);
    message.kind = MessageKind::Webhook;
    message.to = "p1";
    message.body = std::move(body);
    return message;
}

}  // namespace

TEST_CASE("webhook signatures match the Standard Webhooks test vector", "[delivery][webhook]") {
    std::string problem;
    const auto key = providers::webhook_signing_key(k_vector_secret, problem);
    REQUIRE(key);
    CHECK(key->size() == 24);
    CHECK(providers::webhook_signature(*key, k_vector_id, k_vector_timestamp, k_vector_payload) == k_vector_signature);
    // The reference libraries take the secret without its prefix as well.
    const auto bare = providers::webhook_signing_key(k_vector_secret.substr(6), problem);
    REQUIRE(bare);
    CHECK(*bare == *key);
    // Any change to id, timestamp or body changes the signature.
    CHECK(providers::webhook_signature(*key, k_vector_id, k_vector_timestamp + 1, k_vector_payload) != k_vector_signature);
    CHECK(providers::webhook_signature(*key, k_vector_id, k_vector_timestamp, k_vector_payload + " ") !=
          k_vector_signature);
}

TEST_CASE("webhook sends the signed vector exactly", "[delivery][webhook]") {
    const auto provider = make_webhook(webhook_channel());
    CHECK(provider->name() == "webhook");
    const HttpRequest request = http(provider->build(event(), {1, k_vector_timestamp}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://hooks.example.com/v1/events?source=journeyctl");
    CHECK(request.body == k_vector_payload);
    const std::vector<Header> expected = {
        {"Content-Type", "application/json"},
        {"Authorization", "Bearer " + k_push_token},
        {"X-Team", "growth"},
        {"webhook-id", k_vector_id},
        {"webhook-timestamp", "1614265330"},
        {"webhook-signature", k_vector_signature},
        {"Idempotency-Key", k_vector_id},
    };
    CHECK(request.headers == expected);
    CHECK(request.username.empty());
}

TEST_CASE("webhook keeps its id across attempts and re-signs each", "[delivery][webhook]") {
    const auto provider = make_webhook(webhook_channel());
    const OutgoingMessage message = event("welcome@2026-12-04/alice.smith@example.com", R"({"type":"welcome"})");
    const HttpRequest first = http(provider->build(message, {1, 1764806400}));
    const HttpRequest second = http(provider->build(message, {2, 1764806460}));
    CHECK(header(first, "webhook-id") == "welcome@2026-12-04/alice%2Esmith@example%2Ecom");
    CHECK(header(second, "webhook-id") == header(first, "webhook-id"));
    CHECK(header(second, "Idempotency-Key") == header(first, "webhook-id"));
    CHECK(header(first, "webhook-timestamp") == "1764806400");
    CHECK(header(second, "webhook-timestamp") == "1764806460");
    CHECK(header(first, "webhook-signature") != header(second, "webhook-signature"));
    std::string problem;
    const auto key = providers::webhook_signing_key(k_vector_secret, problem);
    CHECK(header(second, "webhook-signature") ==
          providers::webhook_signature(*key, header(second, "webhook-id"), 1764806460, R"({"type":"welcome"})"));
}

TEST_CASE("webhook_id makes any idempotency key header-safe and dot-free", "[delivery][webhook]") {
    CHECK(webhook_id("batch-1/p_42") == "batch-1/p_42");
    CHECK(webhook_id("a.b") == "a%2Eb");
    CHECK(webhook_id("50%") == "50%25");
    CHECK(webhook_id("evil\r\nX-Injected: 1") == "evil%0D%0AX-Injected:%201");
    CHECK(webhook_id("Zoë") == "Zo%C3%AB");
    CHECK(webhook_id("") == "");
}

TEST_CASE("webhook without a signing secret sends no signature", "[delivery][webhook]") {
    ChannelConfig channel = webhook_channel();
    channel.settings.erase("signing_secret");
    channel.settings["method"] = "PUT";
    const HttpRequest request = http(make_webhook(channel)->build(event(), {1, 100}));
    CHECK(request.method == "PUT");
    for (const Header& h : request.headers) CHECK(h.name != "webhook-signature");
    CHECK(header(request, "webhook-id") == k_vector_id);
    CHECK(header(request, "Idempotency-Key") == k_vector_id);
}

TEST_CASE("webhook lets the channel's Content-Type replace JSON's", "[delivery][webhook]") {
    ChannelConfig channel = webhook_channel();
    channel.headers.push_back({"content-type", "application/cloudevents+json"});
    const HttpRequest request = http(make_webhook(channel)->build(event(), {1, 100}));
    CHECK(header(request, "Content-Type") == "application/cloudevents+json");
}

TEST_CASE("webhook's base_url replaces the url's origin", "[delivery][webhook]") {
    ChannelConfig channel = webhook_channel();
    channel.base_url = "http://127.0.0.1:9090/";
    CHECK(http(make_webhook(channel)->build(event(), {})).url == "http://127.0.0.1:9090/v1/events?source=journeyctl");
    channel.settings["url"] = "https://hooks.example.com";
    CHECK(http(make_webhook(channel)->build(event(), {})).url == "http://127.0.0.1:9090");
}

TEST_CASE("webhook refuses bad settings and headers without quoting secrets", "[delivery][webhook]") {
    ChannelConfig channel = webhook_channel();
    channel.settings.erase("url");
    CHECK_THAT(config_error(channel), Catch::Contains("channel 'crm'") && Catch::Contains("'url'"));

    channel = webhook_channel();
    channel.settings["url"] = "ftp://hooks.example.com/";
    CHECK_THAT(config_error(channel), Catch::Contains("'url'"));

    channel = webhook_channel();
    channel.settings["method"] = "GET";
    CHECK_THAT(config_error(channel), Catch::Contains("'method'"));

    for (const std::string secret : {"whsec_not base64!", "whsec_====", "whsec_c2hvcnQ=" /* "short" */}) {
        channel = webhook_channel();
        channel.settings["signing_secret"] = secret;
        const std::string error = config_error(channel);
        CHECK_THAT(error, Catch::Contains("'signing_secret'"));
        CHECK(error.find(secret) == std::string::npos);
    }

    for (const char* own : {"webhook-id", "Webhook-Signature", "IDEMPOTENCY-KEY", "webhook-timestamp"}) {
        channel = webhook_channel();
        channel.headers.push_back({own, "x"});
        CHECK_THAT(config_error(channel), Catch::Contains(own));
    }

    channel = webhook_channel();
    channel.headers.push_back({"X-Token", k_push_token + "\r\nX-Evil: 1"});
    const std::string error = config_error(channel);
    CHECK_THAT(error, Catch::Contains("'X-Token'") && Catch::Contains("line break"));
    CHECK(error.find(k_push_token) == std::string::npos);
}

TEST_CASE("webhook classifies every answer of providers.md", "[delivery][webhook]") {
    struct Row {
        long status;
        Disposition disposition;
    };
    const std::vector<Row> rows = {
        {200, Disposition::Sent},      {201, Disposition::Sent},      {202, Disposition::Sent},
        {204, Disposition::Sent},      {429, Disposition::Retry},     {503, Disposition::Retry},
        {408, Disposition::Retry},     {425, Disposition::Retry},     {500, Disposition::Retry},
        {502, Disposition::Retry},     {504, Disposition::Retry},     {301, Disposition::Permanent},
        {307, Disposition::Permanent}, {400, Disposition::Permanent}, {401, Disposition::Permanent},
        {403, Disposition::Permanent}, {404, Disposition::Permanent}, {410, Disposition::Permanent},
        {422, Disposition::Permanent}, {0, Disposition::Retry},
    };
    const auto provider = make_webhook(webhook_channel());
    for (const Row& row : rows) {
        INFO(row.status);
        const Classification c = provider->classify(answer(row.status, "{\"ok\": false}", {}, 12));
        CHECK(c.disposition == row.disposition);
        CHECK(c.provider_status == std::to_string(row.status));
        CHECK_FALSE(c.recipient_problem);
        CHECK(c.provider_message_id.empty());
        CHECK(c.retry_after_seconds == (row.disposition == Disposition::Retry ? std::optional<int64_t>(12) : std::nullopt));
        CHECK(c.error.empty() == (row.disposition == Disposition::Sent));
    }
}

TEST_CASE("webhook explains redirects, 410 and HTML answers", "[delivery][webhook]") {
    const auto provider = make_webhook(webhook_channel());
    Response moved = answer(301, "");
    moved.headers = {{"location", "https://hooks.example.com/v2/events"}};
    CHECK(provider->classify(moved).error ==
          "redirect not followed to https://hooks.example.com/v2/events; set the channel's url to the new address");
    CHECK_THAT(provider->classify(answer(410, "")).error, Catch::Contains("410 Gone"));
    const Classification html =
        provider->classify(answer(500, "<html><body><h1>Internal Server Error</h1> token " + k_push_token + "</body></html>"));
    CHECK(html.disposition == Disposition::Retry);
    CHECK(html.error == "Internal Server Error token [redacted]");
    CHECK(provider->classify(answer(500, "")).error.empty());
}
