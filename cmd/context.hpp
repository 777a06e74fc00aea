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
    bool no_cache = false;   // --no-cache
};

struct Context {
    GlobalOptions options;
    int exit_code = 0;

    // Settles what the global options mean, once, before any command runs
    // (app.cpp calls it when they are parsed): the start folder and the
    // evaluation instant. Throws core::UsageError on a --now that is not
    // RFC 3339. Every later call of now() gives the same instant, so two
    // parts of one command never disagree about the time.
    void resolve();

    // The evaluation instant: --now, else the system clock when resolve()
    // ran.
    core::expr::Timestamp now() const { return m_now; }
    // Whether to color output written to the given stream (stdout or stderr).
    bool color_for(int fd) const;
    // The folder the command runs "as if started in" (git -C): -C DIR,
    // as given (messages quote it so), else the current folder. Every
    // command finds its workspace from here.
    const std::filesystem::path& start_folder() const { return m_start_folder; }

private:
    core::expr::Timestamp m_now;
    std::filesystem::path m_start_folder;
};

}  // namespace journeyctl::cmd
