// Hostile data rows (issue #10): bytes that are not UTF-8, invalid JSON
// values, keys given twice, nesting bombs, a quote never closed, a header
// naming a column twice, and the rows accepted not depending on the
// fields read.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "core/data/jsonl.hpp"
#include "core/data/sniff.hpp"
#include "core/diag/errors.hpp"
#include "tests/unit/data/dataset_fixture.hpp"

namespace data = journeyctl::core::data;
using journeyctl::test::cell;
using journeyctl::test::DataWorkspace;

namespace {

std::vector<std::string> examples(const data::Dataset& d) {
    std::vector<std::string> lines;
    for (const auto& e : d.report().examples) {
        lines.push_back(e.path + ":" + std::to_string(e.line) + ": " + std::string(data::reject_reason_name(e.reason)) +
                        ": " + e.detail);
    }
    return lines;
}

std::string event(const std::string& id, const std::string& extra) {
    return "{\"customer_id\":\"" + id + "\",\"event\":\"buy\",\"ts\":\"2026-01-01T00:00:00Z\"" + extra + "}\n";
}

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("hostile: a CSV cell that is not UTF-8 rejects its row", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id,name\nc1,Ana\nc2,B\xff\xfeob\nc3,Cy\n");
    const data::Dataset d = ws.load();
    CHECK(d.profiles().row_count() == 2);
    CHECK(d.report().profiles.rejected.at(data::RejectReason::MalformedRow) == 1);
    CHECK(examples(d) == std::vector<std::string>{"p.csv:3: malformed row: invalid UTF-8 in name"});
    // Whichever fields are read.
    data::LoadOptions only_key;
    only_key.profile_fields = std::vector<std::string>{};
    CHECK(ws.load(only_key).profiles().row_count() == 2);
    data::LoadOptions strict;
    strict.strict = true;
    CHECK_THROWS_AS(ws.load(strict), journeyctl::core::DataError);
}

TEST_CASE("hostile: a JSON Lines row that is not UTF-8 is rejected", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id\nc1\n");
    ws.events("e.jsonl", event("c1", "") + event("c1", ",\"note\":\"\xc3\x28\"") + event("c1", ""));
    const data::Dataset d = ws.load();
    CHECK(d.events().row_count() == 2);
    CHECK(examples(d) == std::vector<std::string>{"e.jsonl:2: malformed row: invalid UTF-8"});
}

TEST_CASE("hostile: invalid JSON values reject the row, read or not", "[data][hostile]") {
    for (const std::string value : {"NaN", "tru", "nul", "01", "1e999", "1.5x", "\"\\x\"", "-", "[1,tru]", "{\"a\":nul}"}) {
        for (const std::string field : {"n", "unread", "properties"}) {
            DYNAMIC_SECTION(field << ": " << value) {
                DataWorkspace ws;
                ws.profiles("p.csv", "customer_id\nc1\n");
                ws.events("e.jsonl", event("c1", ",\"n\":1,\"properties\":{\"a\":1}") +
                                         event("c1", ",\"" + field + "\":" + value) + event("c1", ""));
                for (const bool all : {true, false}) {
                    data::LoadOptions options;
                    if (!all) options.event_fields = std::vector<std::string>{};
                    const data::Dataset d = ws.load(options);
                    CHECK(d.events().row_count() == 2);
                    REQUIRE(d.report().examples.size() == 1);
                    CHECK(d.report().examples[0].line == 2);
                    CHECK(d.report().examples[0].reason == data::RejectReason::MalformedRow);
                }
                data::LoadOptions strict;
                strict.strict = true;
                CHECK_THROWS_AS(ws.load(strict), journeyctl::core::DataError);
            }
        }
    }
}

TEST_CASE("hostile: a key twice in one object rejects the row", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id\nc1\n");
    ws.events("e.jsonl", event("c1", ",\"n\":1,\"n\":2") + event("c1", ",\"properties\":{\"a\":1,\"a\":2}") +
                             event("c1", ",\"properties\":{\"b\":[{\"x\":1,\"\\u0078\":2}]}") + event("c1", ""));
    for (const bool keys_only : {false, true}) {
        data::LoadOptions options;
        if (keys_only) {
            options.event_fields = std::vector<std::string>{"properties"};
            options.event_field_keys["properties"] = {"a"};
        }
        const data::Dataset d = ws.load(options);
        CHECK(d.events().row_count() == 1);
        CHECK(examples(d) == std::vector<std::string>{
                                 "e.jsonl:1: malformed row: duplicate key \"n\" in one object",
                                 "e.jsonl:2: malformed row: duplicate key \"a\" in one object",
                                 "e.jsonl:3: malformed row: duplicate key \"x\" in one object",
                             });
    }
}

TEST_CASE("hostile: nesting beyond the limit rejects the row", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id\nc1\n");
    // The row is level 1, properties level 2: k_max_json_depth - 1 levels fit in it.
    const std::string fits = ",\"properties\":" + nested(data::k_max_json_depth - 1);
    const std::string deep = ",\"properties\":" + nested(data::k_max_json_depth);
    ws.events("e.jsonl", event("c1", fits) + event("c1", deep) + event("c1", ",\"other\":" + nested(25000)) +
                             event("c1", ",\"properties\":{\"a\":" + nested(40000) + "}"));
    for (const bool all : {true, false}) {
        data::LoadOptions options;
        if (!all) options.event_fields = std::vector<std::string>{};
        const data::Dataset d = ws.load(options);
        CHECK(d.events().row_count() == 1);
        const std::string why = "malformed row: nested too deep (more than 128 levels of objects and lists)";
        CHECK(examples(d) == std::vector<std::string>{"e.jsonl:2: " + why, "e.jsonl:3: " + why, "e.jsonl:4: " + why});
    }
    CHECK(data::parse_json_value(nested(data::k_max_json_depth)).has_value());
    CHECK_FALSE(data::parse_json_value(nested(data::k_max_json_depth + 1)).has_value());
    CHECK_FALSE(data::parse_json_value(nested(40000)).has_value());
}

TEST_CASE("hostile: epoch times keep their fraction", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id\nc1\n");
    ws.events("e.jsonl", "{\"customer_id\":\"c1\",\"event\":\"a\",\"ts\":\"1790000000.5\"}\n"
                         "{\"customer_id\":\"c1\",\"event\":\"b\",\"ts\":1790000000.25}\n"
                         "{\"customer_id\":\"c1\",\"event\":\"c\",\"ts\":1790000000.000001}\n");
    const data::Dataset d = ws.load();
    REQUIRE(d.events().row_count() == 3);
    CHECK(cell(d.events(), "time", 0) == "timestamp(\"2026-09-21T14:13:20.000001Z\")");
    CHECK(cell(d.events(), "time", 1) == "timestamp(\"2026-09-21T14:13:20.250Z\")");
    CHECK(cell(d.events(), "time", 2) == "timestamp(\"2026-09-21T14:13:20.500Z\")");
}

TEST_CASE("hostile: a CSV header naming a column twice is a load error", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id,tier,age,tier\nc1,gold,3,silver\n");
    CHECK_THROWS_WITH(ws.load(), "p.csv:1: the header names column 'tier' twice (columns 2 and 4)");
    // Validation's sample refuses it too, rather than merging the columns.
    std::istringstream in("customer_id,tier,age,tier\nc1,gold,3,silver\n");
    const data::SniffResult sample = data::sniff_stream(in, data::FileFormat::Csv);
    CHECK_FALSE(sample.readable);
    CHECK(sample.error == "the header names column 'tier' twice");
}

TEST_CASE("hostile: a header-only CSV is zero profiles with the declared types", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id,age,name\n");
    ws.declare(false, "age", journeyctl::core::workspace::FieldType::Int);
    const data::Dataset d = ws.load();
    CHECK(d.profiles().row_count() == 0);
    REQUIRE(d.profiles().column("age") != nullptr);
    CHECK(d.profiles().column("age")->type() == data::ColumnType::Int);
    CHECK(d.report().rejected_total() == 0);
}

TEST_CASE("hostile: a quote never closed counts every line it swallows", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id,name\nc1,Ana\nc2,\"Bob\nc3,Cy\n\nc4,Dee\n");
    const data::Dataset d = ws.load();
    CHECK(d.profiles().row_count() == 1);
    CHECK(d.report().profiles.rows == 4);
    CHECK(d.report().profiles.rejected.at(data::RejectReason::MalformedRow) == 3);
    CHECK(examples(d) == std::vector<std::string>{
                             "p.csv:3: malformed row: a quoted field is never closed: 3 lines to the end of the file "
                             "not read"});
}

