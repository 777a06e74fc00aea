// Record and RecordList values (core/expr/record.hpp): every expression
// must give the same result whether profile and events are stored maps and
// lists or views of rows in a RecordSource. Each row of the table below is
// evaluated both ways and the results compared as CEL literals.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expression.hpp"
#include "core/expr/record.hpp"

using namespace journeyctl::core::expr;

namespace {

// A table of named columns; a cell is a value or absent.
class FakeSource final : public RecordSource {
public:
    explicit FakeSource(std::vector<std::string> names) : m_names(std::move(names)) {}
    void add_row(std::vector<std::optional<Value>> cells) {
        cells.resize(m_names.size());
        m_rows.push_back(std::move(cells));
    }
    uint32_t field_count() const override { return static_cast<uint32_t>(m_names.size()); }
    std::string_view field_name(uint32_t field) const override { return m_names[field]; }
    std::optional<uint32_t> field_index(std::string_view name) const override {
        ++lookups;
        for (uint32_t i = 0; i < m_names.size(); ++i) {
            if (m_names[i] == name) return i;
        }
        return std::nullopt;
    }
    bool get(uint32_t field, uint32_t row, Value& out) const override {
        const auto& cell = m_rows.at(row).at(field);
        if (!cell) return false;
        out = *cell;
        return true;
    }
    mutable int lookups = 0;

private:
    std::vector<std::string> m_names;
    std::vector<std::vector<std::optional<Value>>> m_rows;
};

Value string_list(std::initializer_list<const char*> items) {
    ListValue list;
    for (const char* item : items) list.push_back(Value::string(item));
    return Value::list(std::move(list));
}

Value props(double amount) {
    auto map = std::make_shared<MapValue>();
    map->insert(Value::string("amount"), Value::real(amount));
    return Value::map(map);
}

Timestamp at(int64_t seconds) { return Timestamp{seconds, 0}; }

constexpr int64_t k_now = 1793491200;  // 2026-11-01T00:00:00Z

struct Data {
    FakeSource profiles{{"name", "age", "score", "tags", "nothing", "email"}};
    FakeSource events{{"type", "time", "properties", "channel"}};
    Data() {
        profiles.add_row({Value::string("Ada"), Value::integer(36), Value::real(2.5), string_list({"vip", "beta"}),
                          Value::null(), Value::string("")});
        profiles.add_row({Value::string("Bob"), std::nullopt, Value::real(1), string_list({}), std::nullopt,
                          std::nullopt});
        events.add_row({Value::string("purchase"), Value::timestamp(at(k_now - 86400 * 100)), props(10)});
        events.add_row({Value::string("visit"), Value::timestamp(at(k_now - 86400 * 20)), std::nullopt,
                        Value::string("web")});
        events.add_row({Value::string("purchase"), Value::timestamp(at(k_now - 86400 * 3)), props(12.5)});
    }
};

struct Bound {
    Environment env = Environment::standard();
    int profile = env.declare("profile", Type::map(Type::of(TypeKind::String), Type::dyn()));
    int events = env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
};

std::string evaluate(std::string_view text, const Bound& bound, const Value& profile, const Value& events) {
    CompileResult r = compile(text, bound.env);
    if (!r.ok()) return "compile error: " + r.diagnostics.front().message;
    Evaluator evaluator(r.program);
    Activation activation(bound.env);
    activation.set(bound.profile, profile);
    activation.set(bound.events, events);
    activation.set(*bound.env.slot_of("now"), Value::timestamp(at(k_now)));
    return evaluator.evaluate(activation).to_cel_literal();
}

constexpr std::string_view k_expressions[] = {
    "profile",
    "events",
    "profile.name",
    "profile.age",
    "profile.age >= 25",
    "profile.nothing",
    "profile.frist_name",
    "profile.email == \"\"",
    "has(profile.age)",
    "has(profile.nothing)",
    "has(profile.email)",
    "profile.age ?? 18",
    "profile[\"name\"]",
    "profile[\"zzz\"]",
    "profile[1]",
    "\"name\" in profile",
    "\"zzz\" in profile",
    "1 in profile",
    "size(profile)",
    "profile.size()",
    "type(profile) == map",
    "type(events) == list",
    "type(events[0])",
    "profile.all(k, k != \"\")",
    "profile.map(k, k)",
    "profile.filter(k, k.startsWith(\"n\"))",
    "profile == profile",
    "profile == {\"name\": \"Ada\"}",
    "{\"name\": \"Bob\", \"score\": 1.0, \"tags\": []} == profile",
    "profile != {}",
    "profile.tags.exists(t, t == \"vip\")",
    "\"vip\" in profile.tags",
    "size(events)",
    "events.size() > 1",
    "events[0]",
    "events[1].type",
    "events[2u].properties.amount",
    "events[3]",
    "events[-1]",
    "events[1].properties",
    "events.exists(e, e.type == \"purchase\" && e.time >= now - 14d)",
    "events.all(e, e.time < now)",
    "events.exists_one(e, e.type == \"visit\")",
    "events.filter(e, e.type == \"purchase\").size()",
    "events.filter(e, e.type == \"purchase\" && e.time >= now - 90d).size() >= 1",
    "size(events.filter(e, e.type == \"purchase\"))",
    "events.filter(e, e.properties.amount > 11.0).size()",
    "events.filter(e, e.type == \"purchase\")",
    "events.filter(e, e.type == \"purchase\").map(e, e.properties.amount).sum()",
    "events.map(e, e.type)",
    "events.map(e, e.type == \"purchase\", e.properties.amount)",
    "events.map(e, e.properties.amount).max()",
    "events.exists(e, e.channel == \"web\")",
    "events.all(e, has(e.channel))",
    "events.filter(e, has(e.channel)).size()",
    "events + [{\"type\": \"x\"}]",
    "[{\"type\": \"x\"}] + events",
    "events + events",
    "events == events",
    "events == []",
    "events[0] in events",
    "{\"type\": \"visit\"} in events",
    "events.sum()",
    "events.min()",
    "events.map(e, e).size()",
    "[profile, 1][0].name",
    "{\"p\": profile}.p.name",
    "profile < profile",
    "profile + profile",
    "events.filter(e, e.time).size()",
    "events.filter(e, e.nope == 1).size()",
    "events.exists(e, e.nope == 1)",
    "events.exists(e, e.type == \"visit\" || e.nope == 1)",
    "string(profile)",
    "int(events)",
};

}  // namespace

