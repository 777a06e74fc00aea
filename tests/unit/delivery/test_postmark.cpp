#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/delivery/providers/postmark.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;
using nlohmann::json;

namespace {

ChannelConfig postmark_channel() {
    return channel_of("postmark", {{"server_token", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"}});
}

}  // namespace

TEST_CASE("Postmark request: URL, token header, Accept, JSON body", "[delivery][postmark]") {
    const auto provider = make_postmark(postmark_channel());
    CHECK(provider->name() == "postmark");
    const HttpRequest request = http(provider->build(sample_email(), {}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://api.postmarkapp.com/email");
    CHECK(header_map(request) == std::map<std::string, std::string>{
                                     {"Accept", "application/json"},
                                     {"Content-Type", "application/json"},
                                     {"X-Postmark-Server-Token", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"}});
    CHECK(request.username.empty());
    CHECK(request.password.empty());
    CHECK(json::parse(request.body) == json::parse(R"({
        "From": "Acme Café <hello@acme.example>",
        "To": "Zoë Durand <zoe@example.com>",
        "Subject": "Bienvenue, Zoë — 10 % offerts",
        "TextBody": "Bonjour Zoë,\nbienvenue.\n",
        "HtmlBody": "<p>Bonjour Zoë,</p><p>bienvenue.</p>",
        "MessageStream": "outbound",
        "Headers": [
            {"Name": "List-Unsubscribe", "Value": "<https://acme.example/u/p-001>, <mailto:unsub@acme.example?subject=p-001>"},
            {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"}]})"));
}

TEST_CASE("Postmark request: message_stream and base_url", "[delivery][postmark]") {
    ChannelConfig channel = postmark_channel();
    channel.settings["message_stream"] = "broadcast";
    channel.base_url = "http://127.0.0.1:4011";
    OutgoingMessage m = sample_email();
    m.text.reset();
    m.headers.clear();
    const HttpRequest request = http(make_postmark(channel)->build(m, {}));
    CHECK(request.url == "http://127.0.0.1:4011/email");
    const json body = json::parse(request.body);
    CHECK(body["MessageStream"] == "broadcast");
    CHECK_FALSE(body.contains("TextBody"));
    CHECK_FALSE(body.contains("Headers"));
}

TEST_CASE("Postmark answers: every row of providers.md", "[delivery][postmark]") {
    const auto provider = make_postmark(postmark_channel());
    const std::string ok =
        R"({"To":"zoe@example.com","SubmittedAt":"2026-11-01T09:00:00.0000000-05:00","MessageID":"b7bc2f4a-e38e-4336-af7d-e6c392c2f817","ErrorCode":0,"Message":"OK"})";
    const std::vector<AnswerRow> rows = {
        row("200 OK", answer(200, ok), Disposition::Sent, "200 ErrorCode 0").id("b7bc2f4a-e38e-4336-af7d-e6c392c2f817"),
        row("200 with an ErrorCode", answer(200, R"({"ErrorCode":406,"Message":"You tried to send to recipient(s) that have been marked as inactive."})"),
            Disposition::Permanent, "200 ErrorCode 406")
            .recipient()
            .error("marked as inactive"),
        row("200 with rate-limit ErrorCode", answer(200, R"({"ErrorCode":429,"Message":"Rate Limit Exceeded"})", {}, 5),
            Disposition::Retry, "200 ErrorCode 429")
            .error("Rate Limit Exceeded")
            .wait(5),
        row("200 without an ErrorCode", answer(200, R"({"MessageID":"x"})"), Disposition::Ambiguous, "200")
            .error("the answer holds no ErrorCode"),
        row("200 not JSON", answer(200, "OK"), Disposition::Ambiguous, "200").error("the answer holds no ErrorCode: OK"),
        row("200 empty", answer(200, ""), Disposition::Ambiguous, "200").error("the answer holds no ErrorCode"),
        row("401 bad token", answer(401, R"({"ErrorCode":10,"Message":"No Account or Server API tokens were supplied in the HTTP headers."})"),
            Disposition::Permanent, "401 ErrorCode 10")
            .error("No Account or Server API tokens"),
        row("401 without a body", answer(401, ""), Disposition::Permanent, "401"),
        row("404", answer(404, ""), Disposition::Permanent, "404"),
        row("413", answer(413, "Request Entity Too Large"), Disposition::Permanent, "413").error("Too Large"),
        row("422 inactive recipient", answer(422, R"({"ErrorCode":406,"Message":"You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: zoe@example.com."})"),
            Disposition::Permanent, "422 ErrorCode 406")
            .recipient()
            .error("Found inactive addresses"),
        row("422 invalid To address", answer(422, R"({"ErrorCode":300,"Message":"Error parsing 'To': Illegal email address 'zoe'. It must contain the '@' symbol."})"),
            Disposition::Permanent, "422 ErrorCode 300")
            .recipient()
            .error("Error parsing 'To'"),
        row("422 invalid From address", answer(422, R"({"ErrorCode":300,"Message":"Invalid 'From' address: 'hello@acme.example' is not a verified sender signature."})"),
            Disposition::Permanent, "422 ErrorCode 300")
            .error("Invalid 'From' address"),
        row("422 no body in the message", answer(422, R"({"ErrorCode":300,"Message":"Provide either email TextBody or HtmlBody or both."})"),
            Disposition::Permanent, "422 ErrorCode 300")
            .error("Provide either"),
        row("422 sender signature", answer(422, R"({"ErrorCode":400,"Message":"The 'From' address you supplied is not a Sender Signature on your account."})"),
            Disposition::Permanent, "422 ErrorCode 400")
            .error("not a Sender Signature"),
        row("422 sender signature not confirmed", answer(422, R"({"ErrorCode":401,"Message":"Sender signature not confirmed"})"),
            Disposition::Permanent, "422 ErrorCode 401")
            .error("not confirmed"),
        row("422 not allowed to send", answer(422, R"({"ErrorCode":405,"Message":"Not allowed to send"})"),
            Disposition::Permanent, "422 ErrorCode 405")
            .error("Not allowed to send"),
        row("422 account pending", answer(422, R"({"ErrorCode":412,"Message":"Account pending approval"})"),
            Disposition::Permanent, "422 ErrorCode 412")
            .error("pending"),
        row("422 invalid JSON", answer(422, R"({"ErrorCode":402,"Message":"Invalid JSON"})"), Disposition::Permanent,
            "422 ErrorCode 402")
            .error("Invalid JSON"),
        row("422 maintenance", answer(422, R"({"ErrorCode":100,"Message":"Maintenance"})"), Disposition::Retry,
            "422 ErrorCode 100")
            .error("Maintenance"),
        row("422 without a body", answer(422, "<p>oops</p>"), Disposition::Permanent, "422").error("<p>oops</p>"),
        row("429", answer(429, R"({"ErrorCode":429,"Message":"Rate Limit Exceeded"})", {}, 3), Disposition::Retry,
            "429 ErrorCode 429")
            .error("Rate Limit Exceeded")
            .wait(3),
        row("429 empty", answer(429, ""), Disposition::Retry, "429"),
        row("500", answer(500, R"({"ErrorCode":0,"Message":"Internal server error"})"), Disposition::Ambiguous, "500")
            .error("Internal server error"),
        row("503 maintenance", answer(503, "", {}, 60), Disposition::Retry, "503").wait(60),
        row("503 maintenance with its ErrorCode", answer(503, R"({"ErrorCode":100,"Message":"Maintenance"})", {}, 60),
            Disposition::Retry, "503")
            .error("Maintenance")
            .wait(60),
        row("403 firewall HTML", answer(403, "<!DOCTYPE html>\n<html><head><title>Attention Required!</title></head><body>blocked</body></html>"),
            Disposition::Permanent, "403")
            .error("Attention Required!"),
        row("401 with ErrorCode 0", answer(401, R"({"ErrorCode":0,"Message":"OK"})"), Disposition::Permanent, "401")
            .error("OK"),
        row("no answer", answer(0, ""), Disposition::Ambiguous, "0"),
    };
    check_answers(*provider, rows);
}

TEST_CASE("Postmark batch answers: one Classification per message", "[delivery][postmark]") {
    const std::vector<std::string> secrets = {"0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"};
    SECTION("a 200 array is read entry by entry") {
        const Response r = answer(200, R"([
            {"ErrorCode":0,"Message":"OK","MessageID":"id-1","SubmittedAt":"2026-11-01T09:00:00Z","To":"a@example.com"},
            {"ErrorCode":406,"Message":"You tried to send to a recipient that has been marked as inactive."},
            {"ErrorCode":429,"Message":"Rate Limit Exceeded"},
            {"ErrorCode":300,"Message":"Invalid 'To' address: 'd'."},
            {"ErrorCode":300,"Message":"Provide either email TextBody or HtmlBody or both."},
            {"Message":"no code"}])");
        const std::vector<Classification> out = classify_postmark_batch(r, 7, secrets);
        REQUIRE(out.size() == 7);
        check_row(out[0], row("entry 0", {}, Disposition::Sent, "200 ErrorCode 0").id("id-1"));
        check_row(out[1], row("entry 1", {}, Disposition::Permanent, "200 ErrorCode 406").recipient().error("inactive"));
        check_row(out[2], row("entry 2", {}, Disposition::Retry, "200 ErrorCode 429").error("Rate Limit"));
        check_row(out[3], row("entry 3", {}, Disposition::Permanent, "200 ErrorCode 300").recipient().error("'To'"));
        check_row(out[4], row("entry 4", {}, Disposition::Permanent, "200 ErrorCode 300").error("Provide either"));
        check_row(out[5], row("entry 5", {}, Disposition::Ambiguous, "200").error("holds no ErrorCode"));
        check_row(out[6], row("entry 6", {}, Disposition::Ambiguous, "200").error("has no entry for this message"));
    }
    SECTION("any other answer applies to every message") {
        const std::vector<Classification> limited =
            classify_postmark_batch(answer(429, R"({"ErrorCode":429,"Message":"Rate Limit Exceeded"})", {}, 4), 3, secrets);
        REQUIRE(limited.size() == 3);
        for (const Classification& c : limited) {
            check_row(c, row("429", {}, Disposition::Retry, "429 ErrorCode 429").error("Rate Limit").wait(4));
        }
        const std::vector<Classification> token = classify_postmark_batch(
            answer(401, R"({"ErrorCode":10,"Message":"Bad token 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"})"), 2, secrets);
        REQUIRE(token.size() == 2);
        for (const Classification& c : token) {
            check_row(c, row("401", {}, Disposition::Permanent, "401 ErrorCode 10").error("Bad token [redacted]"));
        }
        const std::vector<Classification> broken = classify_postmark_batch(answer(500, "<html>x</html>"), 2, secrets);
        REQUIRE(broken.size() == 2);
        for (const Classification& c : broken) check_row(c, row("500", {}, Disposition::Ambiguous, "500").error("x"));
    }
    SECTION("a 200 that is not an array is ambiguous for every message") {
        for (const std::string& body : {std::string(R"({"ErrorCode":0})"), std::string("not json"), std::string()}) {
            const std::vector<Classification> out = classify_postmark_batch(answer(200, body), 2, secrets);
            REQUIRE(out.size() == 2);
            for (const Classification& c : out) CHECK(c.disposition == Disposition::Ambiguous);
        }
    }
}
