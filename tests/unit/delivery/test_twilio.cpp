#include <catch2/catch.hpp>

#include "core/delivery/providers/twilio.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;

namespace {

const std::string k_sid = "AC0123456789abcdef0123456789ABCDEF";
const std::string k_token = "twilio-auth-token-secret";

ChannelConfig twilio_channel() {
    ChannelConfig channel;
    channel.name = "sms";
    channel.provider = "twilio";
    channel.kind = MessageKind::Sms;
    channel.settings = {{"account_sid", k_sid}, {"auth_token", k_token}};
    channel.secrets = {k_sid, k_token};
    return channel;
}

OutgoingMessage sms(std::string from = "+15017122661") {
    OutgoingMessage message;
    message.idempotency_key = "welcome@2026-12-04/p1";
    message.kind = MessageKind::Sms;
    message.to = "+15558675310";
    message.from = std::move(from);
    message.body = "Hello Alice & co: 50% off";
    return message;
}

}  // namespace

TEST_CASE("twilio builds a Messages create with Basic auth and a form body", "[delivery][twilio]") {
    const auto provider = make_twilio(twilio_channel());
    CHECK(provider->name() == "twilio");
    const HttpRequest& request = http(provider->build(sms(), {}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://api.twilio.com/2010-04-01/Accounts/" + k_sid + "/Messages.json");
    CHECK(header(request, "Content-Type") == "application/x-www-form-urlencoded");
    CHECK(request.username == k_sid);
    CHECK(request.password == k_token);
    // The E.164 '+' must be %2B: a bare '+' would reach Twilio as a space.
    CHECK(request.body.find("To=%2B15558675310") != std::string::npos);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"To", "+15558675310"}, {"From", "+15017122661"}, {"Body", "Hello Alice & co: 50% off"}};
    CHECK(form_fields(request.body) == expected);
}

TEST_CASE("twilio sends a Messaging Service SID as MessagingServiceSid", "[delivery][twilio]") {
    const auto provider = make_twilio(twilio_channel());
    const auto fields = form_fields(http(provider->build(sms("MG9752274e9e519418a7406176694466fa"), {})).body);
    REQUIRE(fields.size() == 3);
    CHECK(fields[1] == std::pair<std::string, std::string>{"MessagingServiceSid", "MG9752274e9e519418a7406176694466fa"});
}

TEST_CASE("twilio's base_url replaces the API origin", "[delivery][twilio]") {
    ChannelConfig channel = twilio_channel();
    channel.base_url = "http://127.0.0.1:4012/";
    const auto provider = make_twilio(channel);
    CHECK(http(provider->build(sms(), {})).url == "http://127.0.0.1:4012/2010-04-01/Accounts/" + k_sid + "/Messages.json");
}

TEST_CASE("twilio refuses a missing or malformed setting without quoting it", "[delivery][twilio]") {
    ChannelConfig no_sid = twilio_channel();
    no_sid.settings.erase("account_sid");
    std::string error = config_error(no_sid);
    CHECK_THAT(error, Catch::Contains("channel 'sms'") && Catch::Contains("account_sid"));

    ChannelConfig no_token = twilio_channel();
    no_token.settings["auth_token"] = "";
    error = config_error(no_token);
    CHECK_THAT(error, Catch::Contains("auth_token"));

    for (const std::string bad : {"AC123", "SK0123456789abcdef0123456789abcdef", "AC0123456789abcdef0123456789abcdeg"}) {
        ChannelConfig channel = twilio_channel();
        channel.settings["account_sid"] = bad;
        error = config_error(channel);
        CHECK_THAT(error, Catch::Contains("channel 'sms'") && Catch::Contains("account_sid"));
        CHECK(error.find(bad) == std::string::npos);
    }
}

