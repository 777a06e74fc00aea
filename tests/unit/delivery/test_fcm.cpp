#include <catch2/catch.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/fcm.hpp"
#include "core/delivery/providers/service_account.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;
using nlohmann::json;

namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

const std::string k_static_token = "ya29.static-access-token";
constexpr int64_t k_now = 1764806400;  // 2025-12-04T00:00:00Z

std::string pem_private_key(EVP_PKEY* key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    REQUIRE(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
}

// One RSA key pair for the whole run, made here: no key is committed.
EVP_PKEY* test_rsa_key() {
    static KeyPtr key(EVP_RSA_gen(2048), EVP_PKEY_free);
    REQUIRE(key);
    return key.get();
}

std::string service_account_json(const std::string& pem, const std::string& token_uri = "https://oauth2.googleapis.com/token") {
    return json{{"type", "service_account"},
                {"project_id", "demo-project"},
                {"private_key_id", "key-id-1"},
                {"private_key", pem},
                {"client_email", "sender@demo-project.iam.gserviceaccount.com"},
                {"client_id", "1234567890"},
                {"token_uri", token_uri}}
        .dump(2);
}

ChannelConfig fcm_channel(const std::string& access_token, const std::string& service_account = "") {
    ChannelConfig channel;
    channel.name = "push";
    channel.provider = "fcm";
    channel.kind = MessageKind::Push;
    channel.settings = {{"project_id", "demo-project"}};
    if (!access_token.empty()) channel.settings["access_token"] = access_token;
    if (!service_account.empty()) channel.settings["service_account"] = service_account;
    for (const std::string& secret : {access_token, service_account})
        if (!secret.empty()) channel.secrets.push_back(secret);
    return channel;
}

ChannelConfig service_account_channel() { return fcm_channel("", service_account_json(pem_private_key(test_rsa_key()))); }

OutgoingMessage push() {
    OutgoingMessage message;
    message.idempotency_key = "welcome@2026-12-04/p1";
    message.kind = MessageKind::Push;
    message.to = "fcm-device-token-1";
    message.title = "Welcome";
    message.body = "Hello Alice";
    message.data = {{"deep_link", "app://offers/42"}, {"campaign", "welcome"}};
    return message;
}

std::string base64url_decode(std::string text) {
    for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
    std::string bytes;
    REQUIRE(base64_decode(text, bytes));
    return bytes;
}

std::vector<std::string> split_jwt(const std::string& jwt) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t dot = jwt.find('.'); dot != std::string::npos; dot = jwt.find('.', start)) {
        parts.push_back(jwt.substr(start, dot - start));
        start = dot + 1;
    }
    parts.push_back(jwt.substr(start));
    return parts;
}

// RS256 verification with the public half of `key`, through OpenSSL's
// verify path (not the signing code under test).
bool rs256_verifies(EVP_PKEY* key, const std::string& signing_input, const std::string& signature) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    REQUIRE(EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1);
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
}

// A key holding only the public half, so that verification cannot use the
// private key by mistake.
KeyPtr public_half(EVP_PKEY* key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    REQUIRE(PEM_write_bio_PUBKEY(bio.get(), key) == 1);
    KeyPtr public_key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    REQUIRE(public_key);
    return public_key;
}

std::string assertion_of(const HttpRequest& token_request) {
    for (const auto& [name, value] : form_fields(token_request.body)) {
        if (name == "assertion") return value;
    }
    FAIL("no assertion in the token request");
    return {};
}

Response token_answer(const std::string& token, int64_t expires_in = 3599) {
    return answer(200, json{{"access_token", token}, {"expires_in", expires_in}, {"token_type", "Bearer"}}.dump());
}

Response unauthenticated() {
    return answer(401, R"({"error": {"code": 401, "message": "Request had invalid authentication credentials.",
                           "status": "UNAUTHENTICATED"}})");
}

}  // namespace

