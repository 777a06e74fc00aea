#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/delivery/encoding.hpp"
#include "core/delivery/providers/ses.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;
using nlohmann::json;

namespace {

ChannelConfig ses_channel() {
    return channel_of("ses", {{"access_key_id", "AKIAIOSFODNN7EXAMPLE"},
                              {"secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
                              {"region", "eu-west-1"}});
}

std::vector<Header> error_type(std::string type) {
    return {{"x-amzn-errortype", type + ":http://internal.amazon.com/coral/com.amazonaws.sesv2/"},
            {"x-amzn-requestid", "b1c2"}};
}

}  // namespace

TEST_CASE("SES request: URL, SigV4, raw message", "[delivery][ses]") {
    const auto provider = make_ses(ses_channel());
    CHECK(provider->name() == "ses");
    const OutgoingMessage message = sample_email();
    const HttpRequest request = http(provider->build(message, {}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails");
    CHECK(header_map(request) == std::map<std::string, std::string>{{"Content-Type", "application/json"}});
    CHECK(request.aws_sigv4 == "aws:amz:eu-west-1:ses");
    CHECK(request.username == "AKIAIOSFODNN7EXAMPLE");
    CHECK(request.password == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    const json body = json::parse(request.body);
    CHECK(body.size() == 3);
    CHECK(body["FromEmailAddress"] == "hello@acme.example");
    CHECK(body["Destination"] == json::parse(R"({"ToAddresses": ["zoe@example.com"]})"));
    REQUIRE(body["Content"].size() == 1);
    std::string raw;
    REQUIRE(base64_decode(body["Content"]["Raw"]["Data"].get<std::string>(), raw));
    // The message as rendered, with the RFC 8058 headers at the end of its
    // header block.
    const std::string& eml = message.rfc5322;
    const std::size_t blank = eml.find("\r\n\r\n") + 2;
    CHECK(raw == eml.substr(0, blank) +
                     "List-Unsubscribe: <https://acme.example/u/p-001>,\r\n"
                     " <mailto:unsub@acme.example?subject=p-001>\r\n"
                     "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" +
                     eml.substr(blank));
}

TEST_CASE("SES request: base_url keeps the region's signature; no RFC 5322 form is refused", "[delivery][ses]") {
    ChannelConfig channel = ses_channel();
    channel.base_url = "http://127.0.0.1:4013";
    const auto provider = make_ses(channel);
    const HttpRequest request = http(provider->build(sample_email(), {}));
    CHECK(request.url == "http://127.0.0.1:4013/v2/email/outbound-emails");
    CHECK(request.aws_sigv4 == "aws:amz:eu-west-1:ses");
    OutgoingMessage bare = sample_email();
    bare.rfc5322.clear();
    CHECK_THROWS_AS(provider->build(bare, {}), std::invalid_argument);
}

TEST_CASE("SES request: a non-ASCII address fails its message before any request", "[delivery][ses]") {
    OutgoingMessage m = sample_email();
    m.from = "Acme <héllo@acme.example>";
    CHECK_THROWS_WITH(make_ses(ses_channel())->build(m, {}),
                      Catch::Matchers::Contains("SES takes ASCII email addresses only") &&
                          Catch::Matchers::Contains("sender's address \"héllo@acme.example\""));
}

TEST_CASE("SES answers: every row of providers.md", "[delivery][ses]") {
    const auto provider = make_ses(ses_channel());
    const std::vector<AnswerRow> rows = {
        row("200", answer(200, R"({"MessageId":"0102018f1c2d3e4f-aaaa-bbbb-cccc-000000000000-000000"})"),
            Disposition::Sent, "200")
            .id("0102018f1c2d3e4f-aaaa-bbbb-cccc-000000000000-000000"),
        row("200 empty", answer(200, ""), Disposition::Sent, "200"),
        row("429 TooManyRequests", answer(429, R"({"message":"Maximum sending rate exceeded."})",
                                         error_type("TooManyRequestsException"), 1),
            Disposition::Retry, "429 TooManyRequestsException")
            .error("Maximum sending rate exceeded.")
            .wait(1),
        row("400 LimitExceeded", answer(400, R"({"message":"Daily message quota exceeded."})",
                                       error_type("LimitExceededException")),
            Disposition::Retry, "400 LimitExceededException")
            .error("Daily message quota exceeded."),
        row("400 Throttling", answer(400, R"({"message":"Rate exceeded"})", error_type("ThrottlingException")),
            Disposition::Retry, "400 ThrottlingException")
            .error("Rate exceeded"),
        row("400 AccountSuspended", answer(400, R"({"message":"Your account has been suspended."})",
                                          error_type("AccountSuspendedException")),
            Disposition::Permanent, "400 AccountSuspendedException")
            .error("suspended"),
        row("400 SendingPaused", answer(400, R"({"message":"Sending is paused for this account."})",
                                       error_type("SendingPausedException")),
            Disposition::Permanent, "400 SendingPausedException")
            .error("paused"),
        row("400 MessageRejected", answer(400, R"({"message":"Email address is not verified. The following identities failed the check in region EU-WEST-1: hello@acme.example"})",
                                         error_type("MessageRejected")),
            Disposition::Permanent, "400 MessageRejected")
            .error("Email address is not verified"),
        row("400 MailFromDomainNotVerified", answer(400, R"({"message":"MAIL FROM domain not verified"})",
                                                   error_type("MailFromDomainNotVerifiedException")),
            Disposition::Permanent, "400 MailFromDomainNotVerifiedException")
            .error("MAIL FROM domain not verified"),
        row("404 NotFound", answer(404, R"({"message":"Configuration set does not exist"})",
                                   error_type("NotFoundException")),
            Disposition::Permanent, "404 NotFoundException")
            .error("does not exist"),
        row("400 BadRequest", answer(400, R"({"message":"Missing final '@domain'"})", error_type("BadRequestException")),
            Disposition::Permanent, "400 BadRequestException")
            .error("Missing final '@domain'"),
        row("403 signature", answer(403, R"({"message":"The request signature we calculated does not match the signature you provided."})",
                                    error_type("InvalidSignatureException")),
            Disposition::Permanent, "403 InvalidSignatureException")
            .error("does not match"),
        row("403 clock skew", answer(403, R"j({"message":"Signature expired: 20261101T083000Z is now earlier than 20261101T084500Z (20261101T090000Z - 15 min.)"})j",
                                     error_type("InvalidSignatureException")),
            Disposition::Permanent, "403 InvalidSignatureException")
            .error("Signature expired"),
        row("403 unknown key", answer(403, R"({"message":"The security token included in the request is invalid."})",
                                      {{"x-amzn-errortype", "UnrecognizedClientException"}}),
            Disposition::Permanent, "403 UnrecognizedClientException")
            .error("security token"),
        row("500 InternalFailure", answer(500, R"({"message":"Internal failure"})", error_type("InternalFailure")),
            Disposition::Ambiguous, "500 InternalFailure")
            .error("Internal failure"),
        row("503 ServiceUnavailable", answer(503, "", error_type("ServiceUnavailable"), 2), Disposition::Retry,
            "503 ServiceUnavailable")
            .wait(2),
        row("type in the body only", answer(400, R"({"__type":"com.amazonaws.sesv2#BadRequestException","Message":"Illegal address"})"),
            Disposition::Permanent, "400 BadRequestException")
            .error("Illegal address"),
        row("throttling type in the body only", answer(429, R"({"__type":"TooManyRequestsException","message":"slow down"})"),
            Disposition::Retry, "429 TooManyRequestsException")
            .error("slow down"),
        row("400 without a type, HTML", answer(400, "<html><title>Bad Request</title></html>"), Disposition::Permanent,
            "400")
            .error("Bad Request"),
        row("502 gateway page", answer(502, "<!doctype html><p>Bad Gateway</p>"), Disposition::Ambiguous, "502")
            .error("Bad Gateway"),
        row("400 malformed JSON", answer(400, "{\"message\":", error_type("BadRequestException")),
            Disposition::Permanent, "400 BadRequestException")
            .error("{\"message\":"),
        row("no answer", answer(0, ""), Disposition::Ambiguous, "0"),
    };
    check_answers(*provider, rows);
}

TEST_CASE("SES error text never holds the credentials", "[delivery][ses]") {
    const auto provider = make_ses(ses_channel());
    const Classification c = provider->classify(answer(
        403, R"({"message":"Credential should be scoped to a valid region. AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})",
        error_type("InvalidSignatureException")));
    CHECK(c.error == "Credential should be scoped to a valid region. [redacted] / [redacted]");
}
