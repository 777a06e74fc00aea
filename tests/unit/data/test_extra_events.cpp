// Extra event files (LoadOptions::extra_event_files, a dry-run's --events):
// read with the workspace events source's names and types, joined into one
// event table grouped by profile and sorted by time with ties in file, then
// line, order; rejected rows reported with the extra file's path and line.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/data/extra_events.hpp"
#include "core/diag/errors.hpp"
#include "tests/unit/data/dataset_fixture.hpp"

namespace data = journeyctl::core::data;
using journeyctl::test::cell;
using journeyctl::test::DataWorkspace;
using journeyctl::core::ConfigError;
using journeyctl::core::DataError;

namespace {

// Profiles c1, c2, c3; workspace events in JSON Lines with a sniffed int
// `n` (which row of which file) and a dyn `properties`.
void workspace(DataWorkspace& ws) {
    ws.profiles("profiles.csv", "customer_id,tier\nc1,gold\nc2,silver\nc3,gold\n");
    ws.events("events.jsonl",
              "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"2026-01-03T00:00:00Z\",\"n\":1,\"properties\":{\"a\":1}}\n"
              "{\"customer_id\":\"c3\",\"event\":\"buy\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":2}\n"
              "{\"customer_id\":\"c1\",\"event\":\"buy\",\"ts\":\"2026-01-02T00:00:00Z\",\"n\":3}\n");
}

data::LoadOptions with_extra(std::vector<std::filesystem::path> files) {
    data::LoadOptions options;
    options.extra_event_files = std::move(files);
    return options;
}

// Field `field` of profile p's events, in table order.
std::vector<std::string> of_profile(const data::Dataset& d, uint32_t p, std::string_view field) {
    std::vector<std::string> out;
    for (uint32_t row = d.event_begin(p); row < d.event_begin(p + 1); ++row) out.push_back(cell(d.events(), field, row));
    return out;
}

