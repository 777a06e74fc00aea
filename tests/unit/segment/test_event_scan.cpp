// Event scans against the evaluator: for each `events` macro, over profiles
// whose events have missing fields, fields of other types, JSON-like maps
// and times on either side of the bounds, the evaluator with scans must
// give exactly the value (or error) the plain evaluator gives.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "tests/unit/segment/fake_rows.hpp"
#include "core/expr/expression.hpp"
#include "core/segment/event_scan.hpp"

using namespace journeyctl::core;
using expr::Type;
using expr::TypeKind;
using expr::Value;

namespace {

constexpr int64_t k_now = 1793491200;  // 2026-11-01T00:00:00Z
constexpr int64_t k_day = 86400;

using journeyctl::testing::Rows;

Value props(std::optional<Value> k) {
    auto map = std::make_shared<expr::MapValue>();
    if (k) map->insert(Value::string("k"), *k);
    map->insert(Value::string("n"), Value::integer(1));
    return Value::map(map);
}

// Profile p has p % 9 events, one every (p % 4 + 1) days back from now,
// in time order; the other fields cycle through present, absent and
// other-typed values.
struct World {
    Rows events{{"type", "time", "amount", "flag", "props"}};
    std::vector<uint32_t> begins;
    explicit World(uint32_t profiles) {
        const char* types[] = {"purchase", "visit", "add_to_cart", "purchase", "email_open"};
        uint32_t n = 0;
        for (uint32_t p = 0; p < profiles; ++p) {
            begins.push_back(events.size());
            const uint32_t count = p % 9;
            for (uint32_t i = 0; i < count; ++i, ++n) {
                const int64_t age = static_cast<int64_t>((count - i) * (p % 4 + 1)) * k_day;
                std::optional<Value> amount;
                if (n % 5 == 1) amount = Value::integer(static_cast<int64_t>(n % 4));
                if (n % 5 == 2) amount = Value::real(static_cast<double>(n % 7) / 2);
                if (n % 5 == 3 && p % 6 == 0) amount = Value::string("3");
                std::optional<Value> flag;
                if (n % 3 != 0) flag = Value::boolean(n % 2 == 0);
                if (n % 11 == 0 && p % 5 == 0) flag = Value::integer(1);
                std::optional<Value> prop;
                if (n % 4 == 1) prop = props(Value::string(n % 8 == 1 ? "v" : "w"));
                if (n % 4 == 2) prop = props(std::nullopt);
                if (n % 13 == 0 && p % 7 == 0) prop = Value::string("not a map");
                events.add({Value::string(types[(n + p) % 5]), Value::timestamp({k_now - age, 0}), amount, flag, prop});
            }
        }
        begins.push_back(events.size());
    }
};

const char* const k_expressions[] = {
    "events.exists(e, e.type == \"purchase\")",
    "events.exists(e, e.type == \"purchase\" && e.time >= now - 7d)",
    "events.exists(e, e.time >= now - 7d && e.time < now - 2d && e.type != \"visit\")",
    "events.exists(e, now - 5d <= e.time && e.type in [\"visit\", \"email_open\"])",
    "!events.exists(e, e.type == \"purchase\" && e.time > now - 14d)",
    "events.all(e, e.time >= now - 10d)",
    "events.all(e, e.time < now - 3d || e.type == \"visit\")",
    "events.all(e, e.flag)",
    "events.exists(e, e.flag)",
    "events.exists(e, !e.flag && e.time >= now - 20d)",
    "events.exists_one(e, e.type == \"visit\")",
    "events.exists_one(e, e.amount == 2 && e.time <= now - 2d)",
    "events.filter(e, e.time > now - 4d && e.time <= now - 1d).size()",
    "size(events.filter(e, e.type in [\"add_to_cart\", \"visit\"] && e.time >= now - 12d))",
    "events.filter(e, e.amount >= 1).size()",
    "events.filter(e, e.type == \"purchase\" && e.time >= now - 30d).size() >= 2",
    "events.exists(e, e.amount >= 2)",
    "events.exists(e, e.amount > 1.5)",
    "events.exists(e, e.amount != 2 && e.time >= now - 6d)",
    "events.exists(e, e.props.k == \"v\")",
    "events.all(e, e.props.k == \"v\" || e.time < now - 8d)",
    "events.exists(e, has(e.props.k))",
    "events.exists(e, has(e.amount) && e.type == \"visit\")",
    "events.all(e, has(e.props))",
    "events.exists(e, e.missing == 1)",
    "events.exists(e, e.type == \"visit\" || e.missing == 1)",
    "events.exists(e, e.type == 1)",
    // A bound before year 1 (7 x 292 years back): a timestamp overflow.
    "events.exists(e, e.time >= now - duration(\"2562047h\") - duration(\"2562047h\") - duration(\"2562047h\") - "
    "duration(\"2562047h\") - duration(\"2562047h\") - duration(\"2562047h\") - duration(\"2562047h\"))",
    "events.exists(e, true) && !events.all(e, false)",
    "events.exists(e, e.time >= now - 3d && e.time >= now - 9d && e.time < now)",
    "events.exists(e, events.exists(f, f.time > e.time))",
    "events.filter(e, e.time >= now - 5d).exists(e, e.type == \"visit\")",
};

}  // namespace

