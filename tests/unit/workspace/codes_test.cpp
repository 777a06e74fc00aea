// core/workspace/codes.cpp mirrors the table of core/workspace/codes.md:
// the same codes in the same order, each with the meaning the document
// gives (without its backticks).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/workspace/codes.hpp"

namespace {

struct Row {
    std::string code;
    std::string meaning;
};

std::vector<Row> codes_md_rows() {
    std::ifstream in(std::filesystem::path(JOURNEYCTL_SOURCE_DIR) / "core/workspace/codes.md");
    std::stringstream text;
    text << in.rdbuf();
    // Only the first table: later ones (cron macros) are not codes.
    const std::string all = text.str();
    const auto start = all.find("| code | meaning |");
    const auto end = all.find("\n\n", start);
    const std::string table = all.substr(start, end - start);
    std::vector<Row> rows;
    const std::regex row_pattern(R"(^\| `([a-z][a-z0-9-]*)` \| (.*) \|$)");
    std::istringstream lines(table);
    for (std::string line; std::getline(lines, line);) {
        std::smatch m;
        if (!std::regex_match(line, m, row_pattern)) continue;
        std::string meaning = m[2].str();
        meaning.erase(std::remove(meaning.begin(), meaning.end(), '`'), meaning.end());
        rows.push_back({m[1].str(), meaning});
    }
    return rows;
}

}  // namespace

TEST_CASE("loading_codes() is codes.md's table", "[workspace][codes]") {
    const auto rows = codes_md_rows();
    const auto codes = journeyctl::core::workspace::loading_codes();
    REQUIRE(!rows.empty());
    REQUIRE(codes.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        INFO("row " << i + 1);
        CHECK(std::string(codes[i].code) == rows[i].code);
        CHECK(std::string(codes[i].summary) == rows[i].meaning);
    }
}