bool has_example(const data::Dataset& d, const std::string& line) {
    const auto& examples = d.report().examples;
    return std::any_of(examples.begin(), examples.end(),
                       [&](const data::RejectedRow& r) { return data::describe_rejected(r) == line; });
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("extra events: merged by profile and time, ties in file then line order", "[data][extra_events]") {
    DataWorkspace ws;
    workspace(ws);
    ws.write("a.jsonl",
             "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"2026-01-02T00:00:00Z\",\"n\":11}\n"
             "{\"customer_id\":\"c1\",\"event\":\"open\",\"ts\":\"2026-01-01T00:00:00.25Z\",\"n\":12}\n"
             "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"2026-01-02T00:00:00Z\",\"n\":13}\n"
             "{\"customer_id\":\"c2\",\"event\":\"view\",\"ts\":\"2026-01-05T00:00:00Z\",\"n\":14}\n");
    ws.write("b.jsonl", "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":1767312000,\"n\":21}\n");
    const data::Dataset d = ws.load(with_extra({"a.jsonl", "b.jsonl"}));
    REQUIRE(d.report().rejected_total() == 0);
    REQUIRE(d.events().row_count() == 8);
    // 2026-01-02T00:00:00Z (1767312000) is in all three files: workspace
    // first, then a.jsonl's two rows in line order, then b.jsonl.
    CHECK(of_profile(d, 0, "n") == Strings{"12", "3", "11", "13", "21", "1"});
    CHECK(of_profile(d, 0, "time")[0] == "timestamp(\"2026-01-01T00:00:00.250Z\")");  // nanos from an extra file
    CHECK(of_profile(d, 0, "time")[1] == "timestamp(\"2026-01-02T00:00:00Z\")");
    CHECK(of_profile(d, 0, "customer_id") == Strings(6, "\"c1\""));
    // c2 has events only in an extra file.
    CHECK(of_profile(d, 1, "n") == Strings{"14"});
    CHECK(of_profile(d, 1, "customer_id") == Strings{"\"c2\""});
    CHECK(of_profile(d, 2, "n") == Strings{"2"});
    CHECK(of_profile(d, 0, "properties").back() == "{\"a\": 1}");
    CHECK(of_profile(d, 0, "properties").front() == "<absent>");

    const data::LoadReport& r = d.report();
    CHECK(r.events.path == "events.jsonl");
    CHECK(r.events.rows == 3);
    CHECK(r.events.kept == 3);
    REQUIRE(r.extra_events.size() == 2);
    CHECK(r.extra_events[0].path == "a.jsonl");
    CHECK(r.extra_events[0].loaded);
    CHECK(r.extra_events[0].kept == 4);
    CHECK(r.extra_events[1].path == "b.jsonl");
    CHECK(r.extra_events[1].rows == 1);
    CHECK(r.event_rows == 8);
}

TEST_CASE("extra events: rejected rows carry the extra file's path and line", "[data][extra_events]") {
    DataWorkspace ws;
    workspace(ws);
    ws.write("more.jsonl",
             "{\"customer_id\":\"c2\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":1}\n"
             "{\"customer_id\":\"c9\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":2}\n"
             "\n"
             "{\"customer_id\":\"c2\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":\"three\"}\n"
             "{\"customer_id\":\"c2\",\"event\":\"buy\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":4.5}\n");
    // Absolute, inside the root: reported relative to it.
    const data::Dataset d = ws.load(with_extra({ws.root() / "more.jsonl"}));
    const data::LoadReport& r = d.report();
    CHECK(has_example(d, "more.jsonl:2: unknown profile: no profile \"c9\""));
    CHECK(has_example(d, "more.jsonl:4: bad type: n: \"three\" is not an int"));
    REQUIRE(r.extra_events.size() == 1);
    CHECK(r.extra_events[0].rows == 4);
    CHECK(r.extra_events[0].kept == 2);
    CHECK(r.extra_events[0].rejected.at(data::RejectReason::UnknownProfile) == 1);
    CHECK(r.events.rejected_total() == 0);
    CHECK(r.rejected.at(data::RejectReason::UnknownProfile) == 1);
    CHECK(r.rejected.at(data::RejectReason::BadType) == 1);
    CHECK(r.rejected_total() == 2);
    // The workspace's sniffed int met a decimal in the extra file: the
    // joined column is double, the workspace's ints included.
    CHECK(d.events().column("n")->type() == data::ColumnType::Double);
    CHECK(of_profile(d, 1, "n") == Strings{"1.0", "4.5"});
    CHECK(of_profile(d, 0, "n") == Strings{"3.0", "1.0"});
}

TEST_CASE("extra events: strict mode stops at the extra file's first bad row", "[data][extra_events]") {
    DataWorkspace ws;
    workspace(ws);
    ws.write("more.jsonl",
             "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\"}\n"
             "{\"customer_id\":\"c1\",\"event\":\"view\",\"ts\":\"soon\"}\n"
             "{\"customer_id\":\"c9\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\"}\n");
    data::LoadOptions options = with_extra({"more.jsonl"});
    options.strict = true;
    CHECK_THROWS_WITH(ws.load(options), "more.jsonl:2: bad time: ts: \"soon\" is not RFC 3339 or epoch seconds");
    options.strict = false;
    CHECK(ws.load(options).report().extra_events.at(0).rejected_total() == 2);
    // The workspace's file is read first: its bad row is the first one.
    ws.events("events.jsonl", "{\"customer_id\":\"c7\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\"}\n");
    options.strict = true;
    CHECK_THROWS_AS(ws.load(options), DataError);
    CHECK_THROWS_WITH(ws.load(options), "events.jsonl:1: unknown profile: no profile \"c7\"");
}

