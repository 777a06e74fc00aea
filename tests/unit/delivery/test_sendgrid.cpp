#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/delivery/providers/sendgrid.hpp"
#include "provider_test_support.hpp"

using namespace journeyctl::delivery_test;
using nlohmann::json;

namespace {

const ChannelConfig& sendgrid_channel() {
    static const ChannelConfig c = channel_of("sendgrid", {{"api_key", "SG.test-key.x+y/z"}});
    return c;
}

json built_body(const OutgoingMessage& message) {
    const auto provider = make_sendgrid(sendgrid_channel());
    return json::parse(http(provider->build(message, {})).body);
}

// A JSON Schema check of the keywords the SendGrid spec's mail-send schema
// uses ($ref within the document, type, required, properties, items,
// minLength, maxItems, enum): jsonschema is not available offline.
void check_against_schema(const json& value, const json& schema, const json& spec, const std::string& path,
                          std::vector<std::string>& problems) {
    if (schema.contains("$ref")) {
        const std::string ref = schema["$ref"];
        REQUIRE(ref.rfind("#/", 0) == 0);
        check_against_schema(value, spec.at(json::json_pointer(ref.substr(1))), spec, path, problems);
        return;
    }
    if (schema.contains("type")) {
        const std::string type = schema["type"];
        const bool ok = (type == "object" && value.is_object()) || (type == "array" && value.is_array()) ||
                        (type == "string" && value.is_string()) ||
                        (type == "integer" && value.is_number_integer()) ||
                        (type == "boolean" && value.is_boolean());
        if (!ok) {
            problems.push_back(path + " is not " + type);
            return;
        }
    }
    if (schema.contains("enum") && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
        problems.push_back(path + " is not one of its enum");
    }
    if (value.is_object()) {
        if (schema.contains("required")) {
            for (const json& name : schema["required"]) {
                if (!value.contains(name.get<std::string>())) problems.push_back(path + " lacks " + name.get<std::string>());
            }
        }
        if (schema.contains("properties")) {
            for (const auto& [name, sub] : schema["properties"].items()) {
                if (value.contains(name)) check_against_schema(value[name], sub, spec, path + "." + name, problems);
            }
        }
    }
    if (value.is_array()) {
        if (schema.contains("maxItems") && value.size() > schema["maxItems"].get<std::size_t>()) {
            problems.push_back(path + " has too many items");
        }
        if (schema.contains("items")) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                check_against_schema(value[i], schema["items"], spec, path + "[" + std::to_string(i) + "]", problems);
            }
        }
    }
    if (value.is_string() && schema.contains("minLength") &&
        value.get<std::string>().size() < schema["minLength"].get<std::size_t>()) {
        problems.push_back(path + " is shorter than minLength");
    }
}

json sendgrid_spec() {
    std::ifstream in(std::string(JOURNEYCTL_SHARED_DIR) + "/peers/openapi/sendgrid_tsg_mail_v3.json");
    REQUIRE(in.good());
    return json::parse(in);
}

}  // namespace

