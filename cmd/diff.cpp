// `journeyctl diff [--base REF|DIR] [JOURNEY...]`: what a change does.
// The base (cmd/diff_base.hpp) and the head (the workspace as it is on
// disk) are each dry-run as a whole program under their caps
// (cmd/program_run.hpp), over the same window and the head's data (loaded
// once for both), and compared journey by journey
// (journeys/diff/program_diff.hpp).
//
// Both sides must validate. Journeys named on the command line limit the
// report, not the simulation: the other journeys still use up the caps.
//
// Exit status: 0 compared (whatever changed); 1 a --fail-on rule tripped
// (the thing checked failed); 2 usage or configuration (a bad rule, an
// unknown journey, a base that is neither a folder nor a commit, a side
// that does not validate); 3 a rejected data row with --strict; 74 stdout
// cannot be written.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/diff_base.hpp"
#include "cmd/diff_output.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/open_workspace.hpp"
#include "cmd/program_run.hpp"
#include "cmd/time_option.hpp"
#include "cmd/workspace_session.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "core/workspace/load.hpp"
#include "journeys/diff/fail_on.hpp"
#include "journeys/diff/program_diff.hpp"
#include "journeys/diff/segment_diff.hpp"
#include "journeys/runtime/segment_membership.hpp"

namespace journeyctl::cmd {
namespace {

namespace expr = core::expr;
namespace fs = std::filesystem;

struct DiffOptions {
    std::string base;
    std::vector<std::string> journeys;
    std::string from;
    std::string until;
    std::string format = "text";
    std::vector<std::string> fail_on;
    std::string data = "head";  // whose data files both sides read, or "base": each its own
    size_t examples = 5;
    bool strict = false;
};

// Both sides read the head's data files (unless --data base): the change
// under review is the workspace's, and the data is what it will meet.
void use_data_of(journeys::Workspace& base, const journeys::Workspace& head) {
    auto take = [&](core::workspace::DataSource& into, const core::workspace::DataSource& from) {
        into = from;
        if (into.present) into.file.value = (head.root / from.file.value).string();
    };
    take(base.config.profiles, head.config.profiles);
    take(base.config.events, head.config.events);
}

std::vector<const journeys::Journey*> all_journeys(const journeys::Workspace& workspace) {
    std::vector<const journeys::Journey*> out;
    for (const journeys::Journey& journey : workspace.journeys) out.push_back(&journey);
    return out;
}

// Where the workspace root is seen from the current folder ("" or
// "dir/"): GitHub resolves annotation paths against the checkout.
std::string path_prefix(const fs::path& root) {
    std::error_code error;
    const fs::path cwd = fs::current_path(error);
    if (error) return {};
    const fs::path a = fs::weakly_canonical(root, error);
    const fs::path b = fs::weakly_canonical(cwd, error);
    const std::string relative = a.lexically_relative(b).generic_string();
    return relative.empty() || relative == "." ? std::string() : relative + "/";
}

// A profile's key as text, from the dataset a side read (the base's
// session holds none of its own when it shares the head's).
std::string key_of(const core::data::Dataset& dataset, uint32_t row) {
    expr::Value key;
    if (!dataset.profiles().get(dataset.key_field(), row, key)) return {};
    return key.to_cell_text();
}

// Who is in each segment whose file or members differ, at the window's
// start, on each side: the segment engine of that side over its dataset.
// Nothing can differ when the segment files and the data are the same.
std::vector<journeys::SegmentDiff> segment_changes(WorkspaceSession& base, const core::data::Dataset& base_data,
                                                   WorkspaceSession& head, const core::data::Dataset& head_data,
                                                   expr::Timestamp at) {
    if (&base_data == &head_data && journeys::same_segments(base.workspace(), head.workspace())) return {};
    const std::vector<journeys::TouchedSegment> touched = journeys::touched_segments(base.workspace(), head.workspace());
    // Per touched segment, the sorted keys of its members on one side
    // (none: not there).
    auto members_on = [&](WorkspaceSession& side, const core::data::Dataset& dataset, bool is_base) {
        const core::segment::Population population = journeys::population_at(dataset, at);
        std::vector<size_t> targets, positions;
        for (size_t i = 0; i < touched.size(); ++i) {
            if ((is_base ? touched[i].base : touched[i].head) == nullptr) continue;
            if (const auto found = side.engine().find(touched[i].name)) {
                targets.push_back(*found);
                positions.push_back(i);
            }
        }
        std::vector<std::optional<std::vector<std::string>>> out(touched.size());
        if (targets.empty()) return out;
        core::segment::RunOptions run;
        run.now = at;
        const core::segment::RunResult result = side.engine().run(population, targets, run);
        for (size_t t = 0; t < targets.size(); ++t) {
            std::vector<std::string> keys;
            const std::vector<uint8_t>& members = result.members[t];
            for (uint32_t row = 0; row < members.size(); ++row) {
                if (members[row] != 0) keys.push_back(key_of(dataset, row));
            }
            std::sort(keys.begin(), keys.end());
            out[positions[t]] = std::move(keys);
        }
        return out;
    };
    const auto in_base = members_on(base, base_data, true);
    const auto in_head = members_on(head, head_data, false);
    std::vector<journeys::SegmentDiff> out;
    for (size_t i = 0; i < touched.size(); ++i) {
        journeys::SegmentDiff d =
            journeys::diff_segment(touched[i], in_base[i] ? &*in_base[i] : nullptr, in_head[i] ? &*in_head[i] : nullptr);
        if (touched[i].file_changed || d.joined > 0 || d.left > 0) out.push_back(std::move(d));
    }
    return out;
}

int run_diff(const DiffOptions& options, const Context& context) {
    std::vector<journeys::FailOnRule> rules;
    for (const std::string& text : options.fail_on) {
        auto parsed = journeys::parse_fail_on(text);
        if (const std::string* error = std::get_if<std::string>(&parsed)) throw core::UsageError("--fail-on " + *error);
        rules.push_back(std::get<journeys::FailOnRule>(std::move(parsed)));
    }

    WorkspaceSession head(context);
    const DiffBase base_folder(head.workspace().root, options.base);
    journeys::Workspace base_workspace = open_workspace_at(core::workspace::locate_workspace(base_folder.root()));
    const bool shared_data = options.data == "head";
    if (shared_data) use_data_of(base_workspace, head.workspace());
    WorkspaceSession base(context, std::move(base_workspace));
    head.require_valid("a diff");
    base.require_valid(fmt::format("a diff (in the base, {})", base_folder.description()));

    const std::vector<const journeys::Journey*> base_journeys = all_journeys(base.workspace());
    const std::vector<const journeys::Journey*> head_journeys = all_journeys(head.workspace());
    const std::set<std::string> selected(options.journeys.begin(), options.journeys.end());
    for (const std::string& name : selected) {
        if (head.workspace().journey(name) == nullptr && base.workspace().journey(name) == nullptr) {
            throw core::UsageError(fmt::format("unknown journey '{}': in neither the base nor the head", name));
        }
    }
    std::vector<const journeys::Journey*> every = base_journeys;
    every.insert(every.end(), head_journeys.begin(), head_journeys.end());
    ProgramRunOptions run;
    run.from = options.from.empty() ? context.now() : parse_time_option(options.from, "--from");
    run.until = options.until.empty() ? default_until(run.from, every) : parse_time_option(options.until, "--until");
    if (run.until < run.from) {
        throw core::UsageError(fmt::format("--until {} is before --from {}", expr::time::format_timestamp(run.until),
                                           expr::time::format_timestamp(run.from)));
    }
    run.strict = options.strict;
    run.count_days = false;
    run.record_paths = true;
    // Both sides read the same files: loaded once, with what either reads.
    // With --data base each side loads its own.
    ProgramRun base_run(base, base_journeys, false);
    ProgramRun head_run(head, head_journeys, false);
    core::segment::FieldUse use = head_run.field_use();
    if (shared_data) use.merge(base_run.field_use());
    const core::data::Dataset& head_data = head.load(std::vector<std::string>{}, options.strict, use);
    const core::data::Dataset& base_data =
        shared_data ? head_data : base.load(std::vector<std::string>{}, options.strict, base_run.field_use());
    // Equal segments over equal data: the head reuses the base's entry
    // memberships.
    journeys::MembershipCache memberships;
    if (shared_data && journeys::same_segments(base.workspace(), head.workspace())) run.memberships = &memberships;
    const journeys::ProgramResult base_result = base_run.simulate(base_data, run);
    const journeys::ProgramResult head_result = head_run.simulate(head_data, run);

    journeys::ProgramDiff diff =
        journeys::diff_programs({&base.workspace(), base_journeys, &base_result},
                                {&head.workspace(), head_journeys, &head_result}, selected, options.examples);
    diff.segments = segment_changes(base, base_data, head, head_data, run.from);
    std::vector<CheckedRule> checks;
    bool tripped = false;
    for (const journeys::FailOnRule& rule : rules) {
        checks.push_back({rule.text, journeys::check_fail_on(rule, diff)});
        tripped = tripped || checks.back().check.tripped;
    }
    const DiffContext diff_context{.base = base_folder.description(),
                                   .from = run.from,
                                   .until = run.until,
                                   .profiles = head.dataset().profiles().row_count(),
                                   .shared_data = shared_data,
                                   .path_prefix = path_prefix(head.workspace().root)};
    std::string out;
    if (options.format == "json") {
        out = diff_json(diff, diff_context, checks);
    } else if (options.format == "markdown") {
        out = diff_markdown(diff, diff_context, checks);
    } else if (options.format == "github") {
        out = diff_github(diff, diff_context, checks);
    } else {
        out = diff_text(diff, diff_context, checks);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    for (const CheckedRule& c : checks) {
        if (c.check.tripped) std::fprintf(stderr, "journeyctl: diff: --fail-on %s: %s\n", c.rule.c_str(), c.check.explanation.c_str());
    }
    return tripped ? k_exit_failed : k_exit_ok;
}

}  // namespace

void register_diff(CLI::App& command, Context& context) {
    auto options = std::make_shared<DiffOptions>();
    command.add_option("JOURNEY", options->journeys, "Report only these journeys (all are simulated, under the caps)");
    command.add_option("--base", options->base,
                       "What to compare with: a git ref, or a folder holding the other workspace (default: the merge "
                       "base with the default branch, else HEAD)")
        ->option_text("REF|DIR");
    command.add_option("--from", options->from, "Start of the simulated window (RFC 3339; default: --now)")
        ->option_text("TIME");
    command.add_option("--until", options->until,
                       "End of the window (RFC 3339; default: the start plus the longest journey timeout)")
        ->option_text("TIME");
    command.add_option("--data", options->data,
                       "Whose data files both sides read: head (default) or base (each side its own)")
        ->check(CLI::IsMember({"head", "base"}))
        ->option_text("WHOSE");
    command.add_option("--format", options->format, "text, json, markdown (a pull-request comment) or github (annotations)")
        ->check(CLI::IsMember({"text", "json", "markdown", "github"}))
        ->option_text("FORMAT");
    command.add_option("--fail-on", options->fail_on,
                       "Exit 1 when the change trips RULE: METRIC OP AMOUNT, e.g. messages>+10%, entries>+5000, "
                       "diverged>0; may be repeated")
        ->option_text("RULE");
    command.add_option("--examples", options->examples, "How many diverging profiles to show per journey (default 5)")
        ->option_text("N");
    command.add_flag("--strict", options->strict, "Stop at the first rejected data row (exit 3)");
    command.callback([options, &context] { context.exit_code = run_diff(*options, context); });
}

}  // namespace journeyctl::cmd
