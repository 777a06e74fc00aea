// Compiled `where`s against the evaluator: over profiles whose fields are
// missing, of another type, or numbers of mixed kinds, each segment's
// members, error count and first error from Engine::run (compiled tests,
// parts and event scans) must be those of the plain evaluator, profile by
// profile.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "tests/unit/segment/fake_rows.hpp"
#include "core/expr/expression.hpp"
#include "core/segment/compiled_where.hpp"
#include "core/segment/engine.hpp"
#include "tests/unit/data/dataset_fixture.hpp"

using namespace journeyctl::core;
using expr::Type;
using expr::TypeKind;
using expr::Value;

namespace {

constexpr int64_t k_now = 1793491200;  // 2026-11-01T00:00:00Z
constexpr int64_t k_day = 86400;

using journeyctl::testing::Rows;

// Fields cycle through present, absent and other kinds at different
// periods, so that every combination shows up.
struct World {
    Rows profiles{{"id", "age", "tier", "opt", "score", "signup", "address"}};
    Rows events{{"type", "time"}};
    std::vector<uint32_t> begins;
    explicit World(uint32_t count) {
        const char* tiers[] = {"gold", "silver", "platinum", ""};
        for (uint32_t i = 0; i < count; ++i) {
            std::optional<Value> age = Value::integer(i % 60);
            if (i % 7 == 0) age.reset();
            if (i % 29 == 3) age = Value::string("40");
            if (i % 31 == 5) age = Value::real(30.5);
            std::optional<Value> tier = Value::string(tiers[i % 4]);
            if (i % 11 == 2) tier.reset();
            if (i % 37 == 1) tier = Value::integer(1);
            std::optional<Value> opt = Value::boolean(i % 3 != 0);
            if (i % 13 == 4) opt.reset();
            if (i % 41 == 6) opt = Value::string("true");
            std::optional<Value> score = Value::real(static_cast<double>(i % 100) * 7.5);
            if (i % 5 == 1) score = Value::integer(static_cast<int64_t>(i % 1000));
            if (i % 17 == 8) score.reset();
            std::optional<Value> signup = Value::timestamp({k_now - static_cast<int64_t>(i % 90) * k_day, 0});
            if (i % 19 == 7) signup.reset();
            std::optional<Value> address;
            if (i % 2 == 0) {
                auto map = std::make_shared<expr::MapValue>();
                if (i % 4 == 0) map->insert(Value::string("city"), Value::string(i % 8 == 0 ? "Paris" : "Lyon"));
                address = Value::map(map);
            }
            profiles.add({Value::string("p" + std::to_string(i)), age, tier, opt, score, signup, address});
            begins.push_back(events.size());
            for (uint32_t e = 0; e < i % 5; ++e) {
                events.add({Value::string(e % 2 == 0 ? "purchase" : "visit"),
                            Value::timestamp({k_now - static_cast<int64_t>((i % 5 - e) * (i % 9 + 1)) * k_day, 0})});
            }
        }
        begins.push_back(events.size());
    }
    segment::Population population() const {
        segment::Population p;
        p.profiles = &profiles;
        p.events = &events;
        p.profile_count = profiles.size();
        p.event_begin = [this](uint32_t row) { return begins[row]; };
        p.events_time_field = events.field_index("time");
        return p;
    }
};

const char* const k_wheres[] = {
    "profile.age >= 25 && profile.age <= 54",
    "profile.age < 30 || profile.tier == \"gold\"",
    "profile.tier in [\"gold\", \"platinum\"] && profile.opt",
    "!profile.opt && has(profile.age)",
    "profile.score >= 500.0",
    "profile.score >= 500",
    "profile.score != 15.0 && profile.score > 7",
    "profile.signup >= now - 30d",
    "now - 10d > profile.signup || !has(profile.signup)",
    "profile.address.city == \"Paris\"",
    "has(profile.address.city) || has(profile.address)",
    "profile.age + 1 > 30 && profile.tier != \"silver\"",
    "profile.tier.startsWith(\"g\") || profile.age == 7",
    "inSegment(\"s0\") && !inSegment(\"s2\")",
    "profile.opt && events.exists(e, e.type == \"purchase\" && e.time >= now - 10d)",
    "events.filter(e, e.type == \"visit\").size() >= 1 && profile.age > 20",
    "profile.age > 20 ? profile.opt : profile.tier == \"gold\"",
    "profile.tier",
    "profile.missing == 1 || profile.age > 50",
    "true && profile.age > 10",
    "profile.age > 10 && false",
};

}  // namespace

