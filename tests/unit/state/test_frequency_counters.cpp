// The persistent frequency counters: the window (t - per, t] exactly at
// its edges, reserve's check-and-record and its idempotency by key,
// release, a second connection seeing a reservation at once and waiting
// out another's write lock, processes reserving against one cap at
// the same instant never overrunning it, and groups of reservations in
// one transaction (seen together, holding the lock, rolled back unless
// committed).
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "core/state/sqlite.hpp"
#include "core/state/state_store.hpp"
#include "tests/unit/state/state_fixture.hpp"

using namespace journeyctl;
using namespace journeyctl::core::state;
using testing::k_day;
using testing::k_second;
using testing::k_t;
using testing::StateFolder;

TEST_CASE("frequency counters: the window is (t - per, t]", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    FrequencyCounters& counters = store.frequency();
    counters.record("k1", "c1", "email", k_t - 7 * k_day);      // exactly 7d before t
    counters.record("k2", "c1", "email", k_t - 7 * k_day + 1);  // 1ns inside
    counters.record("k3", "c1", "email", k_t);                  // exactly t
    counters.record("k4", "c1", "email", k_t + 1);              // after t
    counters.record("k5", "c1", "sms", k_t - 2 * k_day);
    counters.record("k6", "c2", "email", k_t - 2 * k_day);

    const UnixNanos after = k_t - 7 * k_day;
    CHECK(counters.count("c1", std::string_view("email"), after, k_t) == 2);
    CHECK(counters.count("c1", std::string_view("sms"), after, k_t) == 1);
    CHECK(counters.count("c1", std::nullopt, after, k_t) == 3);
    CHECK(counters.count("c2", std::nullopt, after, k_t) == 1);
    CHECK(counters.count("nobody", std::nullopt, after, k_t) == 0);
}

TEST_CASE("frequency counters: reserve counts a message only when no cap is reached", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    FrequencyCounters& counters = store.frequency();
    const std::vector<FrequencyCap> caps{{"email", 1, 3600 * k_second}, {"", 2, k_day}};

    CHECK_FALSE(counters.reserve(caps, "c1", "email", k_t, "m1"));
    const auto email_again = counters.reserve(caps, "c1", "email", k_t + 1800 * k_second, "m2");
    REQUIRE(email_again);
    CHECK(email_again->cap_index == 0);
    CHECK(email_again->count == 1);
    CHECK(email_again->window_after == k_t + 1800 * k_second - 3600 * k_second);
    CHECK_FALSE(counters.reserve(caps, "c1", "sms", k_t + 1800 * k_second, "m3"));
    const auto third = counters.reserve(caps, "c1", "push", k_t + 7200 * k_second, "m4");
    REQUIRE(third);
    CHECK(third->cap_index == 1);
    CHECK(third->count == 2);
    // A refused message is not counted.
    CHECK(counters.count("c1", std::nullopt, k_t - k_day, k_t + k_day) == 2);

    // The email cap's window has passed at exactly t + 1h: m1 no longer counts.
    CHECK_FALSE(counters.reserve({&caps[0], 1}, "c1", "email", k_t + 3600 * k_second, "m5"));
    // Another profile's messages never count.
    CHECK_FALSE(counters.reserve(caps, "c2", "email", k_t, "m6"));
}

TEST_CASE("frequency counters: a key is counted once, and released", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    FrequencyCounters& counters = store.frequency();
    const std::vector<FrequencyCap> caps{{"email", 1, k_day}};

    CHECK_FALSE(counters.reserve(caps, "c1", "email", k_t, "b1/c1"));
    // A retry, a rerun an hour later: allowed, still one message.
    CHECK_FALSE(counters.reserve(caps, "c1", "email", k_t, "b1/c1"));
    CHECK_FALSE(counters.reserve(caps, "c1", "email", k_t + 3600 * k_second, "b1/c1"));
    CHECK(counters.count("c1", std::nullopt, k_t - k_day, k_t + k_day) == 1);
    // Another message to the same profile is capped...
    CHECK(counters.reserve(caps, "c1", "email", k_t + 1, "b2/c1"));
    // ... until the first finally failed and gave its place back.
    CHECK(counters.release("b1/c1"));
    CHECK_FALSE(counters.release("b1/c1"));
    CHECK(counters.count("c1", std::nullopt, k_t - k_day, k_t + k_day) == 0);
    CHECK_FALSE(counters.reserve(caps, "c1", "email", k_t + 1, "b2/c1"));
    // record() of a counted key leaves it as it was.
    counters.record("b2/c1", "c1", "email", k_t + 5);
    CHECK(counters.count("c1", std::nullopt, k_t, k_t + 1) == 1);
}

TEST_CASE("frequency counters: windows reaching past the int64 range", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    FrequencyCounters& counters = store.frequency();
    const std::vector<FrequencyCap> caps{{"", 1, INT64_MAX}};  // about 292 years
    // Before 1970, t - per is before the earliest representable instant.
    CHECK_FALSE(counters.reserve(caps, "c1", "email", -100 * k_day, "old"));
    const auto reached = counters.reserve(caps, "c1", "sms", -50 * k_day, "new");
    REQUIRE(reached);
    CHECK(reached->window_after == INT64_MIN);
    CHECK(reached->count == 1);
}

