// SIGKILL at any instant loses nothing committed: a child process records
// messages and is killed; the parent reopens the database as a rerun
// would and finds every committed record, and a message started without
// an outcome ambiguous.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/state/state_store.hpp"
#include "tests/unit/state/state_fixture.hpp"

using namespace journeyctl;
using namespace journeyctl::core::state;
using testing::Pipe;
using testing::StateFolder;

TEST_CASE("ledger crash: killed between started and its outcome, the message is ambiguous", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    Pipe progress;
    const pid_t child = testing::fork_child([&]() -> int {
        progress.close_read();
        StateStore store(file);
        const std::vector<StartedMessage> group{{"b1/c1", "b1", "c1", "email", "welcome"},
                                                {"b1/c2", "b1", "c2", "email", "welcome"}};
        store.ledger().record_started(group, 100, ResendUnknown::No);
        progress.write_byte();  // committed; the request would leave now
        for (;;) ::pause();     // until SIGKILL
    });
    progress.close_write();
    REQUIRE(progress.read_byte());
    ::kill(child, SIGKILL);
    CHECK(testing::wait_child(child) == -SIGKILL);

    StateStore store(file);
    const std::vector<std::string_view> keys{"b1/c1", "b1/c2"};
    for (const auto& record : store.ledger().lookup(keys)) {
        REQUIRE(record.has_value());
        CHECK(record->state == MessageState::Started);
        CHECK(state_for_rerun(record->state) == MessageState::Ambiguous);
        CHECK_FALSE(may_start(record->state, ResendUnknown::No));
    }
    // The rerun does not send them, and records what it found.
    const std::vector<StartedMessage> rerun{{"b1/c1", "b1", "c1", "email", "welcome"}};
    const auto not_started = store.ledger().record_started(rerun, 200, ResendUnknown::No);
    REQUIRE(not_started.size() == 1);
    CHECK(not_started[0].state == MessageState::Ambiguous);
    CHECK(store.ledger().count_by_state("b1")[MessageState::Ambiguous] == 1);
    CHECK(store.ledger().keys_in_state("b1", MessageState::Ambiguous, "", 10) == std::vector<std::string>{"b1/c1"});
}

TEST_CASE("ledger crash: killed while writing, every committed group is there", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    constexpr int k_groups = 400;
    constexpr int k_group_size = 20;
    const auto key = [](int group, int i) { return "b1/g" + std::to_string(group) + "-" + std::to_string(i); };
    Pipe progress;
    const pid_t child = testing::fork_child([&]() -> int {
        progress.close_read();
        StateStore store(file);
        for (int g = 0; g < k_groups; ++g) {
            std::vector<std::string> keys;
            for (int i = 0; i < k_group_size; ++i) keys.push_back(key(g, i));
            std::vector<StartedMessage> started;
            std::vector<MessageOutcome> outcomes;
            for (const std::string& k : keys) {
                started.push_back({k, "b1", k, "email", "welcome"});
                outcomes.push_back({k, MessageState::Sent, "id", "202", ""});
            }
            store.ledger().record_started(started, g, ResendUnknown::No);
            store.ledger().record_outcomes(outcomes, g);
            progress.write_byte();  // group g committed, outcomes included
        }
        for (;;) ::pause();
    });
    progress.close_write();
    // Kill it part-way: after some groups were reported committed, while
    // it is most likely in the middle of the next ones.
    int reported = 0;
    while (reported < 25 && progress.read_byte()) ++reported;
    ::kill(child, SIGKILL);
    CHECK(testing::wait_child(child) == -SIGKILL);
    while (progress.read_byte()) ++reported;  // reported before it died

    StateStore store(file);
    Ledger& ledger = store.ledger();
    const StateCounts counts = ledger.count_by_state("b1");
    CHECK(counts[MessageState::Sent] >= static_cast<int64_t>(reported) * k_group_size);
    // Only whole transactions: a group's started records all or none, its
    // outcomes all or none.
    CHECK(counts[MessageState::Sent] % k_group_size == 0);
    CHECK((counts[MessageState::Started] == 0 || counts[MessageState::Started] == k_group_size));
    CHECK(counts.total() % k_group_size == 0);
    for (int g = 0; g < reported; ++g) {
        std::vector<std::string> keys;
        for (int i = 0; i < k_group_size; ++i) keys.push_back(key(g, i));
        const std::vector<std::string_view> views(keys.begin(), keys.end());
        for (const auto& record : ledger.lookup(views)) {
            REQUIRE(record.has_value());
            CHECK(record->state == MessageState::Sent);
        }
    }
}
