// The extraction's CSV: RFC 4180 quoting exactly where it is needed, CRLF
// record ends, UTF-8 bytes untouched; and the reader that a recovering run
// uses gives back every field that was written, and refuses what is not
// well-formed rather than guess.
#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/delivery/file/csv.hpp"

using namespace journeyctl::core::delivery::file;

namespace {

std::string record(std::vector<std::string_view> fields) {
    std::string out;
    append_csv_record(out, fields);
    return out;
}

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

File file_with(const std::string& bytes) {
    File file(std::tmpfile(), &std::fclose);
    REQUIRE(file);
    REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), file.get()) == bytes.size());
    std::rewind(file.get());
    return file;
}

std::vector<std::vector<std::string>> read_all(const std::string& bytes) {
    File file = file_with(bytes);
    CsvReader reader(file.get());
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> fields;
    while (reader.next(fields)) records.push_back(fields);
    return records;
}

}  // namespace

TEST_CASE("csv: a field is quoted only when it holds a comma, quote, CR or LF", "[delivery][file][csv]") {
    CHECK(record({"p1", "Ada Lovelace", "12 rue de la Paix"}) == "p1,Ada Lovelace,12 rue de la Paix\r\n");
    CHECK(record({"a,b"}) == "\"a,b\"\r\n");
    CHECK(record({"say \"hi\""}) == "\"say \"\"hi\"\"\"\r\n");
    CHECK(record({"line\nbreak", "cr\rhere"}) == "\"line\nbreak\",\"cr\rhere\"\r\n");
    CHECK(record({"", " padded ", ""}) == ", padded ,\r\n");
    CHECK(record({"Zoé", "Straße 5", "東京"}) == "Zoé,Straße 5,東京\r\n");
    CHECK(record({}) == "\r\n");
}

TEST_CASE("csv: what is written reads back field for field", "[delivery][file][csv]") {
    const std::vector<std::vector<std::string>> written = {
        {"profile", "to", "street"},
        {"p1", "Ada, Countess", "1 \"Quoted\" Lane"},
        {"p2", "", "two\r\nlines"},
        {"p3", "Zoé", ""},
    };
    std::string bytes;
    for (const auto& fields : written) {
        const std::vector<std::string_view> views(fields.begin(), fields.end());
        append_csv_record(bytes, views);
    }
    CHECK(read_all(bytes) == written);
}

TEST_CASE("csv: the reader takes LF ends and a last record without one", "[delivery][file][csv]") {
    CHECK(read_all("a,b\nc,d") == std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d"}});
    CHECK(read_all("") == std::vector<std::vector<std::string>>{});
    CHECK(read_all("x,\r\n") == std::vector<std::vector<std::string>>{{"x", ""}});
}

TEST_CASE("csv: the reader refuses malformed records, naming the record", "[delivery][file][csv]") {
    const auto error_of = [](const std::string& bytes) {
        try {
            read_all(bytes);
        } catch (const CsvFormatError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("ok\r\n\"open") == "record 2 of the CSV file: a quoted field is not closed");
    CHECK(error_of("a\"b\r\n") == "record 1 of the CSV file: a quote inside an unquoted field");
    CHECK(error_of("\"a\"b\r\n") == "record 1 of the CSV file: text after a closing quote");
    CHECK(error_of("a\rb") == "record 1 of the CSV file: a CR not followed by LF");
}