TEST_CASE("SendGrid request: URL, bearer token, JSON body", "[delivery][sendgrid]") {
    const auto provider = make_sendgrid(sendgrid_channel());
    CHECK(provider->name() == "sendgrid");
    const HttpRequest request = http(provider->build(sample_email(), {1, 1'793'091'600}));
    CHECK(request.method == "POST");
    CHECK(request.url == "https://api.sendgrid.com/v3/mail/send");
    const auto headers = header_map(request);
    CHECK(headers == std::map<std::string, std::string>{{"Content-Type", "application/json"},
                                                        {"Authorization", "Bearer SG.test-key.x+y/z"}});
    CHECK(request.username.empty());
    CHECK(request.password.empty());
    CHECK(request.aws_sigv4.empty());

    const json body = json::parse(request.body);
    CHECK(body["personalizations"] ==
          json::parse(R"([{"to": [{"email": "zoe@example.com", "name": "Zoë Durand"}]}])"));
    CHECK(body["from"] == json::parse(R"({"email": "hello@acme.example", "name": "Acme Café"})"));
    CHECK(body["subject"] == "Bienvenue, Zoë — 10 % offerts");
    CHECK(body["content"] == json::parse(R"([{"type": "text/plain", "value": "Bonjour Zoë,\nbienvenue.\n"},
                                             {"type": "text/html", "value": "<p>Bonjour Zoë,</p><p>bienvenue.</p>"}])"));
    CHECK(body["headers"] == json::parse(R"({
        "List-Unsubscribe": "<https://acme.example/u/p-001>, <mailto:unsub@acme.example?subject=p-001>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})"));
    CHECK(body.size() == 5);
    // UTF-8 as it is, not \u escapes: what SendGrid's examples send.
    CHECK(request.body.find("Zoë") != std::string::npos);
}

TEST_CASE("SendGrid request: base_url, bare addresses, missing parts", "[delivery][sendgrid]") {
    ChannelConfig channel = sendgrid_channel();
    channel.base_url = "http://127.0.0.1:4010/";
    OutgoingMessage m = sample_email();
    m.to = "zoe@example.com";
    m.from = "\"Acme, Inc.\" <hello@acme.example>";
    m.html.reset();
    m.text = "";
    m.headers.clear();
    const HttpRequest request = http(make_sendgrid(channel)->build(m, {}));
    CHECK(request.url == "http://127.0.0.1:4010/v3/mail/send");
    const json body = json::parse(request.body);
    CHECK(body["personalizations"][0]["to"][0] == json::parse(R"({"email": "zoe@example.com"})"));
    CHECK(body["from"]["name"] == "Acme, Inc.");
    CHECK_FALSE(body.contains("content"));  // no empty content (the spec's minLength 1)
    CHECK_FALSE(body.contains("headers"));
}

TEST_CASE("SendGrid request: a non-ASCII address fails its message before any request", "[delivery][sendgrid]") {
    // The spec's `format: email` is ASCII (Prism answers 400), and the live
    // API takes such a message and drops it later.
    OutgoingMessage m = sample_email();
    m.to = "Zoë <zoë@example.com>";
    CHECK_THROWS_WITH(make_sendgrid(sendgrid_channel())->build(m, {}),
                      Catch::Matchers::Contains("SendGrid takes ASCII email addresses only") &&
                          Catch::Matchers::Contains("\"zoë@example.com\""));
}

TEST_CASE("SendGrid request passes the mail-send schema of the real spec", "[delivery][sendgrid]") {
    const json spec = sendgrid_spec();
    const json& schema = spec.at(
        json::json_pointer("/components/requestBodies/PostMailSend/content/application~1json/schema"));
    // The spec's own required fields, so that this test follows the spec.
    const json required = schema.at("required");
    CHECK(std::find(required.begin(), required.end(), "personalizations") != required.end());
    CHECK(std::find(required.begin(), required.end(), "from") != required.end());

    const json body = built_body(sample_email());
    std::vector<std::string> problems;
    check_against_schema(body, schema, spec, "body", problems);
    CHECK(problems == std::vector<std::string>{});

    // The check can fail: without `from`, or with an empty content value.
    json broken = body;
    broken.erase("from");
    broken["content"][0]["value"] = "";
    problems.clear();
    check_against_schema(broken, schema, spec, "body", problems);
    CHECK(problems == std::vector<std::string>{"body lacks from", "body.content[0].value is shorter than minLength"});

    // What the spec leaves out and the live API needs (providers.md, spec gaps).
    CHECK(body.contains("subject"));
    CHECK_FALSE(body["content"].empty());
}

TEST_CASE("SendGrid answers: every row of providers.md", "[delivery][sendgrid]") {
    const auto provider = make_sendgrid(sendgrid_channel());
    const std::string date = "Sun, 01 Nov 2026 09:00:00 GMT";  // 1793523600
    const std::vector<AnswerRow> rows = {
        row("202 with its id", answer(202, "", {{"x-message-id", "Ua9z9lSTSaqYBWJe_Xfc-Q"}}), Disposition::Sent, "202")
            .id("Ua9z9lSTSaqYBWJe_Xfc-Q"),
        row("202 without an id", answer(202, ""), Disposition::Sent, "202"),
        row("400 about the sender",
            answer(400, R"({"errors":[{"message":"The from object must be provided for every email send.","field":"from","help":null}]})"),
            Disposition::Permanent, "400")
            .error("from: The from object must be provided"),
        row("400 about the recipient's address",
            answer(400, R"({"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email"}]})"),
            Disposition::Permanent, "400")
            .recipient()
            .error("personalizations.0.to.0.email: Does not contain a valid address."),
        row("400 about the recipient and something else",
            answer(400, R"({"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email"},
                                      {"message":"The subject is required.","field":"subject"}]})"),
            Disposition::Permanent, "400")
            .error("Does not contain a valid address.; subject: The subject is required."),
        row("400 about a missing to array",
            answer(400, R"({"errors":[{"message":"The to array is required.","field":"personalizations.0.to"}]})"),
            Disposition::Permanent, "400")
            .error("The to array is required."),
        row("401",
            answer(401, R"({"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked"}]})"),
            Disposition::Permanent, "401")
            .error("The provided authorization grant is invalid"),
        row("403 blocked",
            answer(403, R"({"errors":[{"field":null,"message":"You are temporarily blocked for repeated bad requests"}]})"),
            Disposition::Permanent, "403")
            .error("temporarily blocked"),
        row("404", answer(404, R"({"errors":[{"field":null,"message":"not found"}]})"), Disposition::Permanent, "404")
            .error("not found"),
        row("405", answer(405, R"({"errors":[{"field":null,"message":"method not allowed"}]})"), Disposition::Permanent,
            "405")
            .error("method not allowed"),
        row("413", answer(413, R"({"errors":[{"field":null,"message":"too big"}]})"), Disposition::Permanent, "413")
            .error("too big"),
        row("429 with Retry-After",
            answer(429, R"({"errors":[{"field":null,"message":"too many requests"}]})",
                   {{"x-ratelimit-reset", "1793523660"}, {"date", date}}, 2),
            Disposition::Retry, "429")
            .error("too many requests")
            .wait(2),
        row("429 with X-RateLimit-Reset only",
            answer(429, R"({"errors":[{"field":null,"message":"too many requests"}]})",
                   {{"x-ratelimit-reset", "1793523660"}, {"date", date}}),
            Disposition::Retry, "429")
            .error("too many requests")
            .wait(60),
        row("429 with a reset already past", answer(429, "", {{"x-ratelimit-reset", "1793523500"}, {"date", date}}),
            Disposition::Retry, "429")
            .wait(0),
        row("429 with a reset but no Date", answer(429, "", {{"x-ratelimit-reset", "1793523660"}}), Disposition::Retry,
            "429"),
        row("429 with a reset that is not a number", answer(429, "", {{"x-ratelimit-reset", "soon"}, {"date", date}}),
            Disposition::Retry, "429"),
        row("500", answer(500, R"({"errors":[{"field":null,"message":"internal error"}]})"), Disposition::Ambiguous,
            "500")
            .error("internal error"),
        row("502 HTML page", answer(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
            Disposition::Ambiguous, "502")
            .error("502 Bad Gateway"),
        row("503 with Retry-After and no body", answer(503, "", {}, 30), Disposition::Retry, "503").wait(30),
        row("504", answer(504, ""), Disposition::Ambiguous, "504"),
        row("400 malformed body", answer(400, "{\"errors\": [oops"), Disposition::Permanent, "400")
            .error("{\"errors\": [oops"),
        row("400 with an empty errors array", answer(400, R"({"errors":[]})"), Disposition::Permanent, "400")
            .error(R"({"errors":[]})"),
        row("400 plain text", answer(400, "Bad Request"), Disposition::Permanent, "400").error("Bad Request"),
        row("no answer", answer(0, ""), Disposition::Ambiguous, "0"),
    };
    check_answers(*provider, rows);
}

TEST_CASE("SendGrid error text: secrets, controls, length", "[delivery][sendgrid]") {
    const auto provider = make_sendgrid(sendgrid_channel());
    const Classification echoed = provider->classify(
        answer(401, R"({"errors":[{"field":null,"message":"key SG.test-key.x+y/z is not valid"}]})"));
    CHECK(echoed.error == "key [redacted] is not valid");

    const Classification hostile =
        provider->classify(answer(400, "{\"errors\":[{\"message\":\"bad\\u001b[2Jthing\\nnext\"}]}"));
    CHECK(hostile.error == "bad\\x1b[2Jthing next");

    const Classification long_page = provider->classify(answer(400, std::string(5000, 'x')));
    CHECK(long_page.error.size() == 1024);
    CHECK(long_page.error.ends_with("..."));
}
