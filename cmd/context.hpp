// What every command receives: the global options as given on the command
// line, resolved once before the command runs (ninja's -C handling, mold's
// Context), and the exit code the command decided on.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/expr/value.hpp"

namespace journeyctl::cmd {

enum class ColorMode { Auto, Always, Never };

struct GlobalOptions {
    std::string directory;   // -C DIR
    std::string now_text;    // --now TIME as given
    std::string color = "auto";
    int verbose = 0;         // -v, repeatable
    bool quiet = false;      // -q
};

struct Context {
    GlobalOptions options;
    int exit_code = 0;

    // The evaluation instant: --now, else the system clock. Throws
    // core::UsageError on a --now that is not RFC 3339.
    core::expr::Timestamp now() const;
    // Whether to color output written to the given stream (stdout or stderr).
    bool color_for(int fd) const;
    // The folder the command runs "as if started in" (git -C): -C DIR,
    // else the current folder. Every command finds its workspace from here.
    std::filesystem::path start_folder() const;
};

}  // namespace journeyctl::cmd
