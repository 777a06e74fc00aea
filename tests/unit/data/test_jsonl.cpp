// Events from JSON Lines: key, type and time fields, grouping and time
// order, epoch seconds and offsets, nested properties, bad lines.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "core/data/jsonl.hpp"
#include "core/diag/errors.hpp"
#include "tests/unit/data/dataset_fixture.hpp"

namespace data = journeyctl::core::data;
using journeyctl::test::cell;
using journeyctl::test::DataWorkspace;

namespace {

void two_profiles(DataWorkspace& ws) {
    ws.profiles("profiles.csv", "customer_id,tier\nc1,gold\nc2,silver\n");
}

std::vector<std::string> example_lines(const data::Dataset& d) {
    std::vector<std::string> lines;
    for (const auto& e : d.report().examples) {
        lines.push_back(e.path + ":" + std::to_string(e.line) + ": " + std::string(data::reject_reason_name(e.reason)) +
                        ": " + e.detail);
    }
    return lines;
}

}  // namespace

TEST_CASE("jsonl: events grouped by profile, sorted by time, file order on ties", "[data][jsonl]") {
    DataWorkspace ws;
    two_profiles(ws);
    ws.events("events.jsonl",
              "{\"customer_id\":\"c2\",\"event\":\"open\",\"ts\":\"2026-01-02T00:00:00Z\",\"n\":1}\n"
              "{\"customer_id\":\"c1\",\"event\":\"buy\",\"ts\":\"2026-01-03T00:00:00+01:00\",\"n\":2}\n"
              "\n"
              "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":1767225600,\"n\":3}\r\n"
              "{\"customer_id\":\"c1\",\"event\":\"tie\",\"ts\":\"1767225600\",\"n\":4}\n"
              "{\"customer_id\":\"c2\",\"event\":\"late\",\"ts\":\"2026-01-01T00:00:00.5Z\",\"n\":5}");
    const data::Dataset d = ws.load();
    REQUIRE(d.report().rejected_total() == 0);
    const data::Table& e = d.events();
    REQUIRE(e.row_count() == 5);
    CHECK(d.event_begin(0) == 0);
    CHECK(d.event_begin(1) == 3);
    CHECK(d.event_begin(2) == 5);
    CHECK(cell(e, "n", 0) == "3");
    CHECK(cell(e, "n", 1) == "4");
    CHECK(cell(e, "n", 2) == "2");
    CHECK(cell(e, "n", 3) == "5");
    CHECK(cell(e, "n", 4) == "1");
    CHECK(cell(e, "time", 0) == "timestamp(\"2026-01-01T00:00:00Z\")");
    CHECK(cell(e, "time", 2) == "timestamp(\"2026-01-02T23:00:00Z\")");
    CHECK(cell(e, "time", 3) == "timestamp(\"2026-01-01T00:00:00.500Z\")");
    CHECK(cell(e, "ts", 0) == cell(e, "time", 0));
    CHECK(cell(e, "type", 2) == "\"buy\"");
    CHECK(cell(e, "event", 2) == "\"buy\"");
    CHECK(cell(e, "customer_id", 2) == "\"c1\"");
    CHECK(cell(e, "customer_id", 4) == "\"c2\"");
    CHECK(*e.field_index("type") != *e.field_index("event"));
    CHECK(&e.field_column(*e.field_index("type")) == &e.field_column(*e.field_index("event")));
}

TEST_CASE("jsonl: nested properties, unicode, null and absent keys", "[data][jsonl]") {
    DataWorkspace ws;
    two_profiles(ws);
    ws.events("events.jsonl",
              "{\"customer_id\":\"c1\",\"event\":\"buy\",\"ts\":\"2026-01-01T00:00:00Z\","
              "\"properties\":{\"amount\":12.5,\"sku\":\"caf\\u00e9 \xe2\x98\x95\",\"tags\":[1,\"x\",true,null]}}\n"
              "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"2026-01-02T00:00:00Z\",\"properties\":null}\n");
    const data::Dataset d = ws.load();
    REQUIRE(d.events().row_count() == 2);
    CHECK(d.events().column("properties")->type() == data::ColumnType::Dyn);
    CHECK(cell(d.events(), "properties", 0) ==
          "{\"amount\": 12.5, \"sku\": \"caf\xc3\xa9 \xe2\x98\x95\", \"tags\": [1, \"x\", true, null]}");
    CHECK(cell(d.events(), "properties", 1) == "<absent>");
}

