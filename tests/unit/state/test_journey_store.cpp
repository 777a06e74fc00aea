// The journeys' part of the state database: runs, instances (due by
// their wake-up, written over, totals and waiting per step for status),
// the outbox in pages, and every write rolled back with the transaction
// the caller holds (a run commits all of them together or none).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/state/state_store.hpp"
#include "tests/unit/state/state_fixture.hpp"

using namespace journeyctl;
using namespace journeyctl::core::state;
using testing::k_day;
using testing::k_t;
using testing::StateFolder;

namespace {

InstanceRecord inside(std::string profile, std::string step, UnixNanos wake) {
    return {std::move(profile), 7, true, std::move(step), wake, 1, "{}"};
}

}  // namespace

TEST_CASE("journey store: due instances, written over, and counted for status", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    JourneyStore& journeys = store.journeys();
    journeys.put_instance("j", inside("a", "pause", k_t));
    journeys.put_instance("j", inside("b", "pause", k_t + k_day));
    journeys.put_instance("j", {"c", 7, false, "", std::nullopt, 2, "{}"});
    journeys.put_instance("other", inside("a", "pause", k_t));

    CHECK(journeys.due_instances("j", k_t - 1).empty());
    const auto due = journeys.due_instances("j", k_t);
    REQUIRE(due.size() == 1);
    CHECK(due[0].profile_key == "a");
    CHECK(due[0].step == "pause");
    CHECK(due[0].wake == k_t);
    const auto later = journeys.due_instances("j", k_t + k_day);
    CHECK(later.size() == 2);

    // Written over: b moved on and left.
    journeys.put_instance("j", {"b", 7, false, "", std::nullopt, 1, R"({"x":1})"});
    const auto b = journeys.instance("j", "b");
    REQUIRE(b);
    CHECK_FALSE(b->active);
    CHECK_FALSE(b->wake);
    CHECK(b->state == R"({"x":1})");
    CHECK_FALSE(journeys.instance("j", "nobody"));

    const InstanceTotals totals = journeys.totals("j");
    CHECK(totals.profiles == 3);
    CHECK(totals.inside == 1);
    CHECK(totals.entries == 4);
    const auto waiting = journeys.waiting("j");
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0].step == "pause");
    CHECK(waiting[0].profiles == 1);
    CHECK(waiting[0].next_wake == k_t);
}

TEST_CASE("journey store: runs and the outbox, paged and removed", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    JourneyStore& journeys = store.journeys();
    CHECK_FALSE(journeys.last_run("j"));
    journeys.put_run({"j", 7, k_t, 5, 1});
    journeys.put_run({"j", 8, k_t + k_day, 6, 2});
    const auto run = journeys.last_run("j");
    REQUIRE(run);
    CHECK(run->version == 8);
    CHECK(run->until == k_t + k_day);
    CHECK(run->runs == 2);
    CHECK(journeys.runs().size() == 1);

    for (int i = 0; i < 5; ++i) {
        journeys.put_outbox({"#j/v1/1/s/1/p" + std::to_string(i), "j", "p" + std::to_string(i), "hook", "t", k_t, "{}"});
    }
    // The same key twice is one message (a rerun decides it again).
    journeys.put_outbox({"#j/v1/1/s/1/p0", "j", "p0", "hook", "t", k_t, R"({"again":1})"});
    CHECK(journeys.outbox_size("j") == 5);
    const auto first = journeys.outbox_page("", 3);
    REQUIRE(first.size() == 3);
    CHECK(first[0].message == "{}");
    const auto rest = journeys.outbox_page(first.back().idempotency_key, 3);
    CHECK(rest.size() == 2);
    const std::vector<std::string> gone{first[0].idempotency_key, rest[1].idempotency_key};
    journeys.remove_outbox(gone);
    CHECK(journeys.outbox_size("j") == 3);
}

TEST_CASE("journey store: writes roll back with the caller's transaction", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    JourneyStore& journeys = store.journeys();
    {
        SqliteTransaction transaction(store.database(), SqliteTransaction::Kind::Immediate);
        journeys.put_instance("j", inside("a", "pause", k_t));
        journeys.put_outbox({"#j/v1/1/s/1/a", "j", "a", "hook", "t", k_t, "{}"});
        journeys.put_run({"j", 7, k_t, 5, 1});
        store.frequency().join_caller_transaction(true);
        std::vector<FrequencyCap> none;
        CHECK_FALSE(store.frequency().reserve(none, "a", "hook", k_t, "#j/v1/1/s/1/a"));
        store.frequency().join_caller_transaction(false);
        // not committed
    }
    CHECK_FALSE(journeys.instance("j", "a"));
    CHECK(journeys.outbox_size("j") == 0);
    CHECK_FALSE(journeys.last_run("j"));
    CHECK(store.frequency().count("a", std::nullopt, k_t - k_day, k_t) == 0);
}
