// The command table: one row per top-level command, driving registration,
// the list in --help and "did you mean" for a mistyped command. Each
// register function fills in the subcommand that run_app created for it.
#pragma once

#include <span>
#include <string_view>

#include <CLI/CLI.hpp>

#include "cmd/context.hpp"

namespace journeyctl::cmd {

struct CommandSpec {
    std::string_view name;
    std::string_view summary;
    void (*register_command)(CLI::App& command, Context& context);
};

std::span<const CommandSpec> command_table();

// The command name closest to `typed`, or empty when none is close.
std::string_view closest_command(std::string_view typed);

}  // namespace journeyctl::cmd
