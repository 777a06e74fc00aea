#include <catch2/catch.hpp>

#include "core/delivery/providers/mailgun.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;

namespace {

ChannelConfig mailgun_channel() {
    return channel_of("mailgun", {{"api_key", "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"}, {"domain", "mg.acme.example"}});
}

}  // namespace

TEST_CASE("Mailgun request: URL, Basic api:KEY, form body", "[delivery][mailgun]") {
    const auto provider = make_mailgun(mailgun_channel());
    CHECK(provider->name() == "mailgun");
    const HttpRequest request = http(provider->build(sample_email(), {}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://api.mailgun.net/v3/mg.acme.example/messages");
    CHECK(header_map(request) ==
          std::map<std::string, std::string>{{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(request.username == "api");
    CHECK(request.password == "key-3ax6xnjp29jd6fds4gc373sgvjxteol0");
    CHECK(request.aws_sigv4.empty());

    // Fields in any order; each once; non-ASCII back as UTF-8.
    auto fields = form_fields(request.body);
    std::sort(fields.begin(), fields.end());
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"from", "Acme Café <hello@acme.example>"},
        {"h:List-Unsubscribe", "<https://acme.example/u/p-001>, <mailto:unsub@acme.example?subject=p-001>"},
        {"h:List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
        {"html", "<p>Bonjour Zoë,</p><p>bienvenue.</p>"},
        {"subject", "Bienvenue, Zoë — 10 % offerts"},
        {"text", "Bonjour Zoë,\nbienvenue.\n"},
        {"to", "Zoë Durand <zoe@example.com>"},
    };
    CHECK(fields == expected);
    // UTF-8 bytes percent-encoded one by one: "ë" is C3 AB.
    CHECK(request.body.find("Zo%C3%AB") != std::string::npos);
    CHECK(request.body.find(' ') == std::string::npos);
}

TEST_CASE("Mailgun request: base_url, EU region, header values on one line", "[delivery][mailgun]") {
    ChannelConfig channel = mailgun_channel();
    channel.base_url = "https://api.eu.mailgun.net";
    OutgoingMessage m = sample_email();
    m.html.reset();
    m.headers = {{"List-Unsubscribe", "<https://acme.example/u>\r\nBcc: eve@example.com"}};
    const HttpRequest request = http(make_mailgun(channel)->build(m, {}));
    CHECK(request.url == "https://api.eu.mailgun.net/v3/mg.acme.example/messages");
    const auto fields = form_fields(request.body);
    const auto unsubscribe = std::find_if(fields.begin(), fields.end(),
                                          [](const auto& f) { return f.first == "h:List-Unsubscribe"; });
    REQUIRE(unsubscribe != fields.end());
    CHECK(unsubscribe->second == "<https://acme.example/u>  Bcc: eve@example.com");
    CHECK(std::none_of(fields.begin(), fields.end(), [](const auto& f) { return f.first == "html"; }));
}

TEST_CASE("Mailgun answers: every row of providers.md", "[delivery][mailgun]") {
    const auto provider = make_mailgun(mailgun_channel());
    const std::vector<AnswerRow> rows = {
        row("200 queued",
            answer(200, R"({"id":"<20261101090000.1.ABCDEF@mg.acme.example>","message":"Queued. Thank you."})"),
            Disposition::Sent, "200")
            .id("<20261101090000.1.ABCDEF@mg.acme.example>"),
        row("200 without JSON", answer(200, "OK"), Disposition::Sent, "200"),
        row("400 bad request", answer(400, R"({"message":"'from' parameter is missing"})"), Disposition::Permanent,
            "400")
            .error("'from' parameter is missing"),
        row("400 invalid recipient",
            answer(400, R"({"message":"'to' parameter is not a valid address. please check documentation"})"),
            Disposition::Permanent, "400")
            .recipient()
            .error("'to' parameter is not a valid address"),
        row("401 plain text", answer(401, "Forbidden"), Disposition::Permanent, "401").error("Forbidden"),
        row("403", answer(403, R"({"message":"Domain mg.acme.example is not allowed to send: Free accounts are for test purposes only."})"),
            Disposition::Permanent, "403")
            .error("not allowed to send"),
        row("404 unknown domain", answer(404, R"({"message":"Domain not found: mg.acme.example"})"),
            Disposition::Permanent, "404")
            .error("Domain not found"),
        row("413", answer(413, R"({"message":"Request Entity Too Large"})"), Disposition::Permanent, "413")
            .error("Too Large"),
        row("429", answer(429, R"({"message":"Too many requests"})", {}, 10), Disposition::Retry, "429")
            .error("Too many requests")
            .wait(10),
        row("429 without Retry-After", answer(429, ""), Disposition::Retry, "429"),
        row("500", answer(500, R"({"message":"Internal error"})"), Disposition::Ambiguous, "500").error("Internal error"),
        row("502 HTML page", answer(502, "<!DOCTYPE html><html><title>Bad gateway</title></html>"),
            Disposition::Ambiguous, "502")
            .error("Bad gateway"),
        row("503 empty", answer(503, ""), Disposition::Retry, "503"),
        row("504", answer(504, "upstream timed out"), Disposition::Ambiguous, "504").error("upstream timed out"),
        row("400 malformed JSON", answer(400, R"({"message": )"), Disposition::Permanent, "400").error(R"({"message":)"),
        row("400 JSON without a message", answer(400, R"({"error":"x"})"), Disposition::Permanent, "400")
            .error(R"({"error":"x"})"),
        row("no answer", answer(0, ""), Disposition::Ambiguous, "0"),
    };
    check_answers(*provider, rows);
}

TEST_CASE("Mailgun error text never holds the API key", "[delivery][mailgun]") {
    const auto provider = make_mailgun(mailgun_channel());
    const Classification c =
        provider->classify(answer(401, R"({"message":"Invalid private key: key-3ax6xnjp29jd6fds4gc373sgvjxteol0"})"));
    CHECK(c.error == "Invalid private key: [redacted]");
}
