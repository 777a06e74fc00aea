// The segment engine on a fake population: counts with inSegment and
// errors, the thread split, strict mode's first error, the fields a
// segment reads, and explain's clause tree.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/segment/fake_rows.hpp"
#include "core/segment/engine.hpp"

using namespace journeyctl::core;
using expr::Type;
using expr::TypeKind;
using expr::Value;

namespace {

using journeyctl::testing::Rows;

constexpr int64_t k_now = 1793491200;  // 2026-11-01T00:00:00Z

// Profile i: age i % 50 (absent when i % 7 == 0), country FR for even i;
// events: a purchase for every third profile, 3 days ago.
struct World {
    Rows profiles{{"id", "age", "country"}};
    Rows events{{"type", "time"}};
    std::vector<uint32_t> begins;
    explicit World(uint32_t count) {
        for (uint32_t i = 0; i < count; ++i) {
            std::optional<Value> age;
            if (i % 7 != 0) age = Value::integer(i % 50);
            profiles.add({Value::string("p" + std::to_string(i)), age, Value::string(i % 2 == 0 ? "FR" : "US")});
            begins.push_back(events.size());
            if (i % 3 == 0) events.add({Value::string("purchase"), Value::timestamp({k_now - 3 * 86400, 0})});
            events.add({Value::string("visit"), Value::timestamp({k_now - 86400, 0})});
        }
        begins.push_back(events.size());
    }
    segment::Population population() const {
        segment::Population p;
        p.profiles = &profiles;
        p.events = &events;
        p.profile_count = profiles.size();
        p.event_begin = [this](uint32_t row) { return begins[row]; };
        return p;
    }
};

Type profile_type() {
    return Type::record("profile", {{"id", Type::of(TypeKind::String)},
                                    {"age", Type::of(TypeKind::Int)},
                                    {"country", Type::of(TypeKind::String)},
                                    {"extra", Type::dyn()}});
}

segment::Engine make_engine() {
    return segment::Engine(
        {
            {"adult", "profile.age >= 18"},
            {"buyer", "events.exists(e, e.type == \"purchase\" && e.time >= now - 14d)"},
            {"adult_buyer", "inSegment(\"adult\") && inSegment(\"buyer\")"},
            {"french", "profile.country == \"FR\""},
            {"broken", "profile.extra"},
        },
        profile_type());
}

// The expected counts, computed the slow way.
struct Expected {
    uint64_t adult = 0, buyer = 0, adult_buyer = 0, missing_age = 0;
    explicit Expected(uint32_t count) {
        for (uint32_t i = 0; i < count; ++i) {
            bool adult_i = i % 7 != 0 && i % 50 >= 18;
            bool buyer_i = i % 3 == 0;
            adult += adult_i;
            buyer += buyer_i;
            adult_buyer += adult_i && buyer_i;
            missing_age += i % 7 == 0;
        }
    }
};

}  // namespace

TEST_CASE("Segments are counted in one pass, with inSegment and errors counted as false", "[segment-engine]") {
    for (uint32_t count : {0u, 1u, 100u, 20000u}) {
        CAPTURE(count);
        World world(count);
        segment::Engine engine = make_engine();
        const std::vector<size_t> targets{*engine.find("adult_buyer"), *engine.find("french")};
        REQUIRE(engine.prepare(targets).empty());
        segment::RunOptions options;
        options.now = {k_now, 0};
        segment::RunResult result = engine.run(world.population(), targets, options);
        Expected expected(count);
        CHECK(result.stats[*engine.find("adult_buyer")].members == expected.adult_buyer);
        CHECK(result.stats[*engine.find("french")].members == (count + 1) / 2);
        // adult was evaluated through inSegment, for every profile (it comes first).
        const auto& adult = result.stats[*engine.find("adult")];
        CHECK(adult.evaluated == (count > 0));
        CHECK(adult.errors == expected.missing_age);
        if (count > 0) {
            CHECK(adult.first_error_row == 0);
            CHECK(adult.first_error == "no such key: 'age'");
        }
        CHECK_FALSE(result.stats[*engine.find("broken")].evaluated);
        CHECK_FALSE(result.stopped_at);
        REQUIRE(result.members.size() == 2);
        REQUIRE(result.members[0].size() == count);
        for (uint32_t i = 0; i < count; ++i) {
            CHECK(result.members[0][i] == ((i % 7 != 0 && i % 50 >= 18 && i % 3 == 0) ? 1 : 0));
        }
    }
}