TEST_CASE("extra events: a CSV file read with a JSON Lines workspace's types", "[data][extra_events]") {
    DataWorkspace ws;
    workspace(ws);
    // Columns in another order; `properties` (dyn in the workspace) holds
    // text, which stays a string; `tier` is not an events field. The first
    // row spans lines 2-3.
    ws.write("more.csv",
             "ts,properties,n,customer_id,event,tier\n"
             "2026-01-02T00:00:00Z,\"say \"\"hi\"\"\\\nnext\",7,c1,refund,gold\n"
             "2026-01-04T00:00:00Z,,8,c2,view,\n"
             "2026-01-04T00:00:00Z,x,\xff,c2,view,\n"
             "2026-01-04T00:00:00Z,\"\xff\",9,c2,view,\n");
    const data::Dataset d = ws.load(with_extra({"more.csv"}));
    CHECK(d.report().extra_events.at(0).format == data::FileFormat::Csv);
    CHECK(of_profile(d, 0, "n") == Strings{"3", "7", "1"});
    CHECK(of_profile(d, 0, "type") == Strings{"\"buy\"", "\"refund\"", "\"view\""});
    CHECK(of_profile(d, 0, "properties") == Strings{"<absent>", "\"say \\\"hi\\\"\\\\\\nnext\"", "{\"a\": 1}"});
    CHECK(of_profile(d, 1, "properties") == Strings{"<absent>"});
    CHECK(d.events().column("n")->type() == data::ColumnType::Int);
    CHECK_FALSE(d.events().column("tier"));
    // Bytes that are not UTF-8 make the row malformed, whatever the column.
    CHECK(has_example(d, "more.csv:5: malformed row: invalid UTF-8 in n"));
    CHECK(has_example(d, "more.csv:6: malformed row: invalid UTF-8 in properties"));

    // Without the events' key column every row would fail: said once.
    ws.write("nokey.csv", "ts,event\n2026-01-04T00:00:00Z,view\n");
    CHECK_THROWS_WITH(ws.load(with_extra({"nokey.csv"})), "nokey.csv has no field 'customer_id' (named in journeyctl.yaml)");
}

TEST_CASE("extra events: a JSON Lines file read with a CSV workspace's types", "[data][extra_events]") {
    DataWorkspace ws;
    ws.profiles("profiles.csv", "customer_id,tier\nc1,gold\n");
    ws.events("events.csv", "customer_id,event,ts,amount\nc1,view,2026-01-01T00:00:00Z,3\n");
    ws.write("more.ndjson",
             "{\"customer_id\":\"c1\",\"event\":\"buy\",\"ts\":\"2026-01-02T00:00:00Z\",\"amount\":4,\"extra\":true}\n"
             "{\"customer_id\":\"c1\",\"event\":\"buy\",\"ts\":\"2026-01-02T00:00:00Z\",\"amount\":\"x\"}\n");
    const data::Dataset d = ws.load(with_extra({"more.ndjson"}));
    CHECK(of_profile(d, 0, "amount") == Strings{"3", "4"});
    CHECK_FALSE(d.events().column("extra"));
    CHECK(has_example(d, "more.ndjson:2: bad type: amount: \"x\" is not an int"));
}

TEST_CASE("extra events: string dictionaries differing between files", "[data][extra_events]") {
    DataWorkspace ws;
    workspace(ws);
    // a.jsonl: a small dictionary of its own ("refund" new, "buy" shared);
    // b.jsonl: more distinct types than a dictionary keeps (plain strings).
    ws.write("a.jsonl",
             "{\"customer_id\":\"c3\",\"event\":\"refund\",\"ts\":\"2026-01-05T00:00:00Z\"}\n"
             "{\"customer_id\":\"c3\",\"event\":\"buy\",\"ts\":\"2026-01-06T00:00:00Z\"}\n");
    std::string b;
    for (int i = 0; i < 5000; ++i) {
        b += "{\"customer_id\":\"c2\",\"event\":\"t" + std::to_string(i) + "\",\"ts\":" + std::to_string(1767225600 + i) +
             "}\n";
    }
    ws.write("b.jsonl", b);
    const data::Dataset one = ws.load(with_extra({"a.jsonl"}));
    CHECK(of_profile(one, 2, "type") == Strings{"\"buy\"", "\"refund\"", "\"buy\""});
    CHECK(of_profile(one, 0, "type") == Strings{"\"buy\"", "\"view\""});

    const data::Dataset both = ws.load(with_extra({"a.jsonl", "b.jsonl"}));
    CHECK(of_profile(both, 2, "type") == Strings{"\"buy\"", "\"refund\"", "\"buy\""});
    CHECK(of_profile(both, 0, "type") == Strings{"\"buy\"", "\"view\""});
    const Strings c2 = of_profile(both, 1, "type");
    REQUIRE(c2.size() == 5000);
    CHECK(c2.front() == "\"t0\"");
    CHECK(c2[4321] == "\"t4321\"");
    CHECK(c2.back() == "\"t4999\"");
}

