// `journeyctl data cache clear`: remove the workspace's data cache files
// (core/data/cache.hpp), for when disk space matters more than the next
// load's time. The cache is never needed for a right answer: the next
// command that loads data parses the files and writes it again. Prints
// what was removed; exit 0, 2 without a workspace or when a file cannot
// be removed.
#include <cstdio>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/data_cache.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/open_workspace.hpp"
#include "core/data/cache.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::cmd {
namespace {

namespace fs = std::filesystem;

std::string size_text(uint64_t bytes) {
    if (bytes < 1024 * 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

int run_data_cache_clear(const Context& context) {
    const journeys::Workspace workspace = open_workspace(context);
    const fs::path folder = cache_folder(workspace.config, workspace.root);
    const core::data::ClearedCache cleared = core::data::clear_cache(folder);
    const fs::path relative = folder.lexically_relative(workspace.root);
    const std::string shown = core::util::escape_controls(
        relative.empty() || *relative.begin() == ".." ? folder.string() : relative.string());
    const std::string out =
        cleared.files == 0
            ? fmt::format("no data cache files in {}\n", shown)
            : fmt::format("removed {} data cache file{} ({}) from {}\n", cleared.files, cleared.files == 1 ? "" : "s",
                          size_text(cleared.bytes), shown);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

}  // namespace

// `data cache clear`, registered by the data cache group (cmd/data/cache.cpp).
void register_data_cache_clear(CLI::App& command, Context& context) {
    command.callback([&context] { context.exit_code = run_data_cache_clear(context); });
}

}  // namespace journeyctl::cmd
