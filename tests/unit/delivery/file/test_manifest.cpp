// The manifest of a published part: its exact bytes (a print house and
// the tests read them), and reading it back, which refuses anything that
// is not a manifest of this format.
#include <catch2/catch.hpp>

#include "core/delivery/file/manifest.hpp"

using namespace journeyctl::core::delivery::file;

namespace {

PartManifest sample() {
    PartManifest m;
    m.batch = "letter@2026-12-01";
    m.part = 3;
    m.file = "letter@2026-12-01.part-0003.csv";
    m.count = 2;
    m.bytes = 61;
    m.sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    m.columns = {"profile", "to", "city"};
    return m;
}

}  // namespace

TEST_CASE("manifest: fixed keys in a fixed order", "[delivery][file][manifest]") {
    CHECK(manifest_text(sample()) ==
          "{\n"
          "  \"format\": \"journeyctl-extraction/1\",\n"
          "  \"batch\": \"letter@2026-12-01\",\n"
          "  \"part\": 3,\n"
          "  \"file\": \"letter@2026-12-01.part-0003.csv\",\n"
          "  \"count\": 2,\n"
          "  \"bytes\": 61,\n"
          "  \"sha256\": \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\n"
          "  \"columns\": [\n"
          "    \"profile\",\n"
          "    \"to\",\n"
          "    \"city\"\n"
          "  ]\n"
          "}\n");
}

TEST_CASE("manifest: reads back what it wrote, and nothing else", "[delivery][file][manifest]") {
    CHECK(parse_manifest(manifest_text(sample())) == sample());
    CHECK_FALSE(parse_manifest("not json"));
    CHECK_FALSE(parse_manifest("[]"));
    CHECK_FALSE(parse_manifest(R"({"format": "other/1", "batch": "b"})"));
    std::string missing_count = manifest_text(sample());
    missing_count.replace(missing_count.find("\"count\""), 6, "\"cnt\"");
    CHECK_FALSE(parse_manifest(missing_count));
    std::string negative = manifest_text(sample());
    negative.replace(negative.find("\"part\": 3"), 9, "\"part\": -3");
    CHECK_FALSE(parse_manifest(negative));
}
