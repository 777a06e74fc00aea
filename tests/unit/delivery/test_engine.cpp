// The delivery engine against the fault server: each scenario ends in the
// right disposition after the right number of attempts, what may have
// been sent is never sent again, and before_send comes first.
#include <catch2/catch.hpp>

#include "engine_fixture.hpp"
#include "fault_server_process.hpp"

using namespace journeyctl::tests;

namespace {

EngineSummary run_engine(const FaultServer& server, Recorder& recorder, EngineOptions options = quick_options(),
                         double rate = 0, int max_in_flight = 16) {
    const ChannelConfig config = channel_config("fault", rate);
    FaultProvider provider(server.url());
    Engine engine({EngineChannel{&config, &provider, max_in_flight}}, options);
    return engine.run(recorder.hooks());
}

}  // namespace

TEST_CASE("each scenario ends in its disposition after the right number of attempts", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    Recorder recorder({delivery("s/ok", "202"), delivery("s/flaky", "503,202"), delivery("s/down", "500"),
                       delivery("s/bad", "400"), delivery("s/refused-in-body", "body-error"), delivery("s/reset", "reset"),
                       delivery("s/hang", "hang"), delivery("s/throttled", "429,429,202")});
    const EngineSummary summary = run_engine(server, recorder);

    const std::map<std::string, std::pair<Disposition, int>> expected = {
        {"s/ok", {Disposition::Sent, 1}},
        {"s/flaky", {Disposition::Sent, 2}},
        {"s/down", {Disposition::Retry, 3}},
        {"s/bad", {Disposition::Permanent, 1}},
        {"s/refused-in-body", {Disposition::Permanent, 1}},
        {"s/reset", {Disposition::Ambiguous, 1}},
        {"s/hang", {Disposition::Ambiguous, 1}},
        {"s/throttled", {Disposition::Sent, 3}}};
    const auto counts = server.control("/counts");
    for (const auto& [key, want] : expected) {
        CAPTURE(key);
        const Outcome& outcome = recorder.outcome(key);
        CHECK(outcome.classification.disposition == want.first);
        CHECK(outcome.attempts == want.second);
        CHECK(counts[key] == want.second);  // the server saw each attempt, and no more
    }
    CHECK(recorder.outcome("s/ok").classification.provider_message_id == "s/ok#1");
    CHECK(recorder.outcome("s/flaky").classification.provider_message_id == "s/flaky#2");
    CHECK(recorder.outcome("s/hang").classification.provider_status == "curl 28");
    CHECK(summary.sent == 3);
    CHECK(summary.failed_retryable == 1);
    CHECK(summary.failed_permanent == 2);
    CHECK(summary.ambiguous == 2);
    CHECK(summary.not_started == 0);
    CHECK_FALSE(summary.stopped);
    CHECK(recorder.outcomes.size() == expected.size());
}

TEST_CASE("before_send sees each message once, before any of its requests reaches the peer", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    std::vector<Delivery> messages;
    for (int i = 0; i < 6; ++i) messages.push_back(delivery("b/" + std::to_string(i), i % 2 == 0 ? "503,202" : "202"));
    Recorder recorder(messages);
    EngineHooks hooks = recorder.hooks();
    int checked = 0;
    hooks.before_send = [&](std::span<const Delivery* const> leaving) {
        const auto counts = server.control("/counts");
        for (const Delivery* d : leaving) {
            CHECK_FALSE(counts.contains(d->message.idempotency_key));
            recorder.announced.push_back(d->message.idempotency_key);
            ++checked;
        }
        return std::vector<std::size_t>{};
    };
    const ChannelConfig config = channel_config("fault");
    FaultProvider provider(server.url());
    Engine engine({EngineChannel{&config, &provider, 4}}, quick_options());
    CHECK(engine.run(hooks).sent == 6);
    CHECK(checked == 6);  // retries are not announced again
    std::vector<std::string> announced = recorder.announced;
    std::sort(announced.begin(), announced.end());
    CHECK(announced == std::vector<std::string>{"b/0", "b/1", "b/2", "b/3", "b/4", "b/5"});
}