TEST_CASE("fcm builds a messages:send with the bearer token and the message JSON", "[delivery][fcm]") {
    const auto provider = make_fcm(fcm_channel(k_static_token));
    CHECK(provider->name() == "fcm");
    CHECK_FALSE(provider->token_request(k_now));
    const HttpRequest request = http(provider->build(push(), {}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://fcm.googleapis.com/v1/projects/demo-project/messages:send");
    CHECK(header(request, "Authorization") == "Bearer " + k_static_token);
    CHECK(header(request, "Content-Type") == "application/json; charset=utf-8");
    const json expected = {{"message",
                            {{"token", "fcm-device-token-1"},
                             {"notification", {{"title", "Welcome"}, {"body", "Hello Alice"}}},
                             {"data", {{"deep_link", "app://offers/42"}, {"campaign", "welcome"}}}}}};
    CHECK(json::parse(request.body) == expected);
    // Data in template order.
    CHECK(request.body.find("deep_link") < request.body.find("campaign"));
}

TEST_CASE("fcm leaves out the parts a message lacks", "[delivery][fcm]") {
    const auto provider = make_fcm(fcm_channel(k_static_token));
    OutgoingMessage message = push();
    message.title.reset();
    message.data.clear();
    CHECK(json::parse(http(provider->build(message, {})).body) ==
          json{{"message", {{"token", "fcm-device-token-1"}, {"notification", {{"body", "Hello Alice"}}}}}});
    message.body.reset();
    message.data = {{"sync", "1"}};
    CHECK(json::parse(http(provider->build(message, {})).body) ==
          json{{"message", {{"token", "fcm-device-token-1"}, {"data", {{"sync", "1"}}}}}});
}

TEST_CASE("fcm's base_url replaces the API origin and the token endpoint", "[delivery][fcm]") {
    ChannelConfig channel = fcm_channel(k_static_token);
    channel.base_url = "http://127.0.0.1:4020";
    CHECK(http(make_fcm(channel)->build(push(), {})).url ==
          "http://127.0.0.1:4020/v1/projects/demo-project/messages:send");
    channel = service_account_channel();
    channel.base_url = "http://127.0.0.1:4020/";
    const auto provider = make_fcm(channel);
    const auto token_request = provider->token_request(k_now);
    REQUIRE(token_request);
    CHECK(http(*token_request).url == "http://127.0.0.1:4020/token");
}

TEST_CASE("fcm refuses a channel it cannot authorise, without quoting secrets", "[delivery][fcm]") {
    const std::string key_file = service_account_json(pem_private_key(test_rsa_key()));
    std::string error = config_error(fcm_channel(k_static_token, key_file));
    CHECK_THAT(error, Catch::Contains("channel 'push'") && Catch::Contains("exactly one") &&
                          Catch::Contains("access_token") && Catch::Contains("service_account"));
    CHECK(error.find(k_static_token) == std::string::npos);
    CHECK_THAT(config_error(fcm_channel("", "")), Catch::Contains("exactly one"));

    ChannelConfig channel = fcm_channel(k_static_token);
    channel.settings.erase("project_id");
    CHECK_THAT(config_error(channel), Catch::Contains("'project_id'"));
    channel.settings["project_id"] = "demo/../other";
    CHECK_THAT(config_error(channel), Catch::Contains("'project_id'"));

    KeyPtr ec_key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    REQUIRE(ec_key);
    json without_email = json::parse(key_file);
    without_email.erase("client_email");
    json http_token_uri = json::parse(key_file);
    http_token_uri["token_uri"] = "http://oauth2.example/token";
    const std::string bad_key_files[] = {
        "not json",
        "[]",
        without_email.dump(),
        http_token_uri.dump(),
        service_account_json("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        service_account_json(pem_private_key(ec_key.get())),
    };
    for (const std::string& bad : bad_key_files) {
        INFO(bad.substr(0, 40));
        error = config_error(fcm_channel("", bad));
        CHECK_THAT(error, Catch::Contains("channel 'push'") && Catch::Contains("'service_account'"));
        CHECK(error.find("PRIVATE KEY") == std::string::npos);
        CHECK(error.find(bad) == std::string::npos);
    }
}

TEST_CASE("fcm signs an RS256 assertion that verifies with the public key", "[delivery][fcm]") {
    const auto provider = make_fcm(service_account_channel());
    const auto token_request = provider->token_request(k_now);
    REQUIRE(token_request);
    const HttpRequest request = http(*token_request);
    CHECK(request.method == "POST");
    CHECK(request.url == "https://oauth2.googleapis.com/token");
    CHECK(header(request, "Content-Type") == "application/x-www-form-urlencoded");
    CHECK(request.body.rfind("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=", 0) == 0);

    const std::string jwt = assertion_of(request);
    const std::vector<std::string> parts = split_jwt(jwt);
    REQUIRE(parts.size() == 3);
    for (const std::string& part : parts) CHECK(part.find('=') == std::string::npos);  // base64url, unpadded
    CHECK(json::parse(base64url_decode(parts[0])) == json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", "key-id-1"}});
    CHECK(json::parse(base64url_decode(parts[1])) ==
          json{{"iss", "sender@demo-project.iam.gserviceaccount.com"},
               {"scope", "https://www.googleapis.com/auth/firebase.messaging"},
               {"aud", "https://oauth2.googleapis.com/token"},
               {"iat", k_now},
               {"exp", k_now + 3600}});

    const KeyPtr public_key = public_half(test_rsa_key());
    const std::string signature = base64url_decode(parts[2]);
    CHECK(signature.size() == 256);  // RSA-2048
    CHECK(rs256_verifies(public_key.get(), parts[0] + "." + parts[1], signature));
    // The check can fail: other claims, or another key, do not verify.
    const std::string other_claims = base64url_encode(R"({"iss":"attacker@example.com"})");
    CHECK_FALSE(rs256_verifies(public_key.get(), parts[0] + "." + other_claims, signature));
    KeyPtr other_key(EVP_RSA_gen(2048), EVP_PKEY_free);
    CHECK_FALSE(rs256_verifies(other_key.get(), parts[0] + "." + parts[1], signature));
}

TEST_CASE("fcm caches the access token until a few minutes before it expires", "[delivery][fcm]") {
    const auto provider = make_fcm(service_account_channel());
    REQUIRE(provider->token_request(k_now));
    CHECK_THROWS_AS(provider->build(push(), {}), std::logic_error);
    provider->accept_token(token_answer("ya29.first"), k_now);
    CHECK(header(http(provider->build(push(), {})), "Authorization") == "Bearer ya29.first");
    CHECK_FALSE(provider->token_request(k_now + 1));
    CHECK_FALSE(provider->token_request(k_now + 3599 - 301));
    const auto refresh = provider->token_request(k_now + 3599 - 300);
    REQUIRE(refresh);
    // A new assertion, issued now.
    const std::string claims = base64url_decode(split_jwt(assertion_of(http(*refresh)))[1]);
    CHECK(json::parse(claims)["iat"] == k_now + 3299);
    provider->accept_token(token_answer("ya29.second", 60), k_now + 3299);
    CHECK(header(http(provider->build(push(), {})), "Authorization") == "Bearer ya29.second");
    // A short-lived token is kept for half its life.
    CHECK_FALSE(provider->token_request(k_now + 3299 + 29));
    CHECK(provider->token_request(k_now + 3299 + 30));
}

TEST_CASE("fcm throws DeliveryConfigError when the token is refused", "[delivery][fcm]") {
    const auto provider = make_fcm(service_account_channel());
    REQUIRE(provider->token_request(k_now));
    const Response refusals[] = {
        answer(400, R"({"error": "invalid_grant", "error_description": "Invalid JWT Signature."})"),
        answer(401, R"({"error": "invalid_client", "error_description": "The OAuth client was not found."})"),
        answer(200, R"({"token_type": "Bearer"})"),
        answer(200, R"({"access_token": "ya29.x", "expires_in": 0})"),
        answer(503, "<html><body>Service Unavailable</body></html>"),
    };
    for (const Response& refusal : refusals) {
        INFO(refusal.body);
        try {
            provider->accept_token(refusal, k_now);
            FAIL("the refusal was accepted");
        } catch (const DeliveryConfigError& e) {
            const std::string error = e.what();
            CHECK_THAT(error, Catch::Contains("channel 'push'") && Catch::Contains("service_account") &&
                                  Catch::Contains(std::to_string(refusal.status)));
            CHECK(error.find("PRIVATE KEY") == std::string::npos);
        }
    }
    CHECK_THAT(std::string([&] {
                   try {
                       provider->accept_token(refusals[0], k_now);
                   } catch (const DeliveryConfigError& e) {
                       return std::string(e.what());
                   }
                   return std::string();
               }()),
               Catch::Contains("invalid_grant: Invalid JWT Signature."));
    // Still no token to send with.
    CHECK(provider->token_request(k_now));
}

TEST_CASE("fcm retries once with a new token after a 401", "[delivery][fcm]") {
    const auto provider = make_fcm(service_account_channel());
    REQUIRE(provider->token_request(k_now));
    provider->accept_token(token_answer("ya29.expired"), k_now);

    Classification c = provider->classify(unauthenticated());
    CHECK(c.disposition == Disposition::Retry);
    CHECK(c.provider_status == "401 UNAUTHENTICATED");
    // The cache was dropped: the engine fetches a new token first.
    REQUIRE(provider->token_request(k_now + 10));
    // A request that left with the old token meanwhile is a Retry as well.
    CHECK(provider->classify(unauthenticated()).disposition == Disposition::Retry);
    provider->accept_token(token_answer("ya29.fresh"), k_now + 10);
    CHECK(header(http(provider->build(push(), {})), "Authorization") == "Bearer ya29.fresh");

    // The new token refused as well: the service account itself is.
    c = provider->classify(unauthenticated());
    CHECK(c.disposition == Disposition::Permanent);
    CHECK_THAT(c.error, Catch::Contains("newly issued access token"));

    // Once a message went through with a token, a later 401 means it expired.
    const auto again = make_fcm(service_account_channel());
    REQUIRE(again->token_request(k_now));
    again->accept_token(token_answer("ya29.a"), k_now);
    CHECK(again->classify(unauthenticated()).disposition == Disposition::Retry);
    REQUIRE(again->token_request(k_now));
    again->accept_token(token_answer("ya29.b"), k_now);
    CHECK(again->classify(answer(200, R"({"name": "projects/demo-project/messages/1"})")).disposition ==
          Disposition::Sent);
    CHECK(again->classify(unauthenticated()).disposition == Disposition::Retry);
}

TEST_CASE("fcm's static access_token cannot be refreshed: a 401 is permanent", "[delivery][fcm]") {
    const auto provider = make_fcm(fcm_channel(k_static_token));
    const Classification c = provider->classify(unauthenticated());
    CHECK(c.disposition == Disposition::Permanent);
    CHECK_THAT(c.error, Catch::Contains("access_token"));
    CHECK_FALSE(provider->token_request(k_now));
}

TEST_CASE("fcm classifies every answer of providers.md", "[delivery][fcm]") {
    struct Row {
        long status;
        std::string body;
        Disposition disposition;
        bool recipient_problem;
        std::string provider_status;
    };
    auto status_json = [](int code, const char* status, const char* message, const char* fcm_code,
                          const char* extra_detail = "") {
        std::string details = fcm_code[0] ? R"({"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": ")" +
                                                std::string(fcm_code) + "\"}"
                                          : "";
        if (extra_detail[0]) details += (details.empty() ? "" : ", ") + std::string(extra_detail);
        return R"({"error": {"code": )" + std::to_string(code) + R"(, "message": ")" + message + R"(", "status": ")" +
               status + R"(", "details": [)" + details + "]}}";
    };
    const std::string google_502 =
        "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 502 (Server Error)!!1</title>"
        "<style>*{margin:0}</style><p><b>502.</b> <ins>That's an error.</ins></html>";
    const std::vector<Row> rows = {
        {404, status_json(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"), Disposition::Permanent,
         true, "404 UNREGISTERED"},
        {400, status_json(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token",
                          "INVALID_ARGUMENT"),
         Disposition::Permanent, true, "400 INVALID_ARGUMENT"},
        {400, status_json(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "INVALID_ARGUMENT",
                          R"({"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "message.token", "description": "Invalid registration token"}]})"),
         Disposition::Permanent, true, "400 INVALID_ARGUMENT"},
        {400, status_json(400, "INVALID_ARGUMENT", "Invalid data payload key: from", "INVALID_ARGUMENT",
                          R"({"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "message.data"}]})"),
         Disposition::Permanent, false, "400 INVALID_ARGUMENT"},
        {403, status_json(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH"), Disposition::Permanent,
         false, "403 SENDER_ID_MISMATCH"},
        {403, status_json(403, "PERMISSION_DENIED", "Permission 'cloudmessaging.messages.create' denied", ""),
         Disposition::Permanent, false, "403 PERMISSION_DENIED"},
        {429, status_json(429, "RESOURCE_EXHAUSTED", "Quota exceeded", "QUOTA_EXCEEDED"), Disposition::Retry, false,
         "429 QUOTA_EXCEEDED"},
        {503, status_json(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"), Disposition::Retry,
         false, "503 UNAVAILABLE"},
        {500, status_json(500, "INTERNAL", "Internal error encountered.", "INTERNAL"), Disposition::Retry, false,
         "500 INTERNAL"},
        {401, status_json(401, "UNAUTHENTICATED", "Auth error from APNS or Web Push Service", "THIRD_PARTY_AUTH_ERROR"),
         Disposition::Permanent, false, "401 THIRD_PARTY_AUTH_ERROR"},
        {502, google_502, Disposition::Retry, false, "502"},
        {500, "", Disposition::Retry, false, "500"},
        {400, "{\"error\": {\"code\": 4", Disposition::Permanent, false, "400"},
        {404, "<html><body>Not Found</body></html>", Disposition::Permanent, false, "404"},
        // The status rule where FCM says nothing of its own.
        {408, "", Disposition::Retry, false, "408"},
        {0, "", Disposition::Ambiguous, false, "0"},
    };
    const auto provider = make_fcm(fcm_channel(k_static_token));
    for (const Row& row : rows) {
        INFO(row.status << " " << row.body);
        const Classification c = provider->classify(answer(row.status, row.body, {}, 20));
        CHECK(c.disposition == row.disposition);
        CHECK(c.recipient_problem == row.recipient_problem);
        CHECK(c.provider_status == row.provider_status);
        CHECK(c.retry_after_seconds ==
              (row.disposition == Disposition::Permanent ? std::nullopt : std::optional<int64_t>(20)));
        CHECK(c.provider_message_id.empty());
    }
    CHECK(provider->classify(answer(502, google_502)).error ==
          "Error 502 (Server Error)!!1 502. That's an error.");
}