TEST_CASE("Compiled wheres give the evaluator's members and errors", "[segment-engine]") {
    World world(600);
    std::vector<segment::SegmentDef> defs;
    for (const char* where : k_wheres) defs.push_back({"s" + std::to_string(defs.size()), where});
    segment::Engine engine(defs, Type::map(Type::of(TypeKind::String), Type::dyn()));
    std::vector<size_t> targets;
    for (size_t i = 0; i < defs.size(); ++i) targets.push_back(i);
    REQUIRE(engine.prepare(targets).empty());
    const segment::Population population = world.population();
    segment::RunOptions options;
    options.now = {k_now, 0};
    options.threads = 1;
    const segment::RunResult result = engine.run(population, targets, options);

    for (size_t s = 0; s < defs.size(); ++s) {
        CAPTURE(defs[s].where);
        uint64_t members = 0;
        uint64_t errors = 0;
        std::string first_error;
        for (uint32_t row = 0; row < population.profile_count; ++row) {
            CAPTURE(row);
            const Value v = engine.evaluate(*engine.program(s), engine.environment(), population, row, options.now);
            const bool in = v.kind() == Value::Kind::Bool && v.as_bool();
            CHECK(static_cast<bool>(result.members[s][row]) == in);
            members += in ? 1 : 0;
            if (v.kind() != Value::Kind::Bool) {
                if (errors++ == 0) {
                    first_error = v.is_error() ? std::string(v.as_string())
                                               : "the condition gave " + std::string(v.type_name()) + ", not bool";
                }
            }
        }
        CHECK(result.stats[s].members == members);
        CHECK(result.stats[s].errors == errors);
        CHECK(result.stats[s].first_error == first_error);
    }
}

TEST_CASE("A where is compiled when it tests profile fields", "[segment-engine]") {
    expr::Environment env = expr::Environment::standard();
    const int profile = env.declare("profile", Type::map(Type::of(TypeKind::String), Type::dyn()));
    const int events = env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
    (void)events;
    const std::pair<const char*, bool> cases[] = {
        {"profile.age > 3 && events.exists(e, e.type == \"x\")", true},
        {"profile.vip", true},
        {"events.exists(e, e.type == \"x\")", false},  // nothing but a part
        {"size(events) > 2 || events.size() == 0", false},
    };
    for (const auto& [text, compiled] : cases) {
        CAPTURE(text);
        expr::CompileResult r = expr::compile(text, env);
        REQUIRE(r.ok());
        expr::Evaluator evaluator(r.program);
        CHECK((segment::CompiledWhere::compile(evaluator, *r.program, profile) != nullptr) == compiled);
    }
}