TEST_CASE("extra events: only the asked fields are materialized", "[data][extra_events]") {
    DataWorkspace ws;
    workspace(ws);
    ws.write("more.jsonl", "{\"customer_id\":\"c2\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\",\"n\":\"bad\"}\n");
    data::LoadOptions options = with_extra({"more.jsonl"});
    options.event_fields = std::vector<std::string>{"properties"};
    const data::Dataset d = ws.load(options);
    CHECK_FALSE(d.events().column("n"));
    // Its bad value is checked all the same: the rows loaded do not depend
    // on the fields a command reads.
    CHECK(d.report().rejected_total() == 1);
    CHECK(of_profile(d, 1, "type") == Strings{});
}

TEST_CASE("extra events: missing files and a workspace without events", "[data][extra_events]") {
    DataWorkspace ws;
    workspace(ws);
    CHECK_THROWS_WITH(ws.load(with_extra({"nope.jsonl"})), "cannot read nope.jsonl: no such file");
    CHECK_THROWS_AS(ws.load(with_extra({"nope.jsonl"})), ConfigError);
    // Outside the root: shown as given.
    CHECK_THROWS_WITH(ws.load(with_extra({"/nonexistent/e.jsonl"})), "cannot read /nonexistent/e.jsonl: no such file");
    ws.write("e.txt", "");
    CHECK_THROWS_WITH(ws.load(with_extra({"e.txt"})), "e.txt: an events file must be .csv, .jsonl or .ndjson");
    std::filesystem::create_directories(ws.root() / "dir.jsonl");
    CHECK_THROWS_WITH(ws.load(with_extra({"dir.jsonl"})), "cannot read dir.jsonl: Is a directory");

    // Without load_events, extra files are not read at all.
    data::LoadOptions options = with_extra({"nope.jsonl"});
    options.load_events = false;
    CHECK(ws.load(options).events().row_count() == 0);

    ws.write("more.jsonl", "{\"customer_id\":\"c2\",\"event\":\"view\",\"ts\":\"2026-01-01T00:00:00Z\"}\n");
    ws.config.events = {};
    CHECK_THROWS_AS(ws.load(with_extra({"more.jsonl"})), ConfigError);
    CHECK_THROWS_WITH(ws.load(with_extra({"more.jsonl"})),
                      Catch::Contains("more.jsonl: extra events are read with the workspace's events source") &&
                          Catch::Contains("add data.events"));
}

TEST_CASE("extra events: display paths", "[data][extra_events]") {
    const std::filesystem::path root = std::filesystem::temp_directory_path() / "journeyctl-display-root";
    CHECK(data::extra_file_display("a/e.jsonl", root) == "a/e.jsonl");
    CHECK(data::extra_file_display(root / "a" / ".." / "e.jsonl", root) == "e.jsonl");
    CHECK(data::extra_file_display("../other/e.jsonl", root) == "../other/e.jsonl");
    CHECK(data::extra_file_display("/elsewhere/e.jsonl", root) == "/elsewhere/e.jsonl");
}