TEST_CASE("fcm takes 200 as sent, with the message name", "[delivery][fcm]") {
    const auto provider = make_fcm(fcm_channel(k_static_token));
    const Classification c = provider->classify(answer(200, R"({"name": "projects/demo-project/messages/0:1500415314455276%31bd1c9631bd1c96"})"));
    CHECK(c.disposition == Disposition::Sent);
    CHECK(c.provider_message_id == "projects/demo-project/messages/0:1500415314455276%31bd1c9631bd1c96");
    CHECK(c.provider_status == "200");
}

TEST_CASE("fcm's error text never holds the access token", "[delivery][fcm]") {
    const auto provider = make_fcm(service_account_channel());
    REQUIRE(provider->token_request(k_now));
    provider->accept_token(token_answer("ya29.cached-token"), k_now);
    const Classification c = provider->classify(
        answer(400, R"({"error": {"code": 400, "message": "bad token ya29.cached-token", "status": "INVALID_ARGUMENT"}})"));
    CHECK(c.error == "bad token [redacted]");
    const auto static_provider = make_fcm(fcm_channel(k_static_token));
    CHECK(static_provider->classify(answer(500, "echo " + k_static_token)).error == "echo [redacted]");
}

TEST_CASE("redacted() hides the token request's assertion", "[delivery][fcm][redact]") {
    // The signed JWT is no setting of the channel, yet it gets an access
    // token for an hour: --dry-run and errors must never show it.
    const ChannelConfig channel = service_account_channel();
    const auto provider = make_fcm(channel);
    const auto token_request = provider->token_request(k_now);
    REQUIRE(token_request);
    const std::string jwt = assertion_of(http(*token_request));
    REQUIRE(jwt.size() > 100);
    const HttpRequest shown = http(redacted(*token_request, channel));
    CHECK(shown.body == "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=[redacted]");
    CHECK(shown.body.find(split_jwt(jwt)[2]) == std::string::npos);
    CHECK(shown.url == http(*token_request).url);
    // Only in form bodies: a JSON body's "assertion" member is the message's.
    HttpRequest json_request = http(*token_request);
    json_request.headers = {{"Content-Type", "application/json"}};
    json_request.body = "assertion=visible";
    CHECK(http(redacted(json_request, channel)).body == "assertion=visible");
}
