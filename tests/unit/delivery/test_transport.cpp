// The transport against the fault server: requests leave as built, answers
// come back whole (or capped), and each failure says whether the request
// may have reached the peer.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "core/delivery/transport.hpp"
#include "fault_server_process.hpp"

using namespace journeyctl::core::delivery;
using journeyctl::tests::FaultServer;
using journeyctl::tests::shared_fault_server;
using journeyctl::tests::unused_loopback_port;
using namespace std::chrono_literals;

namespace {

// Runs the transport until every request started has come back.
std::vector<TransferResult> run_all(Transport& transport) {
    std::vector<TransferResult> results;
    for (int turn = 0; transport.in_flight() > 0 && turn < 1000; ++turn) {
        for (TransferResult& r : transport.run(100ms)) results.push_back(std::move(r));
    }
    REQUIRE(transport.in_flight() == 0);
    return results;
}

TransferResult perform(const Request& request, TransportOptions options = {}) {
    Transport transport(options);
    transport.start(42, request);
    auto results = run_all(transport);
    REQUIRE(results.size() == 1);
    CHECK(results[0].tag == 42);
    return results[0];
}

HttpRequest post(const FaultServer& server, const std::string& scenario, const std::string& key) {
    HttpRequest request;
    request.url = server.url("/s/" + scenario);
    request.headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", key}};
    request.body = R"({"hello": "world"})";
    return request;
}

}  // namespace

TEST_CASE("an HTTP request leaves as built and its answer comes back", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    HttpRequest request = post(server, "echo", "transport/echo");
    request.method = "PUT";
    request.headers.push_back({"X-Custom", "yes"});
    request.username = "user";
    request.password = "pass";
    const TransferResult result = perform(request);
    REQUIRE(result.failure == TransferFailure::None);
    CHECK(result.response.status == 200);
    REQUIRE(result.response.header("content-type") != nullptr);
    CHECK(*result.response.header("content-type") == "application/json");
    CHECK_FALSE(result.response.retry_after_seconds.has_value());
    const auto echo = nlohmann::json::parse(result.response.body);
    CHECK(echo["method"] == "PUT");
    CHECK(echo["body"] == R"({"hello": "world"})");
    CHECK(echo["headers"]["x-custom"] == "yes");
    CHECK(echo["headers"]["idempotency-key"] == "transport/echo");
    CHECK(echo["headers"]["authorization"] == "Basic dXNlcjpwYXNz");  // user:pass
    CHECK_FALSE(echo["headers"].contains("expect"));
}

