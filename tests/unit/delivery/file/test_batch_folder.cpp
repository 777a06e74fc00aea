// What a rerun reads of a batch in its folder: published parts (manifest
// there), leftovers to remove, the next part's number; and a published
// part's profile keys, given only when the CSV is what its manifest says.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "core/delivery/file/batch_folder.hpp"
#include "core/delivery/file/manifest.hpp"
#include "core/delivery/file/sha256.hpp"
#include "memory_folder.hpp"

using namespace journeyctl::core::delivery::file;
using journeyctl::tests::MemoryFolder;

namespace {

// Puts a published part of batch b1 in the folder: a CSV and its manifest.
void put_part(MemoryFolder& folder, uint32_t part, const std::string& csv) {
    const std::string name = "b1.part-000" + std::to_string(part) + ".csv";
    folder.files[name] = csv;
    PartManifest manifest;
    manifest.batch = "b1";
    manifest.part = part;
    manifest.file = name;
    manifest.columns = {"profile", "to"};
    manifest.bytes = csv.size();
    Sha256 sha;
    sha.update(csv);
    manifest.sha256 = sha.hex_digest();
    manifest.count = static_cast<uint64_t>(std::count(csv.begin(), csv.end(), '\n')) - 1;
    folder.files["b1.part-000" + std::to_string(part) + ".manifest.json"] = manifest_text(manifest);
}

std::vector<std::string> profiles_of(MemoryFolder& folder, uint32_t part,
                                     std::optional<std::string>* problem = nullptr) {
    std::vector<std::string> profiles;
    auto why = read_part_profiles(folder, "b1", part, [&](const std::string& p) { profiles.push_back(p); });
    if (problem != nullptr) *problem = why;
    return profiles;
}

}  // namespace

TEST_CASE("batch folder: published parts, leftovers and the next part", "[delivery][file]") {
    MemoryFolder folder;
    put_part(folder, 1, "profile,to\r\np1,A\r\n");
    put_part(folder, 2, "profile,to\r\np2,B\r\n");
    folder.files["b1.part-0003.csv"] = "profile,to\r\np3,C\r\n";  // its manifest never came
    folder.files[".b1.part-0004.csv.tmp"] = "profile,to\r\n";
    folder.files["b2.part-0009.csv"] = "another batch's";
    folder.files["notes.txt"] = "not ours";

    const BatchFolder batch = inspect_batch(folder, "b1");
    CHECK(batch.published == std::vector<uint32_t>{1, 2});
    CHECK(batch.without_csv.empty());
    CHECK(batch.leftovers == std::vector<std::string>{".b1.part-0004.csv.tmp", "b1.part-0003.csv"});
    CHECK(batch.next_part() == 3);

    remove_leftovers(folder, batch);
    CHECK(folder.files.size() == 6);
    CHECK(folder.files.contains("b2.part-0009.csv"));
    CHECK(inspect_batch(folder, "b3").next_part() == 1);
}

TEST_CASE("batch folder: a manifest whose CSV was taken away", "[delivery][file]") {
    MemoryFolder folder;
    put_part(folder, 1, "profile,to\r\np1,A\r\n");
    folder.files.erase("b1.part-0001.csv");
    const BatchFolder batch = inspect_batch(folder, "b1");
    CHECK(batch.published == std::vector<uint32_t>{1});
    CHECK(batch.without_csv == std::vector<uint32_t>{1});
    CHECK(batch.leftovers.empty());
}

TEST_CASE("batch folder: a part's profiles, only from a CSV its manifest vouches for", "[delivery][file]") {
    MemoryFolder folder;
    put_part(folder, 1, "profile,to\r\np1,A\r\n\"p,2\",B\r\n");
    std::optional<std::string> problem;
    CHECK(profiles_of(folder, 1, &problem) == std::vector<std::string>{"p1", "p,2"});
    CHECK_FALSE(problem);

    folder.files["b1.part-0001.csv"] = "profile,to\r\np1,A\r\np9,B\r\n";  // same size, other bytes
    CHECK(profiles_of(folder, 1, &problem).empty());
    REQUIRE(problem);
    CHECK(problem->find("SHA-256") != std::string::npos);

    folder.files["b1.part-0001.manifest.json"] = "{}";
    CHECK(profiles_of(folder, 1, &problem).empty());
    REQUIRE(problem);
    CHECK(problem->find("not the manifest") != std::string::npos);
}
