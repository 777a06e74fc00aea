// `journeyctl data SUBCOMMAND`: the data command group. Each subcommand
// lives in its own file (cmd/data/NAME.cpp) with a register function; this
// table registers them, so a new one is one line here.
#include <array>
#include <string>
#include <string_view>

#include "cmd/commands.hpp"

namespace journeyctl::cmd {

void register_data_inspect(CLI::App& command, Context& context);
void register_data_export(CLI::App& command, Context& context);
void register_data_cache(CLI::App& command, Context& context);

namespace {

const std::array k_data_commands{
    CommandSpec{"inspect", "Show each data source's rows, fields (type, fill rate) and rejected rows",
                register_data_inspect},
    CommandSpec{"export", "Write profiles and events into a SQLite database (for segment sql)", register_data_export},
    CommandSpec{"cache", "Manage the data cache (the parsed columns kept under the state folder)", register_data_cache},
};

}  // namespace

void register_data(CLI::App& command, Context& context) {
    command.require_subcommand(1);
    for (const CommandSpec& spec : k_data_commands) {
        CLI::App* sub = command.add_subcommand(std::string(spec.name), std::string(spec.summary));
        spec.register_command(*sub, context);
    }
}

}  // namespace journeyctl::cmd
