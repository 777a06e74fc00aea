// A folder of this machine as a file channel's destination: a file
// appears under its name whole, only when published, never over another
// one; an unpublished staging file leaves nothing behind.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/delivery/file/local_folder.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl::core::delivery::file;

namespace {

void write_text(StagedFile& file, const std::string& text) {
    REQUIRE(std::fwrite(text.data(), 1, text.size(), file.stream()) == text.size());
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("local folder: made when missing, a file visible only once published", "[delivery][file]") {
    journeyctl::testing::TempWorkspace dir;
    LocalFolder folder(dir.root() / "out" / "letters", "out/letters");
    CHECK(folder.description() == "folder out/letters");
    CHECK(folder.list().empty());

    auto staged = folder.stage("b1.part-0001.csv");
    write_text(*staged, "profile,to\r\n");
    // While written, only the hidden staging name is there.
    CHECK(folder.list() == std::vector<std::string>{".b1.part-0001.csv.tmp"});
    folder.publish(*staged);
    staged.reset();
    CHECK(folder.list() == std::vector<std::string>{"b1.part-0001.csv"});
    CHECK(read_text(dir.root() / "out/letters/b1.part-0001.csv") == "profile,to\r\n");

    std::string fetched;
    std::FILE* copy = std::tmpfile();
    folder.fetch("b1.part-0001.csv", copy);
    std::rewind(copy);
    char buffer[64] = {};
    fetched.assign(buffer, std::fread(buffer, 1, sizeof buffer, copy));
    std::fclose(copy);
    CHECK(fetched == "profile,to\r\n");

    folder.remove("b1.part-0001.csv");
    CHECK(folder.list().empty());
}

TEST_CASE("local folder: publishing never replaces a file", "[delivery][file]") {
    journeyctl::testing::TempWorkspace dir;
    dir.write("out/b1.part-0001.csv", "published before");
    LocalFolder folder(dir.root() / "out", "out");
    auto staged = folder.stage("b1.part-0001.csv");
    write_text(*staged, "another run's");
    try {
        folder.publish(*staged);
        FAIL("published over an existing file");
    } catch (const DestinationError& e) {
        CHECK(e.failure() == DestinationFailure::Failed);
        CHECK(std::string(e.what()).find("cannot publish b1.part-0001.csv") != std::string::npos);
    }
    staged.reset();
    CHECK(read_text(dir.root() / "out/b1.part-0001.csv") == "published before");
    CHECK(folder.list() == std::vector<std::string>{"b1.part-0001.csv"});
}

TEST_CASE("local folder: an unpublished staging file is removed with it", "[delivery][file]") {
    journeyctl::testing::TempWorkspace dir;
    LocalFolder folder(dir.root(), "the workspace");
    {
        auto staged = folder.stage("b1.part-0001.manifest.json");
        write_text(*staged, "{}");
    }
    CHECK(folder.list().empty());
}

TEST_CASE("local folder: a path that is a file cannot be the folder", "[delivery][file]") {
    journeyctl::testing::TempWorkspace dir;
    dir.write("out", "a file");
    CHECK_THROWS_AS(LocalFolder(dir.root() / "out", "out"), DestinationError);
}
