// `journeyctl segment count NAME...`: the member count of each named
// segment, all computed in one pass over the data (loaded with only the
// fields their expressions read). Profiles whose condition gave an error
// are counted on stderr per segment; --strict makes the first one fatal
// (exit 3).
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/workspace_session.hpp"

namespace journeyctl::cmd::segment {
namespace {

struct CountOptions {
    std::vector<std::string> names;
    std::string format = "text";
    bool strict = false;
};

int run_count(const CountOptions& options, const Context& context) {
    WorkspaceSession session(context);
    const std::vector<size_t> targets = session.resolve(options.names);
    session.prepare(targets);
    const auto& dataset = session.load(std::vector<std::string>{}, options.strict);
    const auto result = session.run(targets, options.strict);
    const auto& defs = session.engine().segments();
    std::string out;
    if (options.format == "json") {
        nlohmann::json segments = nlohmann::json::array();
        for (size_t t = 0; t < targets.size(); ++t) {
            const auto& stats = result.stats[targets[t]];
            segments.push_back({{"name", defs[targets[t]].name}, {"members", stats.members}, {"errors", stats.errors}});
        }
        nlohmann::json report = {{"profiles", dataset.profiles().row_count()}, {"segments", segments}};
        out = report.dump(2) + "\n";
    } else {
        size_t width = 0;
        for (size_t target : targets) width = std::max(width, defs[target].name.size());
        for (size_t target : targets) {
            out += fmt::format("{:<{}}  {}\n", defs[target].name, width, result.stats[target].members);
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

}  // namespace

void register_count(CLI::App& command, Context& context) {
    auto options = std::make_shared<CountOptions>();
    command.add_option("NAME", options->names, "Segments to count")->required();
    command.add_option("--format", options->format, "Output: text (name and count a line) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict,
                     "Stop at the first bad data row or expression error (exit 3)");
    command.callback([options, &context] { context.exit_code = run_count(*options, context); });
}

}  // namespace journeyctl::cmd::segment