TEST_CASE("twilio classifies every answer of providers.md", "[delivery][twilio]") {
    struct Row {
        long status;
        std::string body;
        std::optional<int64_t> retry_after;
        Disposition disposition;
        bool recipient_problem;
        std::string provider_status;
    };
    auto error_json = [](int code, const char* message, int status) {
        return "{\"code\": " + std::to_string(code) + ", \"message\": \"" + message +
               "\", \"more_info\": \"https://www.twilio.com/docs/errors/" + std::to_string(code) +
               "\", \"status\": " + std::to_string(status) + "}";
    };
    const std::vector<Row> rows = {
        {429, error_json(20429, "Too Many Requests", 429), 7, Disposition::Retry, false, "429 code 20429"},
        {429, "", std::nullopt, Disposition::Retry, false, "429"},
        {503, "<html><body>Service Unavailable</body></html>", 30, Disposition::Retry, false, "503"},
        {408, "", 5, Disposition::Retry, false, "408"},
        {500, error_json(20500, "Internal Server Error", 500), 9, Disposition::Ambiguous, false, "500 code 20500"},
        {502, "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", std::nullopt, Disposition::Ambiguous,
         false, "502"},
        {504, "", std::nullopt, Disposition::Ambiguous, false, "504"},
        {400, error_json(21211, "Invalid 'To' Phone Number", 400), std::nullopt, Disposition::Permanent, true, "400 code 21211"},
        {400, error_json(21614, "'To' number is not a valid mobile number", 400), std::nullopt, Disposition::Permanent,
         true, "400 code 21614"},
        {400, error_json(21610, "Attempt to send to unsubscribed recipient", 400), std::nullopt, Disposition::Permanent,
         true, "400 code 21610"},
        {400, error_json(21612, "The 'To' phone number is not currently reachable via SMS", 400), std::nullopt,
         Disposition::Permanent, true, "400 code 21612"},
        {400, error_json(21408, "Permission to send an SMS has not been enabled for the region", 400), std::nullopt,
         Disposition::Permanent, false, "400 code 21408"},
        {400, error_json(21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number", 400),
         std::nullopt, Disposition::Permanent, false, "400 code 21606"},
        {400, error_json(21602, "Message body is required", 400), std::nullopt, Disposition::Permanent, false,
         "400 code 21602"},
        {401, error_json(20003, "Authenticate", 401), std::nullopt, Disposition::Permanent, false, "401 code 20003"},
        {404, error_json(20404, "The requested resource was not found", 404), std::nullopt, Disposition::Permanent, false,
         "404 code 20404"},
        {400, "{\"code\": 212", std::nullopt, Disposition::Permanent, false, "400"},
        {301, "", 4, Disposition::Permanent, false, "301"},
    };
    const auto provider = make_twilio(twilio_channel());
    for (const Row& row : rows) {
        INFO(row.status << " " << row.body);
        const Classification c = provider->classify(answer(row.status, row.body, {}, row.retry_after));
        CHECK(c.disposition == row.disposition);
        CHECK(c.recipient_problem == row.recipient_problem);
        CHECK(c.provider_status == row.provider_status);
        CHECK(c.provider_message_id.empty());
        // Kept for a later attempt (also under --resend-unknown); no use
        // when the same request fails for good.
        CHECK(c.retry_after_seconds == (row.disposition == Disposition::Permanent ? std::nullopt : row.retry_after));
    }
}

TEST_CASE("twilio takes 201 as sent, with the message's sid", "[delivery][twilio]") {
    const auto provider = make_twilio(twilio_channel());
    const Classification c = provider->classify(answer(
        201, R"({"sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "queued", "to": "+15558675310"})"));
    CHECK(c.disposition == Disposition::Sent);
    CHECK(c.provider_message_id == "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    CHECK(c.provider_status == "201");
    CHECK(c.error.empty());
}

TEST_CASE("twilio's error text is Twilio's message, without secrets or HTML", "[delivery][twilio]") {
    const auto provider = make_twilio(twilio_channel());
    CHECK(provider->classify(answer(400, R"({"code": 21211, "message": "Invalid 'To' Phone Number"})")).error ==
          "Invalid 'To' Phone Number");
    const Classification echoed =
        provider->classify(answer(401, R"({"code": 20003, "message": "Authenticate )" + k_token + R"("})"));
    CHECK(echoed.error.find(k_token) == std::string::npos);
    CHECK(echoed.error == "Authenticate [redacted]");
    const Classification html = provider->classify(
        answer(502, "<html><head><style>body{color:red}</style></head><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>"));
    CHECK(html.error == "502 Bad Gateway nginx");
}