TEST_CASE("Event scans give the evaluator's values and errors", "[segment-engine]") {
    World world(200);
    expr::Environment env = expr::Environment::standard();
    const int now = *env.slot_of("now");
    const int events = env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
    const std::optional<uint32_t> time_field = world.events.field_index("time");
    // Scans that know the time order, and scans that do not.
    const segment::EventScanContext contexts[] = {{events, &world.events, time_field}, {events, nullptr, std::nullopt}};

    for (const char* text : k_expressions) {
        CAPTURE(text);
        expr::CompileResult compiled = expr::compile(text, env);
        REQUIRE(compiled.ok());
        for (const auto& context : contexts) {
            const std::pair<int, Value> constants[] = {{now, Value::timestamp({k_now, 0})}};
            expr::Evaluator scanned(compiled.program, constants);
            segment::install_event_scans(scanned, *compiled.program, context);
            expr::Evaluator plain(compiled.program);
            expr::Activation activation(env);
            activation.set(now, Value::timestamp({k_now, 0}));
            for (uint32_t p = 0; p + 1 < world.begins.size(); ++p) {
                CAPTURE(p);
                activation.set(events, Value::record_list(&world.events, world.begins[p], world.begins[p + 1]));
                CHECK(scanned.evaluate(activation).to_cel_literal() == plain.evaluate(activation).to_cel_literal());
            }
        }
    }
}

TEST_CASE("Event scans cover the macros they can run and leave the others", "[segment-engine]") {
    expr::Environment env = expr::Environment::standard();
    const int now = *env.slot_of("now");
    const int events = env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
    const int profile = env.declare("profile", Type::map(Type::of(TypeKind::String), Type::dyn()));
    (void)profile;
    const std::pair<int, Value> constants[] = {{now, Value::timestamp({k_now, 0})}};
    const std::pair<const char*, size_t> cases[] = {
        {"events.exists(e, e.type == \"purchase\" && e.time >= now - 90d)", 1},
        {"events.filter(e, e.type == \"purchase\").size() >= 2 && !events.exists(e, e.time >= now - 14d)", 2},
        {"events.exists(e, e.properties.amount >= 200.0)", 1},
        {"events.exists(e, e.time >= profile.signup_at)", 0},  // not fixed for the run
        {"events.map(e, e.type).size() > 0", 0},
        {"events.exists(e, e.type.startsWith(\"p\"))", 0},
    };
    for (const auto& [text, scans] : cases) {
        CAPTURE(text);
        expr::CompileResult compiled = expr::compile(text, env);
        REQUIRE(compiled.ok());
        expr::Evaluator evaluator(compiled.program, constants);
        CHECK(segment::install_event_scans(evaluator, *compiled.program, {events, nullptr, std::nullopt}) == scans);
    }
}

TEST_CASE("A scan bounded in time reads only the events within the bounds", "[segment-engine]") {
    // One profile with 1000 events, one a day; 3 in the last 3 days.
    Rows rows{{"type", "time"}};
    for (int64_t day = 1000; day >= 1; --day) rows.add({Value::string("visit"), Value::timestamp({k_now - day * k_day, 0})});
    expr::Environment env = expr::Environment::standard();
    const int now = *env.slot_of("now");
    const int events = env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
    expr::CompileResult compiled =
        expr::compile("events.filter(e, e.type == \"visit\" && e.time >= now - 3d).size()", env);
    REQUIRE(compiled.ok());
    const std::pair<int, Value> constants[] = {{now, Value::timestamp({k_now, 0})}};
    expr::Activation activation(env);
    activation.set(now, Value::timestamp({k_now, 0}));
    activation.set(events, Value::record_list(&rows, 0, rows.size()));

    expr::Evaluator sorted(compiled.program, constants);
    REQUIRE(segment::install_event_scans(sorted, *compiled.program, {events, &rows, rows.field_index("time")}) == 1);
    rows.reads = 0;
    CHECK(sorted.evaluate(activation).to_cel_literal() == "3");
    CHECK(rows.reads < 30);  // a binary search and the 3 rows

    expr::Evaluator unsorted(compiled.program, constants);
    REQUIRE(segment::install_event_scans(unsorted, *compiled.program, {events, nullptr, std::nullopt}) == 1);
    rows.reads = 0;
    CHECK(unsorted.evaluate(activation).to_cel_literal() == "3");
    CHECK(rows.reads >= 1000);
}
