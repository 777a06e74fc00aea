// The send ledger: round trips of started records and outcomes in groups,
// what a rerun may start in each state (the claim), look-ups of many keys,
// keys a page at a time, counts per state, and the caller's mistakes
// refused without recording anything.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/state/ledger.hpp"
#include "core/state/state_store.hpp"
#include "tests/unit/state/state_fixture.hpp"

using namespace journeyctl::core::state;
using journeyctl::testing::StateFolder;

namespace {

StartedMessage message(std::string_view key, std::string_view batch = "b1") {
    return StartedMessage{key, batch, key.substr(key.find('/') + 1), "email", "welcome"};
}

std::optional<MessageRecord> find(Ledger& ledger, std::string_view key) {
    const std::vector<std::string_view> keys{key};
    return ledger.lookup(keys).front();
}

MessageState state_of(Ledger& ledger, std::string_view key) {
    const auto record = find(ledger, key);
    REQUIRE(record.has_value());
    return record->state;
}

}  // namespace

TEST_CASE("ledger: message states have stored names and rerun rules", "[state]") {
    const std::vector<std::string_view> names{"started", "sent", "failed", "retryable", "ambiguous", "deferred"};
    for (size_t i = 0; i < names.size(); ++i) {
        const auto state = static_cast<MessageState>(i);
        CHECK(message_state_name(state) == names[i]);
        CHECK(parse_message_state(names[i]) == state);
    }
    CHECK_FALSE(parse_message_state("Sent").has_value());

    CHECK(state_for_rerun(MessageState::Started) == MessageState::Ambiguous);
    CHECK(state_for_rerun(MessageState::Sent) == MessageState::Sent);

    struct Row {
        std::optional<MessageState> found;
        bool without_resend;
        bool with_resend;
    };
    const std::vector<Row> rows{
        {std::nullopt, true, true},
        {MessageState::Started, false, true},
        {MessageState::Sent, false, false},
        {MessageState::Failed, false, false},
        {MessageState::Retryable, true, true},
        {MessageState::Ambiguous, false, true},
        {MessageState::Deferred, true, true},
    };
    for (const Row& row : rows) {
        INFO((row.found ? message_state_name(*row.found) : "none"));
        CHECK(may_start(row.found, ResendUnknown::No) == row.without_resend);
        CHECK(may_start(row.found, ResendUnknown::Yes) == row.with_resend);
    }
}

TEST_CASE("ledger: a group started, then its outcomes, round trip", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    Ledger& ledger = store.ledger();
    const std::vector<StartedMessage> group{message("b1/c1"), message("b1/c2"), message("b1/c3")};
    CHECK(ledger.record_started(group, 100, ResendUnknown::No).empty());

    const std::vector<std::string_view> keys{"b1/c3", "b1/nobody", "b1/c1"};
    const auto started = ledger.lookup(keys);
    REQUIRE(started.size() == 3);
    REQUIRE(started[0].has_value());
    CHECK_FALSE(started[1].has_value());
    REQUIRE(started[2].has_value());
    const MessageRecord& c3 = *started[0];
    CHECK(c3.idempotency_key == "b1/c3");
    CHECK(c3.batch == "b1");
    CHECK(c3.profile_key == "c3");
    CHECK(c3.channel == "email");
    CHECK(c3.template_name == "welcome");
    CHECK(c3.state == MessageState::Started);
    CHECK(c3.attempts == 1);
    CHECK(c3.provider_message_id.empty());
    CHECK(c3.first_started == 100);
    CHECK(c3.last_updated == 100);

    const std::vector<MessageOutcome> outcomes{
        {"b1/c1", MessageState::Sent, "sg-abc", "202", ""},
        {"b1/c2", MessageState::Failed, "", "400", "invalid address"},
        {"b1/c3", MessageState::Ambiguous, "", "", "timeout after 30s"},
    };
    ledger.record_outcomes(outcomes, 200);
    const auto c1 = find(ledger, "b1/c1");
    REQUIRE(c1);
    CHECK(c1->state == MessageState::Sent);
    CHECK(c1->provider_message_id == "sg-abc");
    CHECK(c1->provider_status == "202");
    CHECK(c1->error.empty());
    CHECK(c1->first_started == 100);
    CHECK(c1->last_updated == 200);
    const auto c2 = find(ledger, "b1/c2");
    REQUIRE(c2);
    CHECK(c2->state == MessageState::Failed);
    CHECK(c2->error == "invalid address");
    CHECK(state_of(ledger, "b1/c3") == MessageState::Ambiguous);
}