TEST_CASE("CURLOPT_AWS_SIGV4 signs a request with the given keys", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    HttpRequest request = post(server, "echo", "transport/sigv4");
    request.aws_sigv4 = "aws:amz:us-east-1:ses";
    request.username = "AKIDEXAMPLE";
    request.password = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TransferResult result = perform(request);
    REQUIRE(result.failure == TransferFailure::None);
    const auto headers = nlohmann::json::parse(result.response.body)["headers"];
    const std::string authorization = headers.value("authorization", "");
    CHECK(authorization.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", 0) == 0);
    CHECK(authorization.find("/us-east-1/ses/aws4_request") != std::string::npos);
    CHECK(authorization.find("wJalrXUtnFEMI") == std::string::npos);
    CHECK(headers.contains("x-amz-date"));
}

TEST_CASE("a long answer is cut at the body cap", "[delivery][transport]") {
    TransportOptions options;
    options.max_response_body = 1000;
    const TransferResult result = perform(post(shared_fault_server(), "big:200000", "transport/big"), options);
    REQUIRE(result.failure == TransferFailure::None);
    CHECK(result.response.status == 200);
    CHECK(result.response.body == std::string(1000, 'x'));
}

TEST_CASE("Retry-After is read in seconds and as an HTTP-date", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    const TransferResult seconds = perform(post(server, "429:7", "transport/429"));
    REQUIRE(seconds.failure == TransferFailure::None);
    CHECK(seconds.response.status == 429);
    CHECK(seconds.response.retry_after_seconds == 7);
    const TransferResult date = perform(post(server, "503:date:120", "transport/503"));
    REQUIRE(date.failure == TransferFailure::None);
    CHECK(date.response.status == 503);
    REQUIRE(date.response.retry_after_seconds.has_value());
    CHECK(*date.response.retry_after_seconds >= 115);
    CHECK(*date.response.retry_after_seconds <= 121);
}

TEST_CASE("a refused connection is NotSent", "[delivery][transport]") {
    HttpRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(unused_loopback_port()) + "/";
    const TransferResult result = perform(request);
    CHECK(result.failure == TransferFailure::NotSent);
    CHECK(result.curl_code == 7);  // CURLE_COULDNT_CONNECT
    CHECK_FALSE(result.error.empty());
    CHECK(classify_failure(result).disposition == Disposition::Retry);
}

TEST_CASE("a reset or a timeout after the request was written is MaybeSent", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    TransportOptions options;
    options.total_timeout = 1s;
    Transport transport(options);
    transport.start(1, post(server, "reset", "transport/reset"));
    transport.start(2, post(server, "hang", "transport/hang"));
    for (const TransferResult& result : run_all(transport)) {
        CAPTURE(result.tag, result.error);
        CHECK(result.failure == TransferFailure::MaybeSent);
        CHECK(classify_failure(result).disposition == Disposition::Ambiguous);
    }
    CHECK(server.count("transport/reset") == 1);
    CHECK(server.count("transport/hang") == 1);
}

TEST_CASE("a reused connection that dies is not sent on again by libcurl", "[delivery][transport]") {
    // libcurl sends a request again by itself when a reused connection
    // closes without an answer; the peer may have acted on the first copy.
    FaultServer server;
    Transport transport;
    transport.start(1, post(server, "202", "first"));
    REQUIRE(run_all(transport).at(0).response.status == 202);
    transport.start(2, post(server, "reset", "second"));
    const auto results = run_all(transport);
    CHECK(results.at(0).failure == TransferFailure::MaybeSent);
    CHECK(server.count("second") == 1);
    // One connection carried both: the second request did reuse it.
    CHECK(server.control("/stats")["connections"] == 1);
}

TEST_CASE("requests that cannot be written safely never reach the network", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    HttpRequest injected = post(server, "202", "transport/injected");
    injected.headers.push_back({"X-Note", "a\r\nX-Evil: 1"});
    CHECK(perform(injected).failure == TransferFailure::Unusable);
    HttpRequest bad_method = post(server, "202", "transport/method");
    bad_method.method = "POST / HTTP/1.1\r\n";
    CHECK(perform(bad_method).failure == TransferFailure::Unusable);
    HttpRequest file = post(server, "202", "transport/file");
    file.url = "file:///etc/passwd";
    const TransferResult not_http = perform(file);
    CHECK(not_http.failure == TransferFailure::Unusable);
    CHECK(classify_failure(not_http).disposition == Disposition::Permanent);
    const auto counts = server.control("/counts");
    for (const char* key : {"transport/injected", "transport/method", "transport/file"}) CHECK_FALSE(counts.contains(key));
}

TEST_CASE("an SMTP message is uploaded and its reply code comes back", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    SmtpRequest request;
    request.url = server.smtp_url();
    request.mail_from = "sender@example.com";
    request.payload = "Message-ID: <transport-m1@test>\r\nSubject: hi\r\n\r\n.leading dot\r\n";
    request.recipients = {"250@fault.test"};
    const TransferResult accepted = perform(request);
    REQUIRE(accepted.failure == TransferFailure::None);
    CHECK(accepted.response.status == 250);

    request.payload = "Message-ID: <transport-m2@test>\r\n\r\nbody\r\n";
    request.recipients = {"rcpt550@fault.test"};
    const TransferResult refused = perform(request);
    REQUIRE(refused.failure == TransferFailure::None);
    CHECK(refused.response.status == 550);

    request.payload = "Message-ID: <transport-m3@test>\r\n\r\nbody\r\n";
    request.recipients = {"drop@fault.test"};
    CHECK(perform(request).failure == TransferFailure::MaybeSent);

    request.recipients = {"a@b.test>\r\nRCPT TO:<evil@b.test"};
    CHECK(perform(request).failure == TransferFailure::Unusable);

    const auto counts = server.control("/counts");
    CHECK(counts["<transport-m1@test>"] == 1);
    CHECK_FALSE(counts.contains("<transport-m2@test>"));
    CHECK(counts["<transport-m3@test>"] == 1);
}
