#include "cmd/commands.hpp"

#include <array>

#include "core/util/edit_distance.hpp"

namespace journeyctl::cmd {

void register_eval(CLI::App& command, Context& context);
void register_validate(CLI::App& command, Context& context);
void register_graph(CLI::App& command, Context& context);
void register_init(CLI::App& command, Context& context);
void register_schema(CLI::App& command, Context& context);
void register_segment(CLI::App& command, Context& context);
void register_data(CLI::App& command, Context& context);
void register_render(CLI::App& command, Context& context);
void register_dry_run(CLI::App& command, Context& context);
void register_send(CLI::App& command, Context& context);
void register_run(CLI::App& command, Context& context);
void register_status(CLI::App& command, Context& context);
void register_diff(CLI::App& command, Context& context);

namespace {

const std::array k_commands{
    CommandSpec{"init", "Create a new workspace with a working example", register_init},
    CommandSpec{"validate", "Check the workspace's files and print every problem", register_validate},
    CommandSpec{"eval", "Evaluate expressions (a CEL subset) and print their values", register_eval},
    CommandSpec{"render", "Render a template for one profile: the message as it would be sent", register_render},
    CommandSpec{"dry-run", "Simulate a journey on a virtual clock: who enters, where they go, what they receive",
                register_dry_run},
    CommandSpec{"diff", "What a change does: dry-run the base and the head together and compare them",
                register_diff},
    CommandSpec{"send", "Send a template to a segment or to profiles, through its channel's provider",
                register_send},
    CommandSpec{"run", "Advance the active journeys to now (or --until) for real, keeping their state",
                register_run},
    CommandSpec{"status", "Show the journeys' state: runs, profiles waiting per step, message outcomes", register_status},
    CommandSpec{"segment", "Count, show, export and explain segments over the workspace's data", register_segment},
    CommandSpec{"graph", "Print a journey's steps and edges as Graphviz dot or Mermaid", register_graph},
    CommandSpec{"schema", "Print the JSON Schema of workspace, journey, segment or template files", register_schema},
    CommandSpec{"data", "Inspect the workspace's data files, or export them to SQLite", register_data},
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
