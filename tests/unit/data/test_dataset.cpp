// Loading profiles (CSV) and events (JSON Lines): types, absent cells,
// rejected rows with their lines, grouping and time order, strict mode.
#include <catch2/catch.hpp>

#include "core/diag/errors.hpp"
#include "tests/unit/data/dataset_fixture.hpp"

namespace data = journeyctl::core::data;
using journeyctl::test::cell;
using journeyctl::test::DataWorkspace;
using journeyctl::core::workspace::FieldType;

namespace {

const char* const k_profiles =
    "\xEF\xBB\xBF" "customer_id,first_name,age,tier,email_opt_in,signup_at,score\r\n"
    "c1,Ana,31,gold,true,2025-01-02T03:04:05Z,1.5\r\n"
    "c2,\"O'Neil, \"\"Jr\"\"\",,silver,FALSE,2025-01-02T05:04:05+02:00,2\r\n"
    "c3,\"two\nlines\",45,gold,false,2024-12-31T23:59:59.250Z,\r\n";

}  // namespace

TEST_CASE("dataset: CSV profiles with inferred types and absent cells", "[data][dataset]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv", k_profiles);
    const data::Dataset d = ws.load();
    const data::Table& p = d.profiles();
    REQUIRE(p.row_count() == 3);
    CHECK(d.report().rejected_total() == 0);
    CHECK(p.column("age")->type() == data::ColumnType::Int);
    CHECK(p.column("email_opt_in")->type() == data::ColumnType::Bool);
    CHECK(p.column("signup_at")->type() == data::ColumnType::Timestamp);
    CHECK(p.column("score")->type() == data::ColumnType::Double);
    CHECK(p.column("customer_id")->type() == data::ColumnType::String);
    CHECK(cell(p, "customer_id", 0) == "\"c1\"");  // the BOM is not part of the name
    CHECK(cell(p, "first_name", 1) == "\"O'Neil, \\\"Jr\\\"\"");
    CHECK(cell(p, "first_name", 2) == "\"two\\nlines\"");
    CHECK(cell(p, "age", 1) == "<absent>");
    CHECK(cell(p, "score", 2) == "<absent>");
    CHECK(cell(p, "email_opt_in", 1) == "false");
    CHECK(cell(p, "signup_at", 1) == "timestamp(\"2025-01-02T03:04:05Z\")");
    CHECK(cell(p, "signup_at", 2) == "timestamp(\"2024-12-31T23:59:59.250Z\")");
    CHECK(p.column("age")->present_count() == 2);
    CHECK(d.find_profile("c3") == 2u);
    CHECK_FALSE(d.find_profile("c4"));
    CHECK(d.events().row_count() == 0);
    CHECK(d.events().field_index("type"));
    CHECK(d.events().field_index("time"));
}

TEST_CASE("dataset: field selection materializes only what is asked", "[data][dataset]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv", k_profiles);
    data::LoadOptions options;
    options.profile_fields = std::vector<std::string>{"tier"};
    const data::Dataset d = ws.load(options);
    REQUIRE(d.profiles().columns().size() == 2);  // the key is always there
    CHECK(d.profiles().column("tier"));
    CHECK(d.profiles().column("customer_id"));
    CHECK_FALSE(d.profiles().column("age"));
}

TEST_CASE("dataset: rejected profile rows are counted with their lines", "[data][dataset]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv",
                "customer_id,age,note\n"
                "c1,30,a\n"
                "c2,abc,b\n"         // line 3: bad type (declared int)
                "c3,40\n"            // line 4: ragged
                ",50,c\n"            // line 5: no key
                "c1,60,dup\n"        // line 6: duplicate
                "c4,3.5,x\n"         // line 7: bad type (declared int takes no decimals)
                "c5,\"7\"x,y\n");    // line 8: text after a quote
    ws.declare(false, "age", FieldType::Int);
    const data::Dataset d = ws.load();
    CHECK(d.profiles().row_count() == 1);
    const data::LoadReport& r = d.report();
    CHECK(r.profile_rows == 7);
    CHECK(r.rejected.at(data::RejectReason::BadType) == 2);
    CHECK(r.rejected.at(data::RejectReason::MalformedRow) == 2);
    CHECK(r.rejected.at(data::RejectReason::MissingKey) == 1);
    CHECK(r.rejected.at(data::RejectReason::DuplicateKey) == 1);
    std::vector<std::string> lines;
    for (const auto& e : r.examples) lines.push_back(e.path + ":" + std::to_string(e.line) + ": " + e.detail);
    CHECK(std::find(lines.begin(), lines.end(), "profiles.csv:3: age: \"abc\" is not an int") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), "profiles.csv:4: 2 fields where the header has 3") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), "profiles.csv:5: no customer_id") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), "profiles.csv:6: customer_id \"c1\" already on line 2") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), "profiles.csv:8: text after a closing quote") != lines.end());
    CHECK(d.report().profiles.kept == 1);
}

TEST_CASE("dataset: an inferred int column that meets a decimal becomes double", "[data][dataset]") {
    std::string text = "customer_id,amount\n";
    for (int i = 0; i < 150; ++i) text += "c" + std::to_string(i) + "," + std::to_string(i) + "\n";
    text += "late,2.5\n";
    DataWorkspace ws;
    ws.profiles("p.csv", text);
    const data::Dataset d = ws.load();
    CHECK(d.report().rejected_total() == 0);
    CHECK(d.profiles().column("amount")->type() == data::ColumnType::Double);
    CHECK(cell(d.profiles(), "amount", 150) == "2.5");
    CHECK(cell(d.profiles(), "amount", 3) == "3.0");
}

TEST_CASE("dataset: strict mode stops at the first bad row", "[data][dataset]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv", "customer_id,age\nc1,1\nc2,x\nc3\n");
    ws.declare(false, "age", FieldType::Int);
    data::LoadOptions options;
    options.strict = true;
    try {
        ws.load(options);
        FAIL("no DataError");
    } catch (const journeyctl::core::DataError& e) {
        CHECK(std::string(e.what()) == "profiles.csv:3: bad type: age: \"x\" is not an int");
    }
}

TEST_CASE("dataset: a missing file or key column is a configuration error", "[data][dataset]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv", "id,age\n1,2\n");
    CHECK_THROWS_AS(ws.load(), journeyctl::core::ConfigError);
    ws.config.profiles.file.value = "nope.csv";
    CHECK_THROWS_AS(ws.load(), journeyctl::core::ConfigError);
}