TEST_CASE("messages that before_send withholds leave no request and get no outcome", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    std::vector<Delivery> messages;
    for (int i = 0; i < 8; ++i) messages.push_back(delivery("w/" + std::to_string(i), "202"));
    Recorder recorder(messages);
    EngineHooks hooks = recorder.hooks();
    std::vector<std::string> withheld;
    hooks.before_send = [&](std::span<const Delivery* const> leaving) {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < leaving.size(); ++i) {
            const std::string& key = leaving[i]->message.idempotency_key;
            if (key.back() % 2 == 1) {  // w/1, w/3, ...: another run holds them
                withheld.push_back(key);
                out.push_back(i);
            }
        }
        return out;
    };
    const ChannelConfig config = channel_config("fault");
    FaultProvider provider(server.url());
    Engine engine({EngineChannel{&config, &provider, 4}}, quick_options());
    const EngineSummary summary = engine.run(hooks);
    CHECK(summary.sent == 4);
    CHECK(summary.withheld == 4);
    CHECK(withheld.size() == 4);
    CHECK(recorder.outcomes.size() == 4);
    const auto counts = server.control("/counts");
    for (const std::string& key : withheld) {
        CHECK_FALSE(counts.contains(key));
        CHECK_FALSE(recorder.outcomes.contains(key));
    }
}

TEST_CASE("Retry-After in seconds delays the next attempt", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    Recorder recorder({delivery("ra/seconds", "429:1,202")});
    run_engine(server, recorder);
    CHECK(recorder.outcome("ra/seconds").classification.disposition == Disposition::Sent);
    CHECK(recorder.outcome("ra/seconds").attempts == 2);
    const auto times = server.control("/log")["ra/seconds"];
    REQUIRE(times.size() == 2);
    // The backoff alone would be at most 20 ms here.
    CHECK(times[1].get<double>() - times[0].get<double>() >= 0.9);
}

TEST_CASE("Retry-After as an HTTP-date delays the next attempt", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    Recorder recorder({delivery("ra/date", "503:date:2,202")});
    run_engine(server, recorder);
    CHECK(recorder.outcome("ra/date").classification.disposition == Disposition::Sent);
    const auto times = server.control("/log")["ra/date"];
    REQUIRE(times.size() == 2);
    // A date two seconds ahead, in whole seconds: at least one second away.
    CHECK(times[1].get<double>() - times[0].get<double>() >= 0.9);
}

TEST_CASE("a Retry-After longer than the engine waits ends the message at once", "[delivery][transport]") {
    Recorder recorder({delivery("ra/long", "429:600")});
    const EngineSummary summary = run_engine(shared_fault_server(), recorder);
    const Outcome& outcome = recorder.outcome("ra/long");
    CHECK(outcome.classification.disposition == Disposition::Retry);
    CHECK(outcome.classification.retry_after_seconds == 600);
    CHECK(outcome.attempts == 1);
    CHECK(summary.failed_retryable == 1);
}

TEST_CASE("a refused connection is retried up to the attempt limit", "[delivery][transport]") {
    const ChannelConfig config = channel_config("fault");
    FaultProvider provider("http://127.0.0.1:" + std::to_string(unused_loopback_port()));
    Engine engine({EngineChannel{&config, &provider, 4}}, quick_options());
    Recorder recorder({delivery("nobody", "202")});
    engine.run(recorder.hooks());
    const Outcome& outcome = recorder.outcome("nobody");
    CHECK(outcome.classification.disposition == Disposition::Retry);
    CHECK(outcome.classification.provider_status == "curl 7");
    CHECK(outcome.attempts == 3);
}

TEST_CASE("many requests are in flight at once over reused connections", "[delivery][transport]") {
    FaultServer server;
    std::vector<Delivery> messages;
    for (int i = 0; i < 12; ++i) messages.push_back(delivery("slow" + std::to_string(i), "slow:300"));
    for (int i = 0; i < 20; ++i) messages.push_back(delivery("fast" + std::to_string(i), "202"));
    Recorder recorder(messages);
    const EngineSummary summary = run_engine(server, recorder, quick_options(), 0, 8);
    CHECK(summary.sent == 32);
    const auto stats = server.control("/stats");
    CHECK(stats["max_concurrent"].get<int>() >= 2);
    CHECK(stats["max_concurrent"].get<int>() <= 8);
    // HTTP/1.1: a connection per request in flight at most, each reused.
    CHECK(stats["connections"].get<int>() <= 8);
}

TEST_CASE("a channel's rate limit holds", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    std::vector<Delivery> messages;
    for (int i = 0; i < 30; ++i) messages.push_back(delivery("rate/" + std::to_string(i), "202"));
    Recorder recorder(messages);
    // 20 a second with a burst of 2: 28 more after the burst take 1.4 s.
    CHECK(run_engine(server, recorder, quick_options(), 20).sent == 30);
    std::vector<double> times;
    const auto log = server.control("/log");
    for (const auto& [key, received] : log.items()) {
        if (key.starts_with("rate/")) times.push_back(received[0].get<double>());
    }
    std::sort(times.begin(), times.end());
    REQUIRE(times.size() == 30);
    const double span = times.back() - times.front();
    CHECK(span >= 1.2);
    CHECK(span < 15);  // generous: a loaded machine is slow, never faster
    // No second holds much more than the rate and the burst.
    for (std::size_t first = 0; first < times.size(); ++first) {
        const auto within = std::upper_bound(times.begin(), times.end(), times[first] + 1.0) - (times.begin() + first);
        CHECK(within <= 20 + 2 + 3);
    }
}