TEST_CASE("hostile: the rows accepted do not depend on the fields read", "[data][hostile]") {
    DataWorkspace ws;
    ws.profiles("p.csv", "customer_id,age,score,when\nc1,30,1.5,2026-01-01T00:00:00Z\nc2,old,2,2026-01-01T00:00:00Z\n"
                         "c3,31,x,2026-01-01T00:00:00Z\nc4,32,3,never\nc5,33,4,2026-01-01T00:00:00Z\n");
    ws.declare(false, "age", journeyctl::core::workspace::FieldType::Int);
    ws.declare(false, "score", journeyctl::core::workspace::FieldType::Double);
    ws.declare(false, "when", journeyctl::core::workspace::FieldType::Timestamp);
    ws.events("e.jsonl", event("c1", ",\"n\":1") + event("c1", ",\"n\":\"one\"") + event("c5", ",\"n\":2"));
    ws.declare(true, "n", journeyctl::core::workspace::FieldType::Int);
    for (const bool all : {true, false}) {
        data::LoadOptions options;
        if (!all) {
            options.profile_fields = std::vector<std::string>{};
            options.event_fields = std::vector<std::string>{};
        }
        const data::Dataset d = ws.load(options);
        CHECK(d.profiles().row_count() == 2);
        CHECK(d.events().row_count() == 2);
        CHECK(d.report().rejected.at(data::RejectReason::BadType) == 4);
        CHECK(d.profiles().columns().size() == (all ? 4u : 1u));
    }
}
