// `journeyctl segment list`: every segment of the workspace with its
// description and file, as an aligned table or JSON. Reads no data. A
// segments/ folder or file that cannot be read or loaded is reported and
// exits 2 after the list of the others: a short list must not pass for
// the whole.
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/workspace_session.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::cmd::segment {
namespace {

struct ListOptions {
    std::string format = "text";
};

int run_list(const ListOptions& options, const Context& context) {
    WorkspaceSession session(context);
    const auto& segments = session.workspace().segments;
    std::string out;
    if (options.format == "json") {
        nlohmann::json list = nlohmann::json::array();
        for (const journeys::Segment& s : segments) {
            list.push_back({{"name", s.name.value},
                            {"description", s.description ? nlohmann::json(s.description->value) : nlohmann::json()},
                            {"file", s.file},
                            {"where", s.where.value}});
        }
        out = list.dump(2) + "\n";
    } else {
        size_t name_width = 4;
        size_t file_width = 4;
        for (const journeys::Segment& s : segments) {
            name_width = std::max(name_width, s.name.value.size());
            file_width = std::max(file_width, s.file.size());
        }
        out = fmt::format("{:<{}}  {:<{}}  {}\n", "NAME", name_width, "FILE", file_width, "DESCRIPTION");
        for (const journeys::Segment& s : segments) {
            std::string line = fmt::format("{:<{}}  {:<{}}  {}", s.name.value, name_width, s.file, file_width,
                                           s.description ? s.description->value : "");
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += core::util::escape_controls(line) + "\n";
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return session.report_load_errors("segments") ? k_exit_usage : k_exit_ok;
}

}  // namespace

void register_list(CLI::App& command, Context& context) {
    auto options = std::make_shared<ListOptions>();
    command.add_option("--format", options->format, "Output: text (a table) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.callback([options, &context] { context.exit_code = run_list(*options, context); });
}

}  // namespace journeyctl::cmd::segment
