// An instance survives JSON: what the state database will store is what
// the step machine left.
#include <catch2/catch.hpp>

#include "core/expr/time.hpp"
#include "journeys/runtime/instance.hpp"

namespace journeyctl::journeys::runtime {
namespace {

Timestamp at(const char* text) { return std::get<Timestamp>(core::expr::time::parse_timestamp(text)); }

TEST_CASE("instance: JSON keeps every field of an active instance", "[runtime][instance]") {
    Instance in;
    in.journey = "welcome";
    in.version = 123456789;
    in.entry_id = 2;
    in.last_entry = at("2026-10-05T09:00:00Z");
    in.goals = {{at("2026-10-01T09:00:00Z"), at("2026-10-08T09:00:00Z")}};
    core::expr::MapValue map;
    map.insert(core::expr::Value::string("k"), core::expr::Value::integer(3));
    in.updates = {{"tier", core::expr::Value::string("gold")},
                  {"seen", core::expr::Value::timestamp(at("2026-10-05T09:30:00.5Z"))},
                  {"pause", core::expr::Value::duration({90, 0})},
                  {"score", core::expr::Value::real(2.5)},
                  {"tags", core::expr::Value::map(std::make_shared<const core::expr::MapValue>(std::move(map)))}};
    in.active = true;
    in.entered_at = at("2026-10-05T09:00:00Z");
    in.timeout_at = at("2026-11-04T09:00:00Z");
    in.step = "hello";
    in.arrived_at = at("2026-10-05T09:00:00Z");
    in.timer = at("2026-10-05T20:00:00Z");
    Message content;
    content.channel = "sms";
    content.kind = core::workspace::ChannelKind::Sms;
    content.to = "+33600000000";
    content.body = "Hi";
    in.held = HeldMessage{content.to, content};
    in.event = 41;
    in.visits = {{"hello", 1}, {"loop", 3}};

    const nlohmann::json json = to_json(in);
    const Instance back = instance_from_json(nlohmann::json::parse(json.dump()));
    CHECK(to_json(back) == json);
    CHECK(back.journey == "welcome");
    CHECK(back.version == 123456789);
    CHECK(back.entry_id == 2);
    CHECK(back.last_entry == in.last_entry);
    REQUIRE(back.goals.size() == 1);
    CHECK(back.goals[0].deadline == at("2026-10-08T09:00:00Z"));
    REQUIRE(back.updates.size() == 5);
    for (size_t i = 0; i < in.updates.size(); ++i) {
        INFO(in.updates[i].field);
        CHECK(back.updates[i].field == in.updates[i].field);
        CHECK(back.updates[i].value == in.updates[i].value);
    }
    CHECK(back.step == "hello");
    CHECK(back.timer == in.timer);
    REQUIRE(back.held);
    CHECK(back.held->to == "+33600000000");
    REQUIRE(back.held->content);
    CHECK(back.held->content->kind == core::workspace::ChannelKind::Sms);
    CHECK(back.held->content->body == "Hi");
    CHECK(back.event == 41u);
    REQUIRE(back.visits.size() == 2);
    CHECK(back.visits[1].step == "loop");
    CHECK(back.visits[1].count == 3);
}

TEST_CASE("instance: an instance that left keeps only the profile's history", "[runtime][instance]") {
    Instance in;
    in.journey = "welcome";
    in.entry_id = 1;
    in.last_entry = at("2026-10-05T09:00:00Z");
    in.step = "stale";  // meaningless once it left: not stored
    const nlohmann::json json = to_json(in);
    CHECK_FALSE(json.contains("step"));
    const Instance back = instance_from_json(json);
    CHECK_FALSE(back.active);
    CHECK(back.step.empty());
    CHECK(back.entered_ever());
    CHECK(back.last_entry == in.last_entry);
}

TEST_CASE("instance: JSON without the required fields is refused", "[runtime][instance]") {
    CHECK_THROWS_AS(instance_from_json(nlohmann::json::parse(R"({"journey": "j"})")), nlohmann::json::exception);
}

}  // namespace
}  // namespace journeyctl::journeys::runtime
