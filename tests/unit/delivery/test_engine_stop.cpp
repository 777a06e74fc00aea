// request_stop(): nothing new starts, what is in flight is settled and
// reported, what waits for a retry ends with its last outcome.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "engine_fixture.hpp"
#include "fault_server_process.hpp"

using namespace journeyctl::tests;

namespace {

Engine* engine_to_stop = nullptr;

extern "C" void stop_engine_on_signal(int /*signal*/) { engine_to_stop->request_stop(); }

// Calls `condition` every 5 ms until it holds, for at most 20 s.
template <typename Condition>
void wait_until(Condition condition) {
    for (int turn = 0; turn < 4000 && !condition(); ++turn) std::this_thread::sleep_for(5ms);
}

}  // namespace

TEST_CASE("a stop from a signal handler settles and reports the requests in flight", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    const ChannelConfig config = channel_config("fault");
    FaultProvider provider(server.url());
    EngineOptions options = quick_options();
    options.window = 16;
    Engine engine({EngineChannel{&config, &provider, 4}}, options);

    // Far more messages than the run will reach: it ends by the stop.
    constexpr std::size_t k_messages = 200;
    std::size_t pulled = 0;
    std::atomic<std::size_t> announced_count{0};
    std::vector<std::string> announced;
    std::map<std::string, Outcome> outcomes;
    EngineHooks hooks;
    hooks.next = [&]() -> std::optional<Delivery> {
        if (pulled == k_messages) return std::nullopt;
        return delivery("stop/" + std::to_string(pulled++), "slow:600");
    };
    hooks.before_send = [&](std::span<const Delivery* const> leaving) {
        for (const Delivery* d : leaving) announced.push_back(d->message.idempotency_key);
        announced_count = announced.size();
        return std::vector<std::size_t>{};
    };
    hooks.on_outcome = [&](const Delivery& d, const Classification& c, int attempts) {
        outcomes[d.message.idempotency_key] = Outcome{c, attempts};
    };

    struct sigaction action {};
    struct sigaction previous {};
    action.sa_handler = stop_engine_on_signal;
    sigemptyset(&action.sa_mask);
    engine_to_stop = &engine;
    REQUIRE(sigaction(SIGUSR1, &action, &previous) == 0);
    std::thread signaller([&] {
        wait_until([&] { return announced_count >= 4; });  // the first requests are in flight
        kill(getpid(), SIGUSR1);
    });
    const EngineSummary summary = engine.run(hooks);
    signaller.join();
    sigaction(SIGUSR1, &previous, nullptr);

    CHECK(summary.stopped);
    REQUIRE(announced.size() >= 4);
    CHECK(announced.size() < k_messages);
    // Every message that may have left was settled and reported, as sent.
    CHECK(outcomes.size() == announced.size());
    CHECK(summary.sent == announced.size());
    const auto counts = server.control("/counts");
    for (const std::string& key : announced) {
        CAPTURE(key);
        CHECK(outcomes.at(key).classification.disposition == Disposition::Sent);
        CHECK(counts[key] == 1);
    }
    // What was taken from the source and never started was not sent.
    CHECK(summary.not_started == pulled - announced.size());
    std::size_t reached = 0;
    for (const auto& [key, count] : counts.items()) reached += key.starts_with("stop/") ? 1 : 0;
    CHECK(reached == announced.size());
}

TEST_CASE("a stop ends a message waiting for its retry with its last outcome", "[delivery][transport]") {
    const FaultServer& server = shared_fault_server();
    const ChannelConfig config = channel_config("fault");
    FaultProvider provider(server.url());
    Engine engine({EngineChannel{&config, &provider, 2}}, quick_options());
    // The first waits 5 s for its retry (Retry-After); the second is slow.
    Recorder recorder({delivery("stop-retry/waiting", "503:5,202"), delivery("stop-retry/slow", "slow:600")});
    std::thread stopper([&] {
        wait_until([&] { return server.count("stop-retry/waiting") >= 1; });
        engine.request_stop();
    });
    const EngineSummary summary = engine.run(recorder.hooks());
    stopper.join();

    CHECK(summary.stopped);
    const Outcome& waiting = recorder.outcome("stop-retry/waiting");
    CHECK(waiting.classification.disposition == Disposition::Retry);
    CHECK(waiting.classification.retry_after_seconds == 5);
    CHECK(waiting.attempts == 1);
    CHECK(server.count("stop-retry/waiting") == 1);  // not tried again
    CHECK(recorder.outcome("stop-retry/slow").classification.disposition == Disposition::Sent);
    CHECK(summary.failed_retryable == 1);
    CHECK(summary.sent == 1);
}

TEST_CASE("a stopped engine starts nothing on a later run", "[delivery][transport]") {
    const ChannelConfig config = channel_config("fault");
    FaultProvider provider(shared_fault_server().url());
    Engine engine({EngineChannel{&config, &provider, 2}}, quick_options());
    engine.request_stop();
    Recorder recorder({delivery("stopped/1", "202")});
    const EngineSummary summary = engine.run(recorder.hooks());
    CHECK(summary.stopped);
    CHECK(recorder.pulled == 0);
    CHECK(recorder.outcomes.empty());
    CHECK(shared_fault_server().count("stopped/1") == 0);
}