TEST_CASE("ledger: a rerun starts only what may be sent again", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    Ledger& ledger = store.ledger();
    const std::vector<StartedMessage> first{message("b1/sent"),      message("b1/failed"),  message("b1/retryable"),
                                            message("b1/ambiguous"), message("b1/deferred"), message("b1/started")};
    REQUIRE(ledger.record_started(first, 10, ResendUnknown::No).empty());
    const std::vector<MessageOutcome> outcomes{
        {"b1/sent", MessageState::Sent, "id-1", "202", ""},
        {"b1/failed", MessageState::Failed, "", "400", "bad address"},
        {"b1/retryable", MessageState::Retryable, "", "503", "service unavailable"},
        {"b1/ambiguous", MessageState::Ambiguous, "", "", "connection reset"},
        {"b1/deferred", MessageState::Deferred, "", "", ""},
    };
    ledger.record_outcomes(outcomes, 20);  // b1/started: the process died before its outcome

    // The rerun: the same messages and a new one.
    std::vector<StartedMessage> rerun = first;
    rerun.push_back(message("b1/new"));
    const auto not_started = ledger.record_started(rerun, 30, ResendUnknown::No);
    REQUIRE(not_started.size() == 4);
    CHECK(not_started[0].index == 0);
    CHECK(not_started[0].state == MessageState::Sent);
    CHECK(not_started[1].index == 1);
    CHECK(not_started[1].state == MessageState::Failed);
    CHECK(not_started[2].index == 3);
    CHECK(not_started[2].state == MessageState::Ambiguous);
    CHECK(not_started[3].index == 5);
    CHECK(not_started[3].state == MessageState::Ambiguous);

    // Started again: one more attempt, the last outcome's details cleared.
    const auto retried = find(ledger, "b1/retryable");
    REQUIRE(retried);
    CHECK(retried->state == MessageState::Started);
    CHECK(retried->attempts == 2);
    CHECK(retried->provider_status.empty());
    CHECK(retried->error.empty());
    CHECK(retried->first_started == 10);
    CHECK(retried->last_updated == 30);
    CHECK(state_of(ledger, "b1/deferred") == MessageState::Started);
    CHECK(state_of(ledger, "b1/new") == MessageState::Started);
    // Left as found, but the dead run's started message is now ambiguous.
    const auto sent = find(ledger, "b1/sent");
    REQUIRE(sent);
    CHECK(sent->attempts == 1);
    CHECK(sent->provider_message_id == "id-1");
    const auto abandoned = find(ledger, "b1/started");
    REQUIRE(abandoned);
    CHECK(abandoned->state == MessageState::Ambiguous);
    CHECK(abandoned->attempts == 1);
    CHECK(abandoned->last_updated == 30);

    // --resend-unknown: the ambiguous ones go again, sent and failed never.
    const auto resent = ledger.record_started(first, 40, ResendUnknown::Yes);
    // retryable, deferred were started at 30 by this run and are "started"
    // now: to another run, ambiguous, which --resend-unknown resends too.
    REQUIRE(resent.size() == 2);
    CHECK(resent[0].state == MessageState::Sent);
    CHECK(resent[1].state == MessageState::Failed);
    const auto ambiguous = find(ledger, "b1/ambiguous");
    REQUIRE(ambiguous);
    CHECK(ambiguous->state == MessageState::Started);
    CHECK(ambiguous->attempts == 2);
}

