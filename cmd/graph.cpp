// `journeyctl graph JOURNEY [--format dot|mermaid]`: print the journey's
// step graph (journeys/graph/graph.hpp) for Graphviz (`| dot -Tsvg`) or for a
// Mermaid block in Markdown. It draws what the file says, even when other
// files of the workspace have problems; problems in the journey's own file
// are pointed out on stderr (validate reports them in full).
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/find_by_name.hpp"
#include "cmd/open_workspace.hpp"
#include "cmd/exit_codes.hpp"
#include "core/diag/errors.hpp"
#include "core/util/edit_distance.hpp"
#include "journeys/graph/graph.hpp"

namespace journeyctl::cmd {
namespace {

struct GraphOptions {
    std::string journey;
    std::string format = "dot";
};

int run_graph(const GraphOptions& options, const Context& context) {
    const journeys::Workspace workspace = open_workspace(context);
    const journeys::Journey& journey = find_journey(workspace, options.journey);

    int problems = 0;
    for (const core::diag::Diagnostic& d : workspace.diagnostics) {
        if (d.path == journey.file && d.severity == core::diag::Severity::Error) ++problems;
    }
    if (problems > 0 && !context.options.quiet) {
        std::fprintf(stderr,
                     "journeyctl: warning: %s has %d problem%s; the graph shows what could be read "
                     "(run 'journeyctl validate')\n",
                     journey.file.c_str(), problems, problems == 1 ? "" : "s");
    }
    const journeys::StepGraph graph = journeys::build_step_graph(journey);
    const std::string text = options.format == "mermaid" ? journeys::render_mermaid(graph) : journeys::render_dot(graph);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return k_exit_ok;
}

}  // namespace

void register_graph(CLI::App& command, Context& context) {
    auto options = std::make_shared<GraphOptions>();
    command.add_option("JOURNEY", options->journey, "The journey's name")->required();
    command.add_option("--format", options->format, "Output: dot (Graphviz, the default) or mermaid")
        ->check(CLI::IsMember({"dot", "mermaid"}))
        ->option_text("FORMAT");
    command.callback([options, &context] { context.exit_code = run_graph(*options, context); });
}

}  // namespace journeyctl::cmd
