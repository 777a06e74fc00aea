// Loading with several threads gives exactly what one thread gives: same
// rows, same cells, same rejected rows, whatever the chunk cuts hit
// (quoted line breaks in CSV, bad lines in JSON Lines).
#include <catch2/catch.hpp>

#include <random>

#include "tests/unit/data/dataset_fixture.hpp"

namespace data = journeyctl::core::data;
using journeyctl::test::cell;
using journeyctl::test::DataWorkspace;

namespace {

void same_table(const data::Table& a, const data::Table& b) {
    REQUIRE(a.row_count() == b.row_count());
    REQUIRE(a.field_count() == b.field_count());
    for (uint32_t f = 0; f < a.field_count(); ++f) {
        const std::string name(a.field_name(f));
        for (uint32_t row = 0; row < a.row_count(); ++row) {
            if (cell(a, name, row) != cell(b, name, row)) {
                FAIL(name << " row " << row << ": " << cell(a, name, row) << " vs " << cell(b, name, row));
            }
        }
    }
}

void same_report(const data::LoadReport& a, const data::LoadReport& b) {
    CHECK(a.profile_rows == b.profile_rows);
    CHECK(a.event_rows == b.event_rows);
    CHECK(a.rejected == b.rejected);
    REQUIRE(a.examples.size() == b.examples.size());
    for (std::size_t i = 0; i < a.examples.size(); ++i) {
        CHECK(a.examples[i].line == b.examples[i].line);
        CHECK(a.examples[i].detail == b.examples[i].detail);
    }
}

}  // namespace

TEST_CASE("dataset: several threads load what one thread loads", "[data][dataset][threads]") {
    std::mt19937 rng(7);
    const int profiles = 30000;
    std::string csv = "customer_id,note,age,tier\n";
    for (int i = 0; i < profiles; ++i) {
        std::string note = i % 97 == 0 ? "\"first line\nsecond, \"\"quoted\"\"\"" : "plain note number " + std::to_string(i);
        const std::string age = i % 11 == 0 ? "" : std::to_string(18 + static_cast<int>(rng() % 60));
        csv += "c" + std::to_string(i) + "," + note + "," + age + "," + (i % 3 ? "gold" : "silver") + "\n";
        if (i % 5003 == 0) csv += "broken,row\n";
    }
    std::string events;
    for (int n = 0; n < 60000; ++n) {
        const int who = static_cast<int>(rng() % (profiles + 5));
        const long ts = 1767225600L + static_cast<long>(rng() % 1000000);
        if (n % 9001 == 0) events += "{not json\n";
        events += "{\"customer_id\":\"c" + std::to_string(who) + "\",\"event\":\"e" + std::to_string(rng() % 6) +
                  "\",\"ts\":" + std::to_string(ts) + ",\"properties\":{\"n\":" + std::to_string(n) + "}}\n";
    }
    DataWorkspace ws;
    ws.profiles("profiles.csv", csv);
    ws.events("events.jsonl", events);
    data::LoadOptions one;
    one.threads = 1;
    data::LoadOptions many;
    many.threads = 4;
    const data::Dataset a = ws.load(one);
    const data::Dataset b = ws.load(many);
    CHECK(a.profiles().row_count() == profiles);
    CHECK(cell(a.profiles(), "note", 97) == "\"first line\\nsecond, \\\"quoted\\\"\"");
    CHECK(a.report().rejected.at(data::RejectReason::UnknownProfile) > 0);
    same_table(a.profiles(), b.profiles());
    same_table(a.events(), b.events());
    same_report(a.report(), b.report());
    for (uint32_t p = 0; p <= a.profiles().row_count(); ++p) REQUIRE(a.event_begin(p) == b.event_begin(p));
}