TEST_CASE("the engine holds no more messages than its window", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    std::vector<Delivery> messages;
    for (int i = 0; i < 100; ++i) messages.push_back(delivery("window/" + std::to_string(i), "202"));
    Recorder recorder(messages);
    EngineHooks hooks = recorder.hooks();
    std::size_t most_held = 0;
    const auto next = hooks.next;
    hooks.next = [&]() {
        auto message = next();
        if (message) most_held = std::max(most_held, recorder.pulled - recorder.outcomes.size());
        return message;
    };
    const ChannelConfig config = channel_config("fault");
    FaultProvider provider(server.url());
    EngineOptions options = quick_options();
    options.window = 8;
    Engine engine({EngineChannel{&config, &provider, 4}}, options);
    CHECK(engine.run(hooks).sent == 100);
    CHECK(most_held <= 8);
    CHECK(recorder.pulled == 100);
}

TEST_CASE("SMTP messages end in the disposition of the server's reply", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    const ChannelConfig config = channel_config("mail");
    SmtpFaultProvider provider(server.smtp_url());
    Engine engine({EngineChannel{&config, &provider, 4}}, quick_options());
    Recorder recorder({delivery("<smtp-ok@t>", "250@fault.test", "mail"), delivery("<smtp-later@t>", "451_250@fault.test", "mail"),
                       delivery("<smtp-no@t>", "554@fault.test", "mail"), delivery("<smtp-drop@t>", "drop@fault.test", "mail"),
                       delivery("<smtp-rcpt@t>", "rcpt550@fault.test", "mail")});
    engine.run(recorder.hooks());
    CHECK(recorder.outcome("<smtp-ok@t>").classification.disposition == Disposition::Sent);
    CHECK(recorder.outcome("<smtp-later@t>").classification.disposition == Disposition::Sent);
    CHECK(recorder.outcome("<smtp-later@t>").attempts == 2);
    CHECK(recorder.outcome("<smtp-no@t>").classification.disposition == Disposition::Permanent);
    CHECK(recorder.outcome("<smtp-drop@t>").classification.disposition == Disposition::Ambiguous);
    CHECK(recorder.outcome("<smtp-rcpt@t>").classification.provider_status == "smtp 550");
    const auto counts = server.control("/counts");
    CHECK(counts["<smtp-drop@t>"] == 1);
    CHECK(counts["<smtp-later@t>"] == 2);
    CHECK_FALSE(counts.contains("<smtp-rcpt@t>"));  // refused before its data
}

TEST_CASE("a message for an unknown channel ends the run with an error", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    Recorder recorder({delivery("unknown/ok", "202"), delivery("unknown/lost", "202", "nowhere")});
    CHECK_THROWS_AS(run_engine(server, recorder), std::invalid_argument);
    CHECK(server.count("unknown/lost") == 0);
    CHECK(recorder.outcomes.empty());
}

TEST_CASE("a request that cannot be built fails its message, with the channel's secrets hidden", "[delivery][transport]") {
    struct UnbuildableProvider : FaultProvider {
        using FaultProvider::FaultProvider;
        Request build(const OutgoingMessage&, const AttemptContext&) const override {
            throw std::runtime_error("the key s3cr3t-token does not parse");
        }
    };
    const FaultServer& server = shared_fault_server();
    ChannelConfig config = channel_config("fault");
    config.secrets = {"s3cr3t-token"};
    UnbuildableProvider provider(server.url());
    Engine engine({EngineChannel{&config, &provider, 1}}, quick_options());
    Recorder recorder({delivery("unbuilt", "202")});
    const EngineSummary summary = engine.run(recorder.hooks());
    const Outcome& outcome = recorder.outcome("unbuilt");
    CHECK(outcome.classification.disposition == Disposition::Permanent);
    CHECK(outcome.attempts == 0);
    CHECK(outcome.classification.error == "the request could not be built: the key [redacted] does not parse");
    CHECK(recorder.announced.empty());  // nothing left, so nothing to record as started
    CHECK(summary.failed_permanent == 1);
    CHECK(server.count("unbuilt") == 0);
}