TEST_CASE("jsonl: bad lines are rejected with their reason and line", "[data][jsonl]") {
    DataWorkspace ws;
    two_profiles(ws);
    ws.events("events.jsonl",
              "{\"customer_id\":\"c1\",\"event\":\"ok\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"
              "{\"customer_id\":\"c1\",\"event\":\"x\",\"ts\":\"2026-01-01T00:00:00Z\"\n"
              "[1,2]\n"
              "{\"customer_id\":\"c9\",\"event\":\"x\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"
              "{\"event\":\"x\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"
              "{\"customer_id\":\"c1\",\"event\":\"x\",\"ts\":\"yesterday\"}\n"
              "{\"customer_id\":\"c1\",\"event\":\"x\",\"ts\":\"2026-01-01T00:00:00Z\"} trailing\n"
              "{\"customer_id\":\"c2\",\"event\":7,\"ts\":\"2026-01-01T00:00:00Z\"}\n"
              "{\"customer_id\":\"c1\",\"event\":\"x\",\"ts\":\"2026-01-01T00:00:00Z\"} {\"a\":1}\n");
    const data::Dataset d = ws.load();
    CHECK(d.events().row_count() == 1);
    CHECK(d.report().event_rows == 9);
    const auto lines = example_lines(d);
    auto has = [&](const std::string& prefix) {
        return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
    };
    CHECK(has("events.jsonl:2: malformed row: invalid JSON"));
    CHECK(has("events.jsonl:3: malformed row: not a JSON object"));
    CHECK(has("events.jsonl:4: unknown profile: no profile \"c9\""));
    CHECK(has("events.jsonl:5: missing key: no customer_id"));
    CHECK(has("events.jsonl:6: bad time: ts: \"yesterday\" is not RFC 3339 or epoch seconds"));
    CHECK(has("events.jsonl:7: malformed row: invalid JSON"));
    CHECK(has("events.jsonl:9: malformed row: text after the JSON object"));
    CHECK(has("events.jsonl:8: bad type: event: 7 is not a string"));
}

TEST_CASE("jsonl: strict mode stops at the first bad event", "[data][jsonl]") {
    DataWorkspace ws;
    two_profiles(ws);
    ws.events("events.jsonl",
              "{\"customer_id\":\"c1\",\"event\":\"ok\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"
              "{\"customer_id\":\"c7\",\"event\":\"ok\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"
              "nonsense\n");
    data::LoadOptions options;
    options.strict = true;
    CHECK_THROWS_WITH(ws.load(options), "events.jsonl:2: unknown profile: no profile \"c7\"");
}

TEST_CASE("jsonl: profiles from JSON Lines, events from CSV", "[data][jsonl]") {
    DataWorkspace ws;
    ws.profiles("p.jsonl", "{\"customer_id\":\"a\",\"age\":30,\"vip\":true}\n{\"customer_id\":42,\"age\":null}\n");
    ws.events("e.csv", "customer_id,kind,at\n42,signup,2026-01-01T10:00:00-05:00\na,visit,1767225600.25\n", "kind", "at");
    const data::Dataset d = ws.load();
    REQUIRE(d.report().rejected_total() == 0);
    CHECK(cell(d.profiles(), "customer_id", 1) == "\"42\"");
    CHECK(cell(d.profiles(), "age", 1) == "<absent>");
    CHECK(cell(d.profiles(), "vip", 0) == "true");
    REQUIRE(d.events().row_count() == 2);
    CHECK(cell(d.events(), "type", 0) == "\"visit\"");
    CHECK(cell(d.events(), "time", 0) == "timestamp(\"2026-01-01T00:00:00.250Z\")");
    CHECK(cell(d.events(), "time", 1) == "timestamp(\"2026-01-01T15:00:00Z\")");
}

TEST_CASE("jsonl: dyn cells holding scalars read as those scalars", "[data][jsonl]") {
    // `v` has values of several kinds, so it is dyn; each cell is kept as
    // JSON text, and a bare scalar must read back as itself, not null.
    DataWorkspace ws;
    two_profiles(ws);
    std::string text;
    int day = 1;
    for (const char* v : {"1", "\"x\"", "true", "2.5", "[1]", "null"}) {
        text += fmt::format("{{\"customer_id\":\"c1\",\"event\":\"e\",\"ts\":\"2026-01-0{}T00:00:00Z\",\"v\":{}}}\n", day++, v);
    }
    ws.events("events.jsonl", text);
    const data::Dataset d = ws.load();
    REQUIRE(d.events().row_count() == 6);
    CHECK(d.events().column("v")->type() == data::ColumnType::Dyn);
    CHECK(cell(d.events(), "v", 0) == "1");
    CHECK(cell(d.events(), "v", 1) == "\"x\"");
    CHECK(cell(d.events(), "v", 2) == "true");
    CHECK(cell(d.events(), "v", 3) == "2.5");
    CHECK(cell(d.events(), "v", 4) == "[1]");
    CHECK(cell(d.events(), "v", 5) == "<absent>");
}

