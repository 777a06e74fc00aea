// A batch's file names: any batch id gives a safe name, distinct ids give
// distinct names, and the folder's listing is read back exactly (another
// batch's files, or a name almost like ours, are not ours).
#include <catch2/catch.hpp>

#include "core/delivery/file/part_names.hpp"

using namespace journeyctl::core::delivery::file;

TEST_CASE("part names: the batch id made safe for any folder", "[delivery][file][names]") {
    CHECK(batch_stem("letter@2026-12-01") == "letter@2026-12-01");
    CHECK(batch_stem("spring sale: wave 1") == "spring%20sale%3A%20wave%201");
    CHECK(batch_stem(".hidden") == "%2Ehidden");
    CHECK(batch_stem("a.b") == "a.b");
    CHECK(batch_stem("100%") == "100%25");
    CHECK(batch_stem("Zoé") == "Zo%C3%A9");
    // '%' itself is escaped, so no two ids meet.
    CHECK(batch_stem("a%20b") != batch_stem("a b"));
}

TEST_CASE("part names: the files of a part", "[delivery][file][names]") {
    CHECK(part_csv_name("b1", 1) == "b1.part-0001.csv");
    CHECK(part_manifest_name("b1", 12) == "b1.part-0012.manifest.json");
    CHECK(part_csv_name("b1", 12345) == "b1.part-12345.csv");
    CHECK(staging_name("b1.part-0001.csv") == ".b1.part-0001.csv.tmp");
}

TEST_CASE("part names: what a listed file is to a batch", "[delivery][file][names]") {
    const auto kind = [](std::string_view name) -> std::string {
        const auto file = batch_file_of(name, "b1");
        if (!file) return "none";
        const char* kinds[] = {"csv", "manifest", "staging"};
        return std::string(kinds[static_cast<int>(file->kind)]) + " " + std::to_string(file->part);
    };
    CHECK(kind("b1.part-0001.csv") == "csv 1");
    CHECK(kind("b1.part-0007.manifest.json") == "manifest 7");
    CHECK(kind(".b1.part-0002.csv.tmp") == "staging 2");
    CHECK(kind(".b1.part-0002.manifest.json.tmp") == "staging 2");
    CHECK(kind("b1.part-12345.csv") == "csv 12345");
    CHECK(kind("b10.part-0001.csv") == "none");
    CHECK(kind("b1.part-0001.part-0001.csv") == "none");
    CHECK(kind("b1.part-001.csv") == "none");
    CHECK(kind("b1.part-0000.csv") == "none");
    CHECK(kind("b1.part-00001.csv") == "none");
    CHECK(kind("b1.part-0001.csv.bak") == "none");
    CHECK(kind("b1.part-0001.CSV") == "none");
    CHECK(kind("readme.txt") == "none");
}
