// The CSV tokenizer on RFC 4180's edge cases.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/data/csv.hpp"

using journeyctl::core::data::CsvReader;
using journeyctl::core::data::CsvRecord;

namespace {

struct Read {
    std::vector<std::string> cells;
    CsvRecord record;
};

std::vector<Read> read_all(std::string_view text) {
    CsvReader reader(text);
    std::vector<std::string_view> cells;
    CsvRecord record;
    std::vector<Read> out;
    while (reader.next(cells, record)) out.push_back({std::vector<std::string>(cells.begin(), cells.end()), record});
    return out;
}

}  // namespace

TEST_CASE("csv: plain records, LF and CRLF, missing final newline", "[data][csv]") {
    auto rows = read_all("a,b\r\n1,2\n3,4");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].cells == std::vector<std::string>{"a", "b"});
    CHECK(rows[1].cells == std::vector<std::string>{"1", "2"});
    CHECK(rows[2].cells == std::vector<std::string>{"3", "4"});
    CHECK(rows[2].record.line == 2);
}

TEST_CASE("csv: quotes, doubled quotes and line breaks inside quotes", "[data][csv]") {
    auto rows = read_all("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,\"\",x\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].cells == std::vector<std::string>{"a,b", "say \"hi\"", "two\nlines"});
    CHECK(rows[1].cells == std::vector<std::string>{"next", "", "x"});
    CHECK(rows[1].record.line == 2);  // the quoted line break counts
}

TEST_CASE("csv: several doubled-quote cells in one record", "[data][csv]") {
    auto rows = read_all("\"a\"\"1\",\"b\"\"2\"\"\",c\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].cells == std::vector<std::string>{"a\"1", "b\"2\"", "c"});
}

TEST_CASE("csv: empty cells, trailing comma, blank lines", "[data][csv]") {
    auto rows = read_all("a,,c,\n\n  \nx,y,z,w\n");
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].cells == std::vector<std::string>{"a", "", "c", ""});
    CHECK(rows[1].record.blank);
    CHECK(rows[2].record.blank);
    CHECK_FALSE(rows[3].record.blank);
}

TEST_CASE("csv: malformed quoting is reported, not fatal", "[data][csv]") {
    auto rows = read_all("\"ab\"cd,e\nok,1\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].record.error == "text after a closing quote");
    CHECK(rows[1].record.error.empty());
    auto open = read_all("x,\"never closed\nmore\n");
    REQUIRE(open.size() == 1);
    CHECK(open[0].record.error == "a quoted field is never closed");
}

TEST_CASE("csv: a quote inside an unquoted cell and a lone CR are text", "[data][csv]") {
    auto rows = read_all("ab\"c,d\re\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].cells == std::vector<std::string>{"ab\"c", "d\re"});
}

TEST_CASE("csv: empty input has no records", "[data][csv]") {
    CHECK(read_all("").empty());
    CHECK(read_all("\n").size() == 1);
}