TEST_CASE("One thread and two give the same members and counts", "[segment-engine]") {
    World world(30000);
    segment::Engine engine = make_engine();
    const std::vector<size_t> targets{0, 1, 2, 3};
    REQUIRE(engine.prepare(targets).empty());
    segment::RunOptions one;
    one.now = {k_now, 0};
    one.threads = 1;
    segment::RunOptions two = one;
    two.threads = 2;
    uint64_t progress_calls = 0;
    two.progress = [&](uint64_t done, uint64_t total) {
        ++progress_calls;
        CHECK(done <= total);
    };
    auto a = engine.run(world.population(), targets, one);
    auto b = engine.run(world.population(), targets, two);
    CHECK(a.members == b.members);
    for (size_t s = 0; s < 4; ++s) {
        CHECK(a.stats[s].members == b.stats[s].members);
        CHECK(a.stats[s].errors == b.stats[s].errors);
        CHECK(a.stats[s].first_error_row == b.stats[s].first_error_row);
    }
    CHECK(progress_calls >= 1);
}

TEST_CASE("A where that is not a bool counts as an error; strict mode stops at the lowest row", "[segment-engine]") {
    World world(20000);
    segment::Engine engine = make_engine();
    const std::vector<size_t> broken{*engine.find("broken")};
    REQUIRE(engine.prepare(broken).empty());  // dyn: only known at run time
    segment::RunOptions options;
    options.now = {k_now, 0};
    auto result = engine.run(world.population(), broken, options);
    const auto& stats = result.stats[broken[0]];
    CHECK(stats.members == 0);
    CHECK(stats.errors == 20000);
    CHECK(stats.first_error == "no such key: 'extra'");

    // adult's first error is at row 0, but thread 2 starts at row 10000 and
    // finds its own (row 10003) first: the report must still say row 0.
    const std::vector<size_t> adult{*engine.find("adult")};
    REQUIRE(engine.prepare(adult).empty());
    options.strict = true;
    auto strict = engine.run(world.population(), adult, options);
    REQUIRE(strict.stopped_at);
    CHECK(*strict.stopped_at == adult[0]);
    CHECK(strict.stats[adult[0]].first_error_row == 0);
}

TEST_CASE("prepare reports what does not compile, including unknown inSegment names", "[segment-engine]") {
    segment::Engine engine({{"a", "inSegment(\"b\") && inSegment(\"nope\")"},
                            {"b", "profile.age >"},
                            {"c", "profile.agee > 3"},
                            {"d", "1 + 2"}},
                           profile_type());
    const std::vector<size_t> targets{0, 2, 3};
    auto problems = engine.prepare(targets);
    std::vector<std::string> seen;
    for (const auto& p : problems) seen.push_back(p.segment + ": " + p.message);
    REQUIRE(problems.size() == 4);
    CHECK(std::count_if(problems.begin(), problems.end(), [](auto& p) { return p.segment == "a"; }) == 1);
    CHECK(std::count_if(problems.begin(), problems.end(), [](auto& p) { return p.segment == "b"; }) == 1);
    CHECK(std::count_if(problems.begin(), problems.end(), [](auto& p) { return p.segment == "c"; }) == 1);
    CHECK(std::count_if(problems.begin(), problems.end(), [](auto& p) { return p.segment == "d"; }) == 1);
    for (const auto& p : problems) {
        if (p.segment == "a") {
            CHECK(p.message == "there is no segment 'nope'");
            CHECK(p.span.offset == 28);
        }
    }
    CHECK(engine.program(0) != nullptr);
    CHECK(engine.program(1) == nullptr);
}

