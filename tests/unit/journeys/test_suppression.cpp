// The suppression list: file format (comments, blanks, CRLF, BOM, quotes),
// bad lines reported and skipped, case-insensitive emails, exact keys.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "journeys/policy/suppression.hpp"

using namespace journeyctl;
using journeys::SuppressionList;

TEST_CASE("suppression: lines, comments, quotes", "[suppression]") {
    const auto load = journeys::parse_suppression_list(
        "\xEF\xBB\xBF# bounced in October\n"
        "Ann@Example.COM\r\n"
        "\n"
        "   \t\n"
        "  c-1042  \n"
        "\"bob@example.com\"\n"
        "\"say \"\"hi\"\"\"\n"
        "+33612345678\n"
        "   # indented comment\n"
        "last-without-newline",
        "data/suppressed.csv");
    CHECK(load.problems.empty());
    CHECK(load.lines_read == 10);
    CHECK(load.list.size() == 6);
    const SuppressionList& list = load.list;
    CHECK(list.contains("ann@example.com"));
    CHECK(list.contains("ANN@EXAMPLE.COM"));
    CHECK(list.contains("c-1042"));
    CHECK_FALSE(list.contains("C-1042"));  // keys match exactly
    CHECK(list.contains("BOB@example.com"));
    CHECK(list.contains("say \"hi\""));
    CHECK(list.contains("+33612345678"));
    CHECK(list.contains("last-without-newline"));
    CHECK_FALSE(list.contains("# bounced in October"));
    CHECK_FALSE(list.contains(""));
}

TEST_CASE("suppression: bad lines are reported with their position and skipped", "[suppression]") {
    const auto load = journeys::parse_suppression_list(
        "ok@example.com\n"
        "a@example.com,hard bounce\n"
        "  two values\n"
        "\"unclosed\n"
        "\"x\" y\n"
        "ab\"c\n"
        "\"\"\n"
        "tab\x01here\n"
        "fine-key\n",
        "data/suppressed.csv");
    CHECK(load.list.size() == 2);
    CHECK(load.list.contains("ok@example.com"));
    CHECK(load.list.contains("fine-key"));
    CHECK_FALSE(load.list.contains("a@example.com"));
    REQUIRE(load.problems.size() == 7);
    struct Want {
        uint32_t line;
        uint32_t column;
        const char* message;
    };
    const Want want[] = {
        {2, 1, "more than one value on the line (one address or profile key a line)"},
        {3, 3, "more than one value on the line (one address or profile key a line)"},
        {4, 1, "unclosed quote"},
        {5, 1, "text after the closing quote (one value a line)"},
        {6, 1, "a quote inside an unquoted value"},
        {7, 1, "an empty quoted value"},
        {8, 1, "a control character in the value"},
    };
    for (size_t i = 0; i < std::size(want); ++i) {
        INFO(i);
        CHECK(load.problems[i].path == "data/suppressed.csv");
        CHECK(load.problems[i].line == want[i].line);
        CHECK(load.problems[i].column == want[i].column);
        CHECK(load.problems[i].message == std::string("suppression list line skipped: ") + want[i].message);
        CHECK(load.problems[i].code == "bad-value");
    }
}

TEST_CASE("suppression: matching an address or a profile key", "[suppression]") {
    SuppressionList list;
    list.add("Ann@Example.com");
    list.add("c-7");
    using Match = SuppressionList::Match;
    CHECK(list.match(std::string_view("ann@example.COM"), "c-1") == Match::Address);
    CHECK(list.match(std::string_view("zoe@example.com"), "c-7") == Match::ProfileKey);
    CHECK(list.match(std::string_view("ann@example.com"), "c-7") == Match::Address);  // address first
    CHECK(list.match(std::nullopt, "c-7") == Match::ProfileKey);
    CHECK(list.match(std::string_view("zoe@example.com"), "c-1") == Match::None);
    CHECK(SuppressionList().match(std::string_view("ann@example.com"), "c-7") == Match::None);
}

TEST_CASE("suppression: loading a file, and a missing one", "[suppression]") {
    // Per process: other test runs may share the temporary folder.
    const auto dir = std::filesystem::temp_directory_path() /
                     ("journeyctl-test-suppression-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "suppressed.csv";
    std::ofstream(path) << "x@example.com\nk-1\n";
    const auto load = journeys::load_suppression_list(path.string(), "data/suppressed.csv");
    CHECK(load.problems.empty());
    CHECK(load.list.contains("X@example.com"));
    CHECK(load.list.contains("k-1"));
    std::filesystem::remove_all(dir);

    const auto missing = journeys::load_suppression_list((dir / "nope.csv").string(), "data/nope.csv");
    CHECK(missing.list.empty());
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].code == "read-error");
    CHECK(missing.problems[0].path == "data/nope.csv");
    CHECK(missing.problems[0].message.starts_with("cannot read the suppression list: "));
}
