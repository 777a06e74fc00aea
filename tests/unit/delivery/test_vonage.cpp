#include <catch2/catch.hpp>

#include "core/delivery/providers/gsm7.hpp"
#include "core/delivery/providers/vonage.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;

namespace {

const std::string k_key = "abcd1234";
const std::string k_secret = "vonage-api-secret-42";

ChannelConfig vonage_channel(std::string base_url = "") {
    ChannelConfig channel;
    channel.name = "sms-eu";
    channel.provider = "vonage";
    channel.kind = MessageKind::Sms;
    channel.base_url = std::move(base_url);
    channel.settings = {{"api_key", k_key}, {"api_secret", k_secret}};
    channel.secrets = {k_key, k_secret};
    return channel;
}

OutgoingMessage sms(std::string text, std::string from = "+447700900001") {
    OutgoingMessage message;
    message.idempotency_key = "welcome@2026-12-04/p1";
    message.kind = MessageKind::Sms;
    message.to = "+447700900000";
    message.from = std::move(from);
    message.body = std::move(text);
    return message;
}

std::string part(const std::string& status, const std::string& id = "", const std::string& error = "") {
    std::string json = R"({"to": "447700900000", "status": ")" + status + "\"";
    if (!id.empty()) json += R"(, "message-id": ")" + id + "\"";
    if (!error.empty()) json += R"(, "error-text": ")" + error + "\"";
    return json + "}";
}

std::string envelope(const std::vector<std::string>& parts) {
    std::string json = R"({"message-count": ")" + std::to_string(parts.size()) + R"(", "messages": [)";
    for (size_t i = 0; i < parts.size(); ++i) json += (i ? ", " : "") + parts[i];
    return json + "]}";
}

}  // namespace

TEST_CASE("vonage builds a form with the credentials and digits-only numbers", "[delivery][vonage]") {
    const auto provider = make_vonage(vonage_channel());
    CHECK(provider->name() == "vonage");
    const HttpRequest request = http(provider->build(sms("Hello Alice, 20% off {today}!"), {}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://rest.nexmo.com/sms/json");
    CHECK(header(request, "Content-Type") == "application/x-www-form-urlencoded");
    CHECK(request.username.empty());
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"api_key", k_key}, {"api_secret", k_secret}, {"from", "447700900001"},
        {"to", "447700900000"}, {"text", "Hello Alice, 20% off {today}!"}};
    CHECK(form_fields(request.body) == expected);
}

TEST_CASE("vonage keeps an alphanumeric sender and marks non-GSM text unicode", "[delivery][vonage]") {
    const auto provider = make_vonage(vonage_channel());
    const auto fields = form_fields(http(provider->build(sms("Привет 😀", "AcmeInc"), {})).body);
    REQUIRE(fields.size() == 6);
    CHECK(fields[2] == std::pair<std::string, std::string>{"from", "AcmeInc"});
    CHECK(fields[4] == std::pair<std::string, std::string>{"text", "Привет 😀"});
    CHECK(fields[5] == std::pair<std::string, std::string>{"type", "unicode"});
}

TEST_CASE("vonage's base_url is the spec's server URL, so Prism's root works", "[delivery][vonage]") {
    CHECK(http(make_vonage(vonage_channel("http://127.0.0.1:4014"))->build(sms("Hi"), {})).url ==
          "http://127.0.0.1:4014/json");
    CHECK(http(make_vonage(vonage_channel("https://rest.nexmo.com/sms/"))->build(sms("Hi"), {})).url ==
          "https://rest.nexmo.com/sms/json");
}

TEST_CASE("vonage refuses a missing credential without quoting the other", "[delivery][vonage]") {
    for (const char* missing : {"api_key", "api_secret"}) {
        ChannelConfig channel = vonage_channel();
        channel.settings.erase(missing);
        try {
            make_vonage(channel);
            FAIL("accepted a channel without " << missing);
        } catch (const DeliveryConfigError& e) {
            const std::string error = e.what();
            CHECK_THAT(error, Catch::Contains("channel 'sms-eu'") && Catch::Contains(missing));
            CHECK(error.find(k_secret) == std::string::npos);
            CHECK(error.find(k_key) == std::string::npos);
        }
    }
}

TEST_CASE("fits_gsm7 follows the GSM 03.38 default alphabet and extension", "[delivery][vonage]") {
    CHECK(providers::fits_gsm7(""));
    CHECK(providers::fits_gsm7("Hello, World! @£$¥ èéùìòÇ Øø Åå Δ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ ¤ ¡ ÄÖÑÜ§ ¿ äöñüà\r\n"));
    CHECK(providers::fits_gsm7("{}[]~\\|^€"));  // extension table: two septets each, still GSM
    CHECK_FALSE(providers::fits_gsm7("`"));
    CHECK_FALSE(providers::fits_gsm7("tab\there"));
    CHECK_FALSE(providers::fits_gsm7("ç"));       // lower-case c cedilla: only Ç is in the table
    CHECK_FALSE(providers::fits_gsm7("Привет"));
    CHECK_FALSE(providers::fits_gsm7("😀"));
    CHECK_FALSE(providers::fits_gsm7("\xC3"));          // truncated sequence
    CHECK_FALSE(providers::fits_gsm7("\xC0\xA0"));      // overlong space
    CHECK_FALSE(providers::fits_gsm7("\xED\xA0\x80"));  // a surrogate
}

