// `journeyctl data cache SUBCOMMAND`: the data cache's command group (see
// core/data/cache.hpp for the cache itself). Each subcommand lives in its
// own file (cmd/data/cache_NAME.cpp); this table registers them.
#include <array>
#include <string>

#include "cmd/commands.hpp"

namespace journeyctl::cmd {

void register_data_cache_clear(CLI::App& command, Context& context);

namespace {

const std::array k_cache_commands{
    CommandSpec{"clear", "Remove the data cache files (the next load parses the data and writes them again)",
                register_data_cache_clear},
};

}  // namespace

// `data cache`, registered by the data command group (cmd/data/data.cpp).
void register_data_cache(CLI::App& command, Context& context) {
    command.require_subcommand(1);
    for (const CommandSpec& spec : k_cache_commands) {
        CLI::App* sub = command.add_subcommand(std::string(spec.name), std::string(spec.summary));
        spec.register_command(*sub, context);
    }
}

}  // namespace journeyctl::cmd
