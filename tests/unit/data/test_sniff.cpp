#include <catch2/catch.hpp>

#include <sstream>

#include "core/data/sniff.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl::core::data;

namespace {

SniffResult sniff_text(const std::string& text, FileFormat format, SniffOptions options = {}) {
    std::istringstream in(text);
    return sniff_stream(in, format, options);
}

std::string kinds(const SniffResult& r) {
    std::string out;
    for (const auto& f : r.fields) out += f.name + ":" + std::string(sniffed_kind_name(f.kind)) + " ";
    return out;
}

}  // namespace

TEST_CASE("a CSV cell's kind", "[sniff]") {
    struct Row {
        const char* cell;
        SniffedKind kind;
    };
    const Row rows[] = {
        {"42", SniffedKind::Int},          {"-7", SniffedKind::Int},
        {"0", SniffedKind::Int},           {"007", SniffedKind::String},
        {"+15005550006", SniffedKind::String}, {"+1.5", SniffedKind::String},
        {"1.5", SniffedKind::Double},      {"-2e3", SniffedKind::Double},
        {"TRUE", SniffedKind::Bool},       {"false", SniffedKind::Bool},
        {"yes", SniffedKind::String},      {"2026-11-01T09:00:00Z", SniffedKind::Timestamp},
        {"2026-11-01", SniffedKind::String}, {"99999999999999999999", SniffedKind::String},
        {"1.2.3", SniffedKind::String},    {"e", SniffedKind::String},
        {"-", SniffedKind::String},        {"nan", SniffedKind::String},
    };
    for (const Row& row : rows) {
        INFO(row.cell);
        CHECK(csv_cell_kind(row.cell) == row.kind);
    }
}

TEST_CASE("a CSV file's fields and their kinds", "[sniff]") {
    const auto r = sniff_text(
        "\xEF\xBB\xBF" "customer_id,age,score,vip,signup_at,zip,note\r\n"
        "c1,31,1,true,2024-01-01T00:00:00Z,01234,\"hello, \"\"world\"\"\"\r\n"
        "c2,,2.5,false,2024-02-01T00:00:00Z,75001,\"two\nlines\"\r\n"
        "c3,40,3,TRUE,not a date,12345,x\r\n",
        FileFormat::Csv);
    REQUIRE(r.readable);
    CHECK(kinds(r) == "customer_id:string age:int score:double vip:bool signup_at:string zip:string note:string ");
    CHECK(r.rows == 3);
    CHECK(r.rejected == 0);
    CHECK(r.complete);
    CHECK(r.field("age")->present == 2);
    CHECK(r.field("nope") == nullptr);
}

TEST_CASE("CSV rows with the wrong number of cells are rejected, not sampled", "[sniff]") {
    const auto r = sniff_text("a,b\n1,2\n3\n\"x\"y,2\n4,5\n", FileFormat::Csv);
    CHECK(r.rows == 2);
    CHECK(r.rejected == 2);
    CHECK(kinds(r) == "a:int b:int ");
}

TEST_CASE("a field with no value in the sample is dyn", "[sniff]") {
    const auto r = sniff_text("a,b\n1,\n", FileFormat::Csv);
    CHECK(kinds(r) == "a:int b:dyn ");
}

TEST_CASE("JSON Lines: kinds, mixes, nulls and bad lines", "[sniff]") {
    const auto r = sniff_text(
        "{\"id\": \"c1\", \"n\": 1, \"x\": 1, \"t\": \"2026-01-01T00:00:00Z\", \"p\": {\"v\": 1}, \"l\": [1]}\n"
        "\n"
        "not json\n"
        "[1, 2]\n"
        "{\"id\": \"c2\", \"n\": 2.5, \"x\": \"s\", \"t\": null, \"b\": false}\n",
        FileFormat::JsonLines);
    CHECK(kinds(r) == "id:string n:double x:dyn t:timestamp p:map l:list b:bool ");
    CHECK(r.rows == 2);
    CHECK(r.rejected == 2);
    CHECK(r.field("t")->present == 1);
}

TEST_CASE("the sample stops after max_rows and says whether it saw everything", "[sniff]") {
    std::string text;
    for (int i = 0; i < 10; ++i) text += "{\"type\": \"t" + std::to_string(i % 3) + "\"}\n";
    SniffOptions options;
    options.max_rows = 10;
    options.values_of = "type";
    auto all = sniff_text(text + "\n\n", FileFormat::JsonLines, options);
    CHECK(all.complete);
    CHECK(all.values == std::set<std::string, std::less<>>{"t0", "t1", "t2"});
    options.max_rows = 4;
    auto part = sniff_text(text, FileFormat::JsonLines, options);
    CHECK_FALSE(part.complete);
    CHECK(part.rows == 4);
    CHECK(part.values.size() == 3);
}

TEST_CASE("CSV values of one column are collected", "[sniff]") {
    SniffOptions options;
    options.values_of = "event";
    const auto r = sniff_text("event,customer_id\npurchase,c1\nopen,c2\npurchase,c3\n,c4\n", FileFormat::Csv, options);
    CHECK(r.values == std::set<std::string, std::less<>>{"open", "purchase"});
}

TEST_CASE("files: format by extension, unreadable files say why", "[sniff]") {
    CHECK(format_of("a/b.CSV") == FileFormat::Csv);
    CHECK(format_of("x.ndjson") == FileFormat::JsonLines);
    CHECK(format_of("x.jsonl") == FileFormat::JsonLines);
    CHECK_FALSE(format_of("x.json").has_value());

    journeyctl::testing::TempWorkspace tmp;
    tmp.write("data/p.csv", "id,age\nc1,3\n");
    tmp.write("data/q.txt", "x");
    const auto ok = sniff_file(tmp.root() / "data/p.csv");
    CHECK(ok.readable);
    CHECK(kinds(ok) == "id:string age:int ");
    const auto missing = sniff_file(tmp.root() / "data/none.csv");
    CHECK_FALSE(missing.readable);
    CHECK(missing.error.find("cannot open") == 0);
    const auto txt = sniff_file(tmp.root() / "data/q.txt");
    CHECK_FALSE(txt.readable);
    CHECK(txt.error == "'q.txt' is neither .csv nor .jsonl/.ndjson");
    const auto folder = sniff_file(tmp.root() / "data");
    CHECK_FALSE(folder.readable);
}

TEST_CASE("an empty file is readable and complete", "[sniff]") {
    const auto r = sniff_text("", FileFormat::Csv);
    CHECK(r.readable);
    CHECK(r.complete);
    CHECK(r.fields.empty());
}
