// `journeyctl init [DIR]`: write a new workspace that works at once — the
// win-back and cart-abandonment journeys, their segments and templates,
// and 50 synthetic profiles with events (journeys/model/init.hpp) — into DIR
// (default: the current folder, or -C's). It overwrites nothing: when any
// of its files exists it writes none and exits 2 naming it. Then it lists
// what it wrote and the commands to try next.
#include <cstdio>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "journeys/model/init.hpp"

namespace journeyctl::cmd {
namespace {

struct InitOptions {
    std::string directory;
};

// A folder name the user can paste into `cd`.
std::string shell_word(const std::string& text) {
    if (text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./+,:@") ==
        std::string::npos) {
        return text;
    }
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

int run_init(const InitOptions& options, const Context& context) {
    std::filesystem::path dir = context.options.directory.empty() ? options.directory : context.options.directory;
    if (!context.options.directory.empty() && !options.directory.empty()) dir /= options.directory;
    if (dir.empty()) dir = ".";
    const auto written = journeys::write_init_workspace(dir);

    const bool here = options.directory.empty() || options.directory == ".";
    std::string out = fmt::format("Created a journeyctl workspace in {}:\n", here ? "the current folder" : options.directory);
    for (const std::string& path : written) out += "  " + path + "\n";
    out += "\nNext, try:\n";
    if (!here) out += "  cd " + shell_word(options.directory) + "\n";
    // The data covers the year before 2026-11-01; --now puts "now" there.
    out += "  journeyctl validate\n";
    out += "  journeyctl --now 2026-11-01T00:00:00Z segment count vip lapsed_vip\n";
    out += "  journeyctl graph winback --format mermaid\n";
    // Three profiles of the data enter the win-back in November 2026.
    out += "  journeyctl --now 2026-11-01T00:00:00Z dry-run winback\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

}  // namespace

void register_init(CLI::App& command, Context& context) {
    auto options = std::make_shared<InitOptions>();
    command.add_option("DIR", options->directory, "Folder to create the workspace in (default: the current one)");
    command.callback([options, &context] { context.exit_code = run_init(*options, context); });
}

}  // namespace journeyctl::cmd