TEST_CASE("The fields a segment reads", "[segment-engine]") {
    auto use_of = [](std::string where) {
        segment::Engine engine({{"s", std::move(where)}}, Type::map(Type::of(TypeKind::String), Type::dyn()));
        const std::vector<size_t> targets{0};
        REQUIRE(engine.prepare(targets).empty());
        return engine.field_use();
    };
    auto use = use_of(
        "profile.age > 3 && has(profile.email) && profile[\"tier\"] == \"gold\" && "
        "events.filter(e, e.type == \"purchase\").map(x, x.properties.amount).sum() > 2.0 && events[0].time < now");
    CHECK(use.profile_fields == std::set<std::string>{"age", "email", "tier"});
    // `amount` is inside properties, not an event field.
    CHECK(use.event_fields == std::set<std::string>{"properties", "time", "type"});
    CHECK_FALSE(use.all_profile_fields);
    CHECK_FALSE(use.all_event_fields);
    CHECK(use.uses_events);

    use = use_of("size(events) > 2 || events.size() == 0");
    CHECK(use.uses_events);
    CHECK(use.event_fields.empty());
    CHECK_FALSE(use.all_event_fields);

    use = use_of("profile.age > 1");
    CHECK_FALSE(use.uses_events);

    CHECK(use_of("events.map(e, e).size() > 0").all_event_fields);
    CHECK(use_of("size(profile) > 3").all_profile_fields);
    CHECK(use_of("events == []").all_event_fields);
}

TEST_CASE("The keys of an event field read only through them", "[segment-engine]") {
    auto use_of = [](std::vector<std::string> wheres) {
        std::vector<segment::SegmentDef> defs;
        std::vector<size_t> targets;
        for (std::string& where : wheres) {
            targets.push_back(defs.size());
            defs.push_back({"s" + std::to_string(defs.size()), std::move(where)});
        }
        segment::Engine engine(std::move(defs), Type::map(Type::of(TypeKind::String), Type::dyn()));
        REQUIRE(engine.prepare(targets).empty());
        return engine.field_use();
    };
    using Keys = std::map<std::string, std::set<std::string>>;
    auto use = use_of({"events.exists(e, e.properties.amount > 2.0 && has(e.properties.sku) && has(e.meta))",
                       "events[0].properties.amount.cents == 1"});
    CHECK(use.event_fields == std::set<std::string>{"meta", "properties"});
    CHECK(use.event_field_keys == Keys{{"meta", {}}, {"properties", {"amount", "sku"}}});

    // Read whole anywhere (compared, sized, printed, indexed): whole.
    CHECK(use_of({"events.exists(e, e.properties.amount > 2.0 && size(e.properties) > 1)"}).event_field_keys.empty());
    CHECK(use_of({"events.exists(e, e.properties.amount > 2.0)", "events.exists(e, e.properties == {})"})
              .event_field_keys.empty());
    CHECK(use_of({"events.exists(e, e[\"properties\"].amount > 2.0)"}).event_field_keys.empty());
    // Keys of two segments add up.
    CHECK(use_of({"events.exists(e, e.properties.amount > 2.0)", "events.exists(e, e.properties.sku == \"a\")"})
              .event_field_keys == Keys{{"properties", {"amount", "sku"}}});
    // A profile's fields are not cut down.
    CHECK(use_of({"profile.address.city == \"Paris\""}).event_field_keys.empty());
}

