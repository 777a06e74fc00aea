#include <algorithm>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "core/diag/errors.hpp"
#include "journeys/model/init.hpp"
#include "journeys/model/load.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl;

TEST_CASE("init: the embedded files are examples/init, byte for byte", "[init]") {
    const std::filesystem::path folder = std::filesystem::path(JOURNEYCTL_SOURCE_DIR) / "examples/init";
    std::size_t on_disk = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file()) ++on_disk;
    }
    const auto files = journeys::init_files();
    CHECK(files.size() == on_disk);
    CHECK(std::is_sorted(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; }));
    for (const journeys::InitFile& file : files) {
        std::ifstream in(folder / file.path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        INFO(file.path);
        CHECK(text.str() == file.content);
    }
}

TEST_CASE("init: writes a workspace that loads without problems", "[init]") {
    testing::TempWorkspace ws;
    const auto written = journeys::write_init_workspace(ws.root() / "new");
    CHECK(written.size() == journeys::init_files().size());
    const auto workspace = journeys::load_workspace(ws.root() / "new");
    CHECK(workspace.diagnostics.empty());
    CHECK(workspace.journey("winback") != nullptr);
    CHECK(workspace.journey("cart_abandonment") != nullptr);
}

TEST_CASE("init: one existing file and nothing is written", "[init]") {
    testing::TempWorkspace ws;
    ws.write("segments/vip.yaml", "mine\n");
    try {
        journeys::write_init_workspace(ws.root());
        FAIL("expected a UsageError");
    } catch (const core::UsageError& error) {
        CHECK(std::string(error.what()).find("segments/vip.yaml' already exists") != std::string::npos);
    }
    CHECK(!std::filesystem::exists(ws.root() / "journeyctl.yaml"));
    std::ifstream in(ws.root() / "segments/vip.yaml");
    std::string line;
    std::getline(in, line);
    CHECK(line == "mine");
}