TEST_CASE("Compiled wheres read a loaded dataset's columns as the evaluator does", "[segment-engine]") {
    // Typed columns of every kind, dictionary and plain strings, absent
    // cells, timestamps with and without fractions, and events whose key
    // column keeps no strings.
    journeyctl::test::DataWorkspace ws;
    std::string profiles = "customer_id,tier,name,age,score,vip,signup\n";
    std::string events;
    const char* tiers[] = {"gold", "silver", "", "platinum"};
    for (int i = 0; i < 300; ++i) {
        const std::string id = "c" + std::to_string(i);
        profiles += id + "," + tiers[i % 4] + ",n" + std::to_string(i * 7 % 300) + "," +
                    (i % 9 == 0 ? "" : std::to_string(i % 70)) + "," + (i % 11 == 0 ? "" : std::to_string(i % 50) + ".5") +
                    "," + (i % 13 == 0 ? "" : (i % 2 == 0 ? "true" : "false")) + "," +
                    (i % 17 == 0 ? "" : "2026-10-" + std::to_string(10 + i % 20) + "T00:00:0" + std::to_string(i % 3) +
                                            (i % 5 == 0 ? ".25Z" : "Z")) +
                    "\n";
        for (int e = 0; e < i % 6; ++e) {
            events += "{\"customer_id\":\"" + id + "\",\"event\":\"" + (e % 3 == 0 ? "purchase" : "visit") +
                      "\",\"ts\":\"2026-10-" + std::to_string(10 + (i + e) % 20) + "T12:00:00Z\"" +
                      (e % 2 == 0 ? ",\"properties\":{\"amount\":" + std::to_string(e * 40 + i % 7) + ".0}" : "") + "}\n";
        }
    }
    ws.profiles("profiles.csv", profiles);
    ws.events("events.jsonl", events);
    ws.declare(false, "age", workspace::FieldType::Int);
    ws.declare(false, "score", workspace::FieldType::Double);
    ws.declare(false, "vip", workspace::FieldType::Bool);
    ws.declare(false, "signup", workspace::FieldType::Timestamp);
    const data::Dataset dataset = ws.load();
    REQUIRE(dataset.report().rejected_total() == 0);

    const char* wheres[] = {
        "profile.tier in [\"gold\", \"platinum\"] && profile.age >= 20",
        "profile.tier == \"\" || profile.tier > \"p\"",
        "profile.name == \"n14\" || profile.name < \"n2\"",
        "profile.age < 30 && profile.score >= 20.5",
        "profile.vip || !has(profile.vip)",
        "profile.vip == false && profile.age != 3",
        "profile.signup >= timestamp(\"2026-10-20T00:00:00.25Z\")",
        "profile.signup < now - 20d || profile.score > 40.0",
        "profile.score == 10.5 || profile.age == 10",
        "events.exists(e, e.customer_id == \"c7\" && e.type == \"purchase\")",
        "events.exists(e, e.type in [\"purchase\"] && e.time >= now - 15d && e.properties.amount > 4.0)",
        "events.filter(e, e.type != \"visit\" && e.time < now - 10d).size() == 1",
        "events.all(e, e.time > timestamp(\"2026-10-15T12:00:00Z\"))",
    };
    std::vector<segment::SegmentDef> defs;
    for (const char* where : wheres) defs.push_back({"s" + std::to_string(defs.size()), where});
    segment::Engine engine(defs, Type::map(Type::of(TypeKind::String), Type::dyn()));
    std::vector<size_t> targets;
    for (size_t i = 0; i < defs.size(); ++i) targets.push_back(i);
    REQUIRE(engine.prepare(targets).empty());
    const segment::Population population = segment::population_of(dataset);
    segment::RunOptions options;
    options.now = {k_now, 0};
    options.threads = 1;
    const segment::RunResult result = engine.run(population, targets, options);
    for (size_t s = 0; s < defs.size(); ++s) {
        CAPTURE(defs[s].where);
        uint64_t members = 0;
        uint64_t errors = 0;
        for (uint32_t row = 0; row < population.profile_count; ++row) {
            CAPTURE(row);
            const Value v = engine.evaluate(*engine.program(s), engine.environment(), population, row, options.now);
            const bool in = v.kind() == Value::Kind::Bool && v.as_bool();
            CHECK(static_cast<bool>(result.members[s][row]) == in);
            members += in ? 1 : 0;
            errors += v.kind() == Value::Kind::Bool ? 0 : 1;
        }
        CHECK(members > 0);  // every where selects someone, so the tests are not all false
        CHECK(result.stats[s].errors == errors);
    }
}