TEST_CASE("vonage classifies every status of providers.md", "[delivery][vonage]") {
    struct Row {
        std::string status;
        Disposition disposition;
        bool recipient_problem;
    };
    const std::vector<Row> rows = {
        {"1", Disposition::Retry, false},      {"10", Disposition::Retry, false},
        {"5", Disposition::Ambiguous, false},  {"2", Disposition::Permanent, false},
        {"3", Disposition::Permanent, false},  {"4", Disposition::Permanent, false},
        {"6", Disposition::Permanent, true},   {"7", Disposition::Permanent, true},
        {"8", Disposition::Permanent, false},  {"9", Disposition::Permanent, false},
        {"12", Disposition::Permanent, false}, {"14", Disposition::Permanent, false},
        {"15", Disposition::Permanent, false}, {"29", Disposition::Permanent, false},
        {"33", Disposition::Permanent, true},  {"99", Disposition::Permanent, false},
    };
    const auto provider = make_vonage(vonage_channel());
    for (const Row& row : rows) {
        INFO("status " << row.status);
        const Classification c =
            provider->classify(answer(200, envelope({part(row.status, "", "Error " + row.status)}), {}, 3));
        CHECK(c.disposition == row.disposition);
        CHECK(c.recipient_problem == row.recipient_problem);
        CHECK(c.provider_status == "vonage status " + row.status);
        CHECK(c.error == "Error " + row.status);
        CHECK(c.retry_after_seconds == (row.disposition == Disposition::Retry ? std::optional<int64_t>(3) : std::nullopt));
    }
}

TEST_CASE("vonage is sent only when every part's status is 0", "[delivery][vonage]") {
    const auto provider = make_vonage(vonage_channel());
    Classification c = provider->classify(answer(200, envelope({part("0", "0A0000000123ABCD1")})));
    CHECK(c.disposition == Disposition::Sent);
    CHECK(c.provider_message_id == "0A0000000123ABCD1");
    CHECK(c.provider_status == "vonage status 0");

    c = provider->classify(answer(200, envelope({part("0", "0A01"), part("0", "0A02"), part("0", "0A03")})));
    CHECK(c.disposition == Disposition::Sent);
    CHECK(c.provider_message_id == "0A01,0A02,0A03");

    // The status as a JSON number is read too.
    c = provider->classify(answer(200, R"({"messages": [{"status": 0, "message-id": "0A09"}]})"));
    CHECK(c.disposition == Disposition::Sent);

    // A long text whose second part was throttled: the first went out, so a
    // retry would repeat it.
    c = provider->classify(answer(200, envelope({part("0", "0A01"), part("1", "", "Throughput Rate Exceeded")})));
    CHECK(c.disposition == Disposition::Ambiguous);
    CHECK(c.provider_status == "vonage status 1");
    CHECK(c.error == "1 of 2 parts sent; Throughput Rate Exceeded");

    // Every part refused: the first refusal decides.
    c = provider->classify(answer(200, envelope({part("7", "", "Number barred"), part("7", "", "Number barred")})));
    CHECK(c.disposition == Disposition::Permanent);
    CHECK(c.recipient_problem);
}

TEST_CASE("vonage cannot tell from an unreadable 200 whether the SMS went out", "[delivery][vonage]") {
    const auto provider = make_vonage(vonage_channel());
    for (const std::string& body :
         {std::string(""), std::string("<html><body>OK</body></html>"), std::string("{\"message-count\": \"1\", \"mess"),
          std::string(R"({"message-count": "0", "messages": []})"), std::string(R"({"messages": {}})"),
          std::string(R"([])"), envelope({R"({"message-id": "0A01"})"})}) {
        INFO(body);
        const Classification c = provider->classify(answer(200, body));
        CHECK(c.disposition == Disposition::Ambiguous);
        CHECK_FALSE(c.recipient_problem);
    }
}

TEST_CASE("vonage classifies answers other than 200 by their HTTP status", "[delivery][vonage]") {
    struct Row {
        long status;
        Disposition disposition;
    };
    const auto provider = make_vonage(vonage_channel());
    for (const Row& row : {Row{401, Disposition::Permanent}, Row{422, Disposition::Permanent},
                           Row{404, Disposition::Permanent}, Row{429, Disposition::Retry}, Row{503, Disposition::Retry},
                           Row{500, Disposition::Ambiguous}, Row{502, Disposition::Ambiguous},
                           Row{504, Disposition::Ambiguous}, Row{408, Disposition::Retry},
                           // Not Vonage's documented 200: it may have taken the message.
                           Row{202, Disposition::Ambiguous}}) {
        INFO(row.status);
        const Classification c = provider->classify(answer(row.status, "{\"type\": \"https://example/problem\"}"));
        CHECK(c.disposition == row.disposition);
        CHECK(c.provider_status == std::to_string(row.status));
    }
}

TEST_CASE("vonage's error text never holds the api secret", "[delivery][vonage]") {
    const auto provider = make_vonage(vonage_channel());
    const Classification c =
        provider->classify(answer(200, envelope({part("4", "", "Bad Credentials for " + k_secret)})));
    CHECK(c.error == "Bad Credentials for [redacted]");
}