TEST_CASE("ledger: keys a page at a time and counts per state, per batch", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    Ledger& ledger = store.ledger();
    std::vector<std::string> keys;
    for (int i = 0; i < 25; ++i) keys.push_back("b1/c" + std::to_string(100 + i));
    std::vector<StartedMessage> group;
    for (const std::string& key : keys) group.push_back(message(key));
    group.push_back(message("b2/c100", "b2"));
    REQUIRE(ledger.record_started(group, 1, ResendUnknown::No).empty());
    std::vector<MessageOutcome> outcomes;
    for (size_t i = 0; i < keys.size(); ++i) {
        outcomes.push_back({keys[i], i % 5 == 0 ? MessageState::Ambiguous : MessageState::Sent, "", "", ""});
    }
    outcomes.push_back({"b2/c100", MessageState::Ambiguous, "", "", ""});
    ledger.record_outcomes(outcomes, 2);

    const StateCounts counts = ledger.count_by_state("b1");
    CHECK(counts[MessageState::Sent] == 20);
    CHECK(counts[MessageState::Ambiguous] == 5);
    CHECK(counts[MessageState::Started] == 0);
    CHECK(counts.total() == 25);
    CHECK(ledger.count_by_state("b2").total() == 1);
    CHECK(ledger.count_by_state("nothing").total() == 0);

    std::vector<std::string> pages;
    std::string after;
    size_t page_count = 0;
    for (;;) {
        const auto page = ledger.keys_in_state("b1", MessageState::Ambiguous, after, 2);
        if (page.empty()) break;
        CHECK(page.size() <= 2);
        ++page_count;
        pages.insert(pages.end(), page.begin(), page.end());
        after = page.back();
    }
    CHECK(page_count == 3);
    CHECK(pages == std::vector<std::string>{"b1/c100", "b1/c105", "b1/c110", "b1/c115", "b1/c120"});
    CHECK(ledger.keys_in_state("b1", MessageState::Failed, "", 10).empty());
}

TEST_CASE("ledger: long details are cut at a character boundary", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    Ledger& ledger = store.ledger();
    const std::vector<StartedMessage> group{message("b1/c1")};
    REQUIRE(ledger.record_started(group, 1, ResendUnknown::No).empty());
    // "é" is two bytes: the cut at an odd byte would split one.
    const std::string error = "x" + [] {
        std::string s;
        for (size_t i = 0; i < k_max_detail_bytes; ++i) s += "\xC3\xA9";
        return s;
    }();
    const std::vector<MessageOutcome> outcomes{{"b1/c1", MessageState::Failed, "", "", error}};
    ledger.record_outcomes(outcomes, 2);
    const auto record = find(ledger, "b1/c1");
    REQUIRE(record);
    CHECK(record->error.size() == k_max_detail_bytes - 1);
    CHECK(record->error == error.substr(0, k_max_detail_bytes - 1));
}

TEST_CASE("ledger: the caller's mistakes record nothing", "[state]") {
    StateFolder folder;
    StateStore store(folder.state_file());
    Ledger& ledger = store.ledger();
    SECTION("a key twice in one group") {
        const std::vector<StartedMessage> group{message("b1/c1"), message("b1/c2"), message("b1/c1")};
        CHECK_THROWS_AS(ledger.record_started(group, 1, ResendUnknown::No), std::invalid_argument);
        CHECK_FALSE(find(ledger, "b1/c2").has_value());
    }
    SECTION("an empty key") {
        const std::vector<StartedMessage> group{message("b1/c1"), StartedMessage{"", "b1", "c", "email", "t"}};
        CHECK_THROWS_AS(ledger.record_started(group, 1, ResendUnknown::No), std::invalid_argument);
        CHECK_FALSE(find(ledger, "b1/c1").has_value());
    }
    SECTION("an outcome for a message never started, or 'started' as an outcome") {
        const std::vector<StartedMessage> group{message("b1/c1")};
        REQUIRE(ledger.record_started(group, 1, ResendUnknown::No).empty());
        const std::vector<MessageOutcome> unknown{{"b1/c1", MessageState::Sent, "", "", ""},
                                                  {"b1/ghost", MessageState::Sent, "", "", ""}};
        CHECK_THROWS_AS(ledger.record_outcomes(unknown, 2), std::invalid_argument);
        const std::vector<MessageOutcome> started{{"b1/c1", MessageState::Started, "", "", ""}};
        CHECK_THROWS_AS(ledger.record_outcomes(started, 2), std::invalid_argument);
        CHECK(state_of(ledger, "b1/c1") == MessageState::Started);
    }
}
