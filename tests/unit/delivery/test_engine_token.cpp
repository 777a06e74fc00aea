// Providers that need an access token first (FCM's OAuth2): the engine
// gets one before the provider's first request, retries an unreachable
// token endpoint, and ends the run when the token is refused.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"
#include "fault_server_process.hpp"

using namespace journeyctl::tests;

namespace {

// A FaultProvider that must hold a token (fetched from `token_url`) before
// it builds anything; a 401 from the token endpoint is a refusal.
class TokenProvider : public FaultProvider {
public:
    TokenProvider(std::string base_url, std::string token_url) : FaultProvider(base_url), token_url_(std::move(token_url)) {}

    std::optional<Request> token_request(int64_t /*unix_seconds*/) override {
        if (token_) return std::nullopt;
        HttpRequest request;
        request.url = token_url_;
        request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Idempotency-Key", token_url_}};
        request.body = "grant_type=test";
        return request;
    }

    void accept_token(const Response& response, int64_t /*unix_seconds*/) override {
        if (response.status == 401) throw DeliveryConfigError("channel fault: the token endpoint refused the key");
        if (response.status == 200) token_ = "token";
    }

    Request build(const OutgoingMessage& message, const AttemptContext& attempt) const override {
        if (!token_) throw std::logic_error("a request built before the token came");
        auto request = std::get<HttpRequest>(FaultProvider::build(message, attempt));
        request.headers.push_back({"Authorization", "Bearer " + *token_});
        return request;
    }

private:
    std::string token_url_;
    std::optional<std::string> token_;
};

}  // namespace

TEST_CASE("a provider's token is fetched once, before its first request", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    const ChannelConfig config = channel_config("fault");
    // The token endpoint fails once: the engine tries it again.
    const std::string token_url = server.url("/s/503,200?token-once");
    TokenProvider provider(server.url(), token_url);
    Engine engine({EngineChannel{&config, &provider, 4}}, quick_options());
    std::vector<Delivery> messages;
    for (int i = 0; i < 5; ++i) messages.push_back(delivery("token/" + std::to_string(i), "202"));
    Recorder recorder(messages);
    CHECK(engine.run(recorder.hooks()).sent == 5);
    const auto log = server.control("/log");
    REQUIRE(log[token_url].size() == 2);
    const double token_received = log[token_url][1].get<double>();
    for (int i = 0; i < 5; ++i) CHECK(log["token/" + std::to_string(i)][0].get<double>() > token_received);
}

TEST_CASE("a refused token ends the run before anything is sent", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    const ChannelConfig config = channel_config("fault");
    TokenProvider provider(server.url(), server.url("/s/401?token-refused"));
    Engine engine({EngineChannel{&config, &provider, 4}}, quick_options());
    Recorder recorder({delivery("token-refused/1", "202"), delivery("token-refused/2", "202")});
    CHECK_THROWS_AS(engine.run(recorder.hooks()), DeliveryConfigError);
    CHECK(recorder.announced.empty());
    CHECK(recorder.outcomes.empty());
    CHECK(server.count("token-refused/1") == 0);
}

TEST_CASE("an unreachable token endpoint ends the run after the attempt limit", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    const ChannelConfig config = channel_config("fault");
    TokenProvider provider(server.url(), "http://127.0.0.1:" + std::to_string(unused_loopback_port()) + "/token");
    Engine engine({EngineChannel{&config, &provider, 4}}, quick_options());
    Recorder recorder({delivery("token-unreachable/1", "202")});
    CHECK_THROWS_WITH(engine.run(recorder.hooks()), Catch::Contains("no access token after 3 attempts"));
    CHECK(recorder.outcomes.empty());
    CHECK(server.count("token-unreachable/1") == 0);
}