TEST_CASE("jsonl: parse_json_value", "[data][jsonl]") {
    CHECK(data::parse_json_value("{\"a\":[1,2.5,\"x\"]}")->to_cel_literal() == "{\"a\": [1, 2.5, \"x\"]}");
    CHECK_FALSE(data::parse_json_value("{\"a\":"));
    CHECK(data::parse_json_value(" \"caf\\u00e9\" ")->to_cel_literal() == "\"caf\xc3\xa9\"");
    CHECK(data::parse_json_value("-7")->to_cel_literal() == "-7");
    CHECK(data::parse_json_value("null")->is_null());
    CHECK_FALSE(data::parse_json_value(""));
    CHECK_FALSE(data::parse_json_value("1, 2"));
    CHECK_FALSE(data::parse_json_value("1] [2"));
    CHECK_FALSE(data::parse_json_value("{} x"));
}

TEST_CASE("jsonl: a dyn field read through some keys keeps only those", "[data][jsonl]") {
    DataWorkspace ws;
    two_profiles(ws);
    ws.events("events.jsonl",
              // 1: the wanted keys kept, in file order; the others dropped (checked, not kept)
              "{\"customer_id\":\"c1\",\"event\":\"buy\",\"ts\":\"2026-01-01T00:00:00Z\","
              "\"properties\":{\"sku\":\"a\",\"amount\":12.5,\"x\":[1,{\"y\":2}],\"n\":1e99,\"cart\":{\"n\":2}}}\n"
              // 2: none of them: an empty object, still present
              "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"2026-01-02T00:00:00Z\",\"properties\":{\"url\":\"/p\"}}\n"
              // 3: not an object: kept whole
              "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"2026-01-03T00:00:00Z\",\"properties\":[1,2]}\n"
              // 4: an escaped key is the key
              "{\"customer_id\":\"c2\",\"event\":\"buy\",\"ts\":\"2026-01-01T00:00:00Z\","
              "\"properties\":{\"am\\u006funt\":3,\"other\":4}}\n"
              // 5: a bad value under a wanted key rejects the row
              "{\"customer_id\":\"c2\",\"event\":\"buy\",\"ts\":\"2026-01-02T00:00:00Z\",\"properties\":{\"amount\":1e999}}\n"
              // 6: so does one under a key left out, and a key given twice (here once escaped)
              "{\"customer_id\":\"c2\",\"event\":\"buy\",\"ts\":\"2026-01-03T00:00:00Z\",\"properties\":{\"n\":1e999}}\n"
              "{\"customer_id\":\"c2\",\"event\":\"buy\",\"ts\":\"2026-01-04T00:00:00Z\","
              "\"properties\":{\"am\\u006funt\":3,\"amount\":4}}\n");
    data::LoadOptions options;
    options.event_fields = std::vector<std::string>{"properties"};
    options.event_field_keys["properties"] = {"amount", "cart"};
    const data::Dataset d = ws.load(options);
    CHECK(d.report().rejected_total() == 3);
    CHECK(example_lines(d) == std::vector<std::string>{
                                  "events.jsonl:5: malformed row: invalid JSON value \"1e999\" in properties",
                                  "events.jsonl:6: malformed row: invalid JSON value \"1e999\" in properties",
                                  "events.jsonl:7: malformed row: duplicate key \"amount\" in one object",
                              });
    REQUIRE(d.events().row_count() == 4);
    CHECK(cell(d.events(), "properties", 0) == "{\"amount\": 12.5, \"cart\": {\"n\": 2}}");
    CHECK(cell(d.events(), "properties", 1) == "{}");
    CHECK(cell(d.events(), "properties", 2) == "[1, 2]");
    CHECK(cell(d.events(), "properties", 3) == "{\"amount\": 3}");

    // Without keys, the same file loads the whole objects, and the same rows.
    options.event_field_keys.clear();
    const data::Dataset whole = ws.load(options);
    CHECK(whole.report().rejected_total() == 3);
    CHECK(cell(whole.events(), "properties", 1) == "{\"url\": \"/p\"}");
}