TEST_CASE("Records and RecordLists behave as the maps and lists they stand for", "[record]") {
    Data data;
    Bound bound;
    for (uint32_t row = 0; row < 2; ++row) {
        const Value profile_view = Value::record(&data.profiles, row);
        // Ada has all three events, Bob none.
        const Value events_view = Value::record_list(&data.events, 0, row == 0 ? 3 : 0);
        const Value profile_map = profile_view.materialize();
        const Value events_list = events_view.materialize();
        REQUIRE(profile_map.kind() == Value::Kind::Map);
        REQUIRE(events_list.kind() == Value::Kind::List);
        for (std::string_view text : k_expressions) {
            CAPTURE(row, text);
            std::string stored = evaluate(text, bound, profile_map, events_list);
            std::string viewed = evaluate(text, bound, profile_view, events_view);
            CHECK(viewed == stored);
        }
    }
}

TEST_CASE("Record values print, compare and report their type", "[record]") {
    Data data;
    const Value ada = Value::record(&data.profiles, 0);
    const Value bob = Value::record(&data.profiles, 1);
    CHECK(ada.type_name() == "map");
    CHECK(Value::record_list(&data.events, 0, 3).type_name() == "list");
    CHECK(ada.is_map_like());
    CHECK_FALSE(ada.is_list_like());
    CHECK(bob.to_cel_literal() == R"({"name": "Bob", "score": 1.0, "tags": []})");
    CHECK(bob.to_json() == R"({"name":"Bob","score":1.0,"tags":[]})");
    CHECK(Value::record_list(&data.events, 1, 2).to_json() ==
          R"([{"type":"visit","time":"2026-10-12T00:00:00Z","channel":"web"}])");
    CHECK(Value::record_list(&data.events, 2, 2).to_cel_literal() == "[]");
    CHECK(ada == ada.materialize());
    CHECK(ada.materialize() == ada);
    CHECK_FALSE(ada == bob);
    CHECK(Value::record(&data.profiles, 1) == bob);
    CHECK(Value::record_list(&data.events, 0, 3) == Value::record_list(&data.events, 0, 3).materialize());
    CHECK_FALSE(Value::record_list(&data.events, 0, 3) == Value::record_list(&data.events, 0, 2));
    // A backwards range is empty, not huge.
    CHECK(Value::record_list(&data.events, 2, 1).to_cel_literal() == "[]");
}

TEST_CASE("A selected field is looked up once per source, not once per row", "[record]") {
    Data data;
    Bound bound;
    CompileResult r = compile(R"(events.exists(e, e.type == "visit") && profile.name != "")", bound.env);
    REQUIRE(r.ok());
    Evaluator evaluator(r.program);
    Activation activation(bound.env);
    activation.set(*bound.env.slot_of("now"), Value::timestamp(at(k_now)));
    for (int repeat = 0; repeat < 50; ++repeat) {
        for (uint32_t row = 0; row < 2; ++row) {
            activation.set(bound.profile, Value::record(&data.profiles, row));
            activation.set(bound.events, Value::record_list(&data.events, 0, 3));
            CHECK(evaluator.evaluate(activation).to_cel_literal() == "true");
        }
    }
    CHECK(data.events.lookups == 1);
    CHECK(data.profiles.lookups == 1);

    // Another source with the fields in another order: looked up again.
    FakeSource other({"channel", "type"});
    other.add_row({Value::string("sms"), Value::string("visit")});
    activation.set(bound.events, Value::record_list(&other, 0, 1));
    CHECK(evaluator.evaluate(activation).to_cel_literal() == "true");
    other.add_row({Value::string("sms"), Value::string("purchase")});
    activation.set(bound.events, Value::record_list(&other, 1, 2));
    CHECK(evaluator.evaluate(activation).to_cel_literal() == "false");
    CHECK(other.lookups == 1);
}

TEST_CASE("An absent field is a no-such-key error and has() is false", "[record]") {
    Data data;
    Bound bound;
    const Value bob = Value::record(&data.profiles, 1);
    const Value none = Value::record_list(&data.events, 0, 0);
    CHECK(evaluate("profile.age", bound, bob, none) == "error: no such key: 'age'");
    CHECK(evaluate("profile.age > 3", bound, bob, none) == "error: no such key: 'age'");
    CHECK(evaluate("has(profile.age)", bound, bob, none) == "false");
    CHECK(evaluate("false && profile.age > 3", bound, bob, none) == "false");
    CHECK(evaluate("profile[\"age\"]", bound, bob, none) == "error: no such key: 'age'");
    CHECK(evaluate("events.exists(e, true)", bound, bob, none) == "false");
    CHECK(evaluate("events.all(e, false)", bound, bob, none) == "true");
}