TEST_CASE("subtree_text cuts a clause out of its source", "[segment-engine]") {
    segment::Engine engine(
        {{"s",
          "profile.age >= 18 && (profile.country in [\"FR\", \"DE\"] || has(profile.vip))\n"
          "  && !events.exists(e, e.type == \"purchase\") && size(events) > (1 + 0) * 2"}},
        Type::map(Type::of(TypeKind::String), Type::dyn()));
    const std::vector<size_t> targets{0};
    REQUIRE(engine.prepare(targets).empty());
    World world(3);
    segment::Population population = world.population();
    // Row 2: age 2, FR, no purchase, one event.
    auto tree = engine.explain(0, population, 2, {k_now, 0});
    CHECK(tree.op == "&&");
    CHECK(tree.value.to_cel_literal() == "false");
    REQUIRE(tree.children.size() == 4);
    CHECK(tree.children[0].text == "profile.age >= 18");
    CHECK(tree.children[0].value.to_cel_literal() == "false");
    CHECK(tree.children[1].text == "profile.country in [\"FR\", \"DE\"] || has(profile.vip)");
    CHECK(tree.children[1].op == "||");
    REQUIRE(tree.children[1].children.size() == 2);
    CHECK(tree.children[1].children[0].text == "profile.country in [\"FR\", \"DE\"]");
    CHECK(tree.children[1].children[0].value.to_cel_literal() == "true");
    CHECK(tree.children[1].children[1].text == "has(profile.vip)");
    CHECK(tree.children[1].children[1].value.to_cel_literal() == "false");
    CHECK(tree.children[2].text == "!events.exists(e, e.type == \"purchase\")");
    CHECK(tree.children[2].value.to_cel_literal() == "true");
    CHECK(tree.children[2].children.empty());
    CHECK(tree.children[3].text == "size(events) > (1 + 0) * 2");
    CHECK(tree.children[3].value.to_cel_literal() == "false");

    // Row 0: no age: the clause is an error, the whole where false thanks to
    // the clause that is false.
    tree = engine.explain(0, population, 0, {k_now, 0});
    CHECK(tree.children[0].value.to_cel_literal() == "error: no such key: 'age'");
}

TEST_CASE("explain evaluates inSegment for the same profile", "[segment-engine]") {
    segment::Engine engine = make_engine();
    const std::vector<size_t> targets{*engine.find("adult_buyer")};
    REQUIRE(engine.prepare(targets).empty());
    World world(40);
    auto tree = engine.explain(targets[0], world.population(), 30, {k_now, 0});  // age 30, a buyer
    CHECK(tree.value.to_cel_literal() == "true");
    REQUIRE(tree.children.size() == 2);
    CHECK(tree.children[0].text == "inSegment(\"adult\")");
    CHECK(tree.children[1].value.to_cel_literal() == "true");
    tree = engine.explain(targets[0], world.population(), 31, {k_now, 0});  // age 31, no purchase
    CHECK(tree.value.to_cel_literal() == "false");
    CHECK(tree.children[0].value.to_cel_literal() == "true");
    CHECK(tree.children[1].value.to_cel_literal() == "false");
}

TEST_CASE("inSegment chains stop at k_max_segment_nesting segments", "[segment-engine][depth]") {
    // s0 uses s1, which uses s2, ... 5,000 deep: evaluating s0 would nest
    // 5,000 evaluations on the stack.
    std::vector<segment::SegmentDef> defs;
    const int n = 5000;
    for (int i = 0; i < n; ++i) {
        defs.push_back({"s" + std::to_string(i), i + 1 < n ? "inSegment(\"s" + std::to_string(i + 1) + "\")" : "true"});
    }
    segment::Engine engine(defs, profile_type());
    const std::vector<size_t> targets{*engine.find("s0")};
    REQUIRE(engine.prepare(targets).empty());
    World world(1);
    segment::RunOptions options;
    options.now = {k_now, 0};
    const segment::RunResult result = engine.run(world.population(), targets, options);
    CHECK(result.stats[*engine.find("s0")].members == 0);
    const int last = segment::k_max_segment_nesting;
    const auto& deepest = result.stats[*engine.find("s" + std::to_string(last))];
    CHECK(deepest.errors == 1);
    CHECK(deepest.first_error == "inSegment(\"s" + std::to_string(last + 1) +
                                     "\") nests too deeply (more than 8 segments inside each other)");
    CHECK_FALSE(result.stats[*engine.find("s" + std::to_string(last + 1))].evaluated);

    // A chain as long as the limit allows is evaluated.
    defs.resize(static_cast<size_t>(last) + 1);
    defs.back().where = "true";
    segment::Engine short_engine(defs, profile_type());
    const std::vector<size_t> short_targets{*short_engine.find("s0")};
    REQUIRE(short_engine.prepare(short_targets).empty());
    CHECK(short_engine.run(world.population(), short_targets, options).stats[0].members == 1);
}
