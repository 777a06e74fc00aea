// `journeyctl segment SUBCOMMAND`: the command group for segments (one
// file per subcommand in this folder). The table below drives
// registration and help; a new subcommand is its file, its declaration
// and one row.
#include <array>

#include "cmd/commands.hpp"

namespace journeyctl::cmd {

namespace segment {
void register_list(CLI::App& command, Context& context);
void register_count(CLI::App& command, Context& context);
void register_show(CLI::App& command, Context& context);
void register_export(CLI::App& command, Context& context);
void register_explain(CLI::App& command, Context& context);
}  // namespace segment

void register_segment_sql(CLI::App& command, Context& context);

namespace {

const std::array k_segment_commands{
    CommandSpec{"list", "List the workspace's segments", segment::register_list},
    CommandSpec{"count", "Count the members of segments (one pass over the data)", segment::register_count},
    CommandSpec{"show", "Print a table of a segment's members", segment::register_show},
    CommandSpec{"export", "Write every member with every profile field as CSV or JSON Lines", segment::register_export},
    CommandSpec{"explain", "Show each clause's value for one profile", segment::register_explain},
    CommandSpec{"sql", "Compile a segment into one SQL query (sqlite, postgres, duckdb, spark)", register_segment_sql},
};

}  // namespace

void register_segment(CLI::App& command, Context& context) {
    command.require_subcommand(1);
    for (const CommandSpec& spec : k_segment_commands) {
        CLI::App* sub = command.add_subcommand(std::string(spec.name), std::string(spec.summary));
        spec.register_command(*sub, context);
    }
}

}  // namespace journeyctl::cmd
