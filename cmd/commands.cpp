#include "cmd/commands.hpp"

#include <array>

#include "core/util/edit_distance.hpp"

namespace journeyctl::cmd {

void register_eval(CLI::App& command, Context& context);

namespace {

const std::array k_commands{
    CommandSpec{"eval", "Evaluate expressions (a CEL subset) and print their values", register_eval},
};

}  // namespace

std::span<const CommandSpec> command_table() {
    return k_commands;
}

std::string_view closest_command(std::string_view typed) {
    std::vector<std::string_view> names;
    for (const CommandSpec& spec : k_commands) {
        names.push_back(spec.name);
    }
    return core::util::closest_match(typed, std::span<const std::string_view>(names)).value_or("");
}

}  // namespace journeyctl::cmd