TEST_CASE("frequency counters: a second connection sees a reservation at once and waits for a lock", "[state]") {
    StateFolder folder;
    StateStore first(folder.state_file());
    StateStore second(folder.state_file());
    const std::vector<FrequencyCap> caps{{"email", 1, k_day}};
    CHECK_FALSE(first.frequency().reserve(caps, "c1", "email", k_t, "m1"));
    CHECK(second.frequency().reserve(caps, "c1", "email", k_t, "m2"));

    // A writer holds the lock for a moment: the reservation waits for it
    // (the busy timeout) instead of failing.
    SqliteDatabase holder = SqliteDatabase::open_existing(folder.state_file());
    holder.execute("BEGIN IMMEDIATE");
    std::thread release_later([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        holder.execute("COMMIT");
    });
    const auto started = std::chrono::steady_clock::now();
    CHECK_FALSE(second.frequency().reserve(caps, "c2", "email", k_t, "m3"));
    const auto waited = std::chrono::steady_clock::now() - started;
    release_later.join();
    CHECK(waited >= std::chrono::milliseconds(250));
}

TEST_CASE("frequency counters: processes reserving against one cap at once never overrun it", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    { StateStore create(file); }
    constexpr int k_processes = 4;
    constexpr int k_attempts = 30;  // each, for 10 places
    const std::vector<FrequencyCap> caps{{"", 10, k_day}};
    testing::Pipe ready;
    testing::Pipe go;
    std::vector<pid_t> children;
    for (int p = 0; p < k_processes; ++p) {
        children.push_back(testing::fork_child([&, p] {
            ready.close_read();
            go.close_write();
            StateStore store(file);
            ready.write_byte();
            if (!go.read_byte()) return 100;
            int granted = 0;
            for (int i = 0; i < k_attempts; ++i) {
                const std::string key = "p" + std::to_string(p) + "-" + std::to_string(i);
                if (!store.frequency().reserve(caps, "c1", i % 2 == 0 ? "email" : "sms", k_t, key)) ++granted;
            }
            return granted;
        }));
    }
    ready.close_write();
    go.close_read();
    for (int p = 0; p < k_processes; ++p) REQUIRE(ready.read_byte());
    for (int p = 0; p < k_processes; ++p) REQUIRE(go.write_byte());
    int granted = 0;
    for (const pid_t child : children) {
        const int code = testing::wait_child(child);
        REQUIRE(code >= 0);
        REQUIRE(code <= k_attempts);
        granted += code;
    }
    CHECK(granted == 10);
    StateStore store(file);
    CHECK(store.frequency().count("c1", std::nullopt, k_t - k_day, k_t) == 10);
}

TEST_CASE("frequency counters: a group's reservations are one transaction", "[state]") {
    StateFolder folder;
    StateStore first(folder.state_file());
    StateStore second(folder.state_file());
    const std::vector<FrequencyCap> caps{{"email", 2, k_day}};

    first.frequency().begin_group();
    CHECK(first.frequency().in_group());
    CHECK_FALSE(first.frequency().reserve(caps, "c1", "email", k_t, "m1"));
    CHECK_FALSE(first.frequency().reserve(caps, "c1", "email", k_t, "m1"));  // the same key: counted once
    CHECK_FALSE(first.frequency().reserve(caps, "c1", "email", k_t, "m2"));
    CHECK(first.frequency().reserve(caps, "c1", "email", k_t, "m3"));  // the group sees its own
    CHECK(first.frequency().release("m2"));
    CHECK_FALSE(first.frequency().reserve(caps, "c1", "email", k_t, "m4"));
    // Nothing is visible to another connection before the commit.
    CHECK(second.frequency().count("c1", std::nullopt, k_t - k_day, k_t) == 0);
    first.frequency().commit_group();
    CHECK_FALSE(first.frequency().in_group());
    first.frequency().commit_group();  // none open: nothing happens
    CHECK(second.frequency().count("c1", std::nullopt, k_t - k_day, k_t) == 2);
    CHECK(second.frequency().reserve(caps, "c1", "email", k_t, "m5"));
}

TEST_CASE("frequency counters: a group holds the write lock until its commit", "[state]") {
    StateFolder folder;
    StateStore first(folder.state_file());
    StateStore second(folder.state_file());
    const std::vector<FrequencyCap> caps{{"", 1, k_day}};
    first.frequency().begin_group();
    CHECK_FALSE(first.frequency().reserve(caps, "c1", "sms", k_t, "m1"));
    // Another sender reserving the cap's last place waits for the group
    // (the busy timeout), then finds the place taken.
    const auto started = std::chrono::steady_clock::now();
    std::thread commit_later([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        first.frequency().commit_group();
    });
    const bool refused = second.frequency().reserve(caps, "c1", "email", k_t, "m2").has_value();
    const auto waited = std::chrono::steady_clock::now() - started;
    commit_later.join();
    CHECK(refused);
    CHECK(waited >= std::chrono::milliseconds(250));
}

TEST_CASE("frequency counters: a group never committed leaves nothing", "[state]") {
    StateFolder folder;
    const std::vector<FrequencyCap> caps{{"", 5, k_day}};
    {
        StateStore store(folder.state_file());
        store.frequency().begin_group();
        CHECK_FALSE(store.frequency().reserve(caps, "c1", "sms", k_t, "m1"));
        CHECK_THROWS_AS(store.frequency().begin_group(), std::logic_error);
    }
    StateStore store(folder.state_file());
    CHECK(store.frequency().count("c1", std::nullopt, k_t - k_day, k_t) == 0);
}
