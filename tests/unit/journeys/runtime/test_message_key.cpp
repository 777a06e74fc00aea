// A journey message's idempotency key names the journey, the version
// entered under, the entry, the step and the visit to it, and the
// profile: the same decision replayed makes the same key, another entry
// or another visit another key. A rendered message survives JSON.
#include <catch2/catch.hpp>

#include "journeys/messages/message_json.hpp"
#include "journeys/runtime/message_key.hpp"

namespace journeyctl::journeys::runtime {
namespace {

TEST_CASE("message key: journey, version, entry, step, visit, profile", "[runtime]") {
    Instance in;
    in.journey = "winback";
    in.version = 42;
    in.entry_id = 3;
    in.step = "offer";
    in.visits = {{"hello", 1}, {"offer", 2}};
    CHECK(journey_message_key(in, "c1") == "#winback/v42/3/offer/2/c1");
    CHECK(journey_batch("winback") == "#winback");

    Instance next_entry = in;
    next_entry.entry_id = 4;
    next_entry.visits = {{"offer", 1}};
    CHECK(journey_message_key(next_entry, "c1") == "#winback/v42/4/offer/1/c1");
    // The profile comes last: a key with '/' in it stays apart.
    CHECK(journey_message_key(in, "a/b") == "#winback/v42/3/offer/2/a/b");
}

TEST_CASE("message JSON: every part comes back", "[messages]") {
    Message m;
    m.channel = "email";
    m.kind = core::workspace::ChannelKind::Email;
    m.to = "a@example.com";
    m.from = "Acme <${FROM}>";
    m.subject = "Hi";
    m.text = "text";
    m.html = "<p>html</p>";
    m.headers = {{"List-Unsubscribe", "<https://u.example/x>"}};
    const Message back = message_from_json(nlohmann::json::parse(message_to_json(m).dump()));
    CHECK(back.channel == m.channel);
    CHECK(back.kind == m.kind);
    CHECK(back.to == m.to);
    CHECK(back.from == m.from);
    CHECK(back.subject == m.subject);
    CHECK(back.text == m.text);
    CHECK(back.html == m.html);
    CHECK_FALSE(back.body);
    CHECK(back.headers == m.headers);

    nlohmann::json unknown = message_to_json(m);
    unknown["kind"] = "pigeon";
    CHECK_THROWS_AS(message_from_json(unknown), std::invalid_argument);
}

}  // namespace
}  // namespace journeyctl::journeys::runtime
