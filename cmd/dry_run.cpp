// `journeyctl dry-run JOURNEY`: simulate one journey over the workspace's
// data on a virtual clock (journeys/simulation/simulation.hpp) and report who entered,
// where they went, which messages would go out and which the policies held
// back. Nothing is sent and no request is made: `call` steps are recorded.
// `dry-run J1 J2...` and `dry-run --all` simulate the journeys together
// (cmd/program_run.hpp), so that caps count every journey's messages, and
// add the totals per channel and per day; the window then defaults to
// the longest timeout.
//
// The workspace must validate first (a dry-run of a broken journey would
// report nonsense): its errors are printed and the command exits 2. The
// window defaults to [--now, --now + the journey's timeout]. --events FILE
// adds hypothetical events to the workspace's (what if these arrived?). --trace KEY
// prints one profile's timeline instead of the report; --messages FILE
// writes every message attempt, rendered, as JSON Lines; --graph prints
// the step graph with the counts on its edges.
//
// Exit status: 0 simulated (whatever the outcomes); 2 usage or
// configuration (unknown journey or profile, a workspace that does not
// validate, a bad time, a --messages FILE the run reads); 3 a rejected
// data row with --strict; 74 stdout or --messages FILE cannot be written.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "cmd/commands.hpp"
#include "cmd/dry_run_output.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/find_by_name.hpp"
#include "cmd/output_file.hpp"
#include "cmd/program_run.hpp"
#include "cmd/time_option.hpp"
#include "cmd/workspace_session.hpp"
#include "cmd/workspace_inputs.hpp"
#include "core/diag/diagnostic.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/graph/graph_counts.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/simulation/simulation.hpp"
#include "journeys/policy/suppression.hpp"
#include "journeys/validation/validate.hpp"

namespace journeyctl::cmd {
namespace {

namespace expr = core::expr;

struct DryRunOptions {
    std::vector<std::string> journeys;
    bool all = false;
    std::string from;
    std::string until;
    std::string trace;
    std::string messages;
    std::vector<std::string> events;
    std::string format = "text";
    std::string graph;
    bool strict = false;
    bool force = false;  // --messages over a file the run reads
};

// The --messages file may not be one the run reads: the workspace's files
// or an --events file.
void check_messages_target(const DryRunOptions& options, const journeys::Workspace& workspace) {
    if (options.messages.empty() || options.messages == "-") return;
    std::vector<WorkspaceInput> inputs = workspace_inputs(workspace);
    for (const std::string& file : options.events) {
        inputs.push_back({std::filesystem::absolute(file), file, "an --events file of this run"});
    }
    refuse_overwriting_input(options.messages, inputs, "--messages", options.force);
}

// One message attempt and the journey it belongs to, for --messages.
struct MessageLine {
    const journeys::MessageAttempt* attempt;
    const std::string* journey;
};

// The journeys' message attempts in the order of time, then profile row,
// then journey (each journey's are in that order already).
std::vector<MessageLine> message_lines(const std::vector<const journeys::SimulationResult*>& results) {
    std::vector<MessageLine> lines;
    for (const journeys::SimulationResult* result : results) {
        for (const journeys::MessageAttempt& attempt : result->messages) lines.push_back({&attempt, &result->report.journey});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const MessageLine& a, const MessageLine& b) {
        return a.attempt->time != b.attempt->time ? a.attempt->time < b.attempt->time : a.attempt->row < b.attempt->row;
    });
    return lines;
}

// Every message attempt as a JSON line, to stdout or to the temporary file
// that replaces --messages FILE once all is written.
void write_messages(TemporaryOutput* file, const std::vector<MessageLine>& lines) {
    std::string buffer;
    auto flush = [&] {
        if (file != nullptr) {
            file->write(buffer);
        } else if (std::fwrite(buffer.data(), 1, buffer.size(), stdout) != buffer.size()) {
            throw OutputError("cannot write the messages to standard output: " + std::string(std::strerror(errno)));
        }
        buffer.clear();
    };
    for (const MessageLine& line : lines) {
        buffer += message_line(*line.attempt, *line.journey);
        if (buffer.size() >= (1u << 20)) flush();
    }
    flush();
    if (file != nullptr) file->commit();
}

// Several journeys (--all, or more than one named): one program on one
// clock, each journey's report and the totals. --trace and --graph are
// about one journey and are refused here.
int run_program_dry_run(const DryRunOptions& options, const Context& context) {
    if (!options.trace.empty() || !options.graph.empty()) {
        throw core::UsageError(fmt::format("{} shows one journey: name just one", options.trace.empty() ? "--graph" : "--trace"));
    }
    WorkspaceSession session(context);
    const journeys::Workspace& workspace = session.workspace();
    std::vector<const journeys::Journey*> chosen;
    if (options.all) {
        for (const journeys::Journey& journey : workspace.journeys) chosen.push_back(&journey);
    } else {
        for (const std::string& name : options.journeys) {
            const journeys::Journey* journey = &find_journey(workspace, name);
            if (std::find(chosen.begin(), chosen.end(), journey) == chosen.end()) chosen.push_back(journey);
        }
    }
    if (chosen.empty()) throw core::ConfigError("the workspace has no journey to simulate");
    check_messages_target(options, workspace);
    session.require_valid("a dry-run");

    ProgramRunOptions run;
    run.from = options.from.empty() ? context.now() : parse_time_option(options.from, "--from");
    run.until = options.until.empty() ? default_until(run.from, chosen) : parse_time_option(options.until, "--until");
    if (run.until < run.from) {
        throw core::UsageError(fmt::format("--until {} is before --from {}", expr::time::format_timestamp(run.until),
                                           expr::time::format_timestamp(run.from)));
    }
    run.strict = options.strict;
    run.messages = !options.messages.empty();
    run.count_days = true;
    for (const std::string& file : options.events) run.event_files.push_back(std::filesystem::absolute(file));
    std::optional<TemporaryOutput> messages_file;
    if (!options.messages.empty() && options.messages != "-") messages_file.emplace(options.messages, "--messages");
    journeys::ProgramResult program = run_program(session, chosen, run);

    if (!options.messages.empty()) {
        std::vector<const journeys::SimulationResult*> results;
        for (const journeys::SimulationResult& result : program.journeys) results.push_back(&result);
        write_messages(messages_file ? &*messages_file : nullptr, message_lines(results));
    }
    if (options.messages == "-") return k_exit_ok;
    std::vector<ReportContext> contexts;
    for (const journeys::Journey* journey : chosen) contexts.push_back({journey, std::string(workspace.config.zone())});
    const std::string out = options.format == "json" ? program_json(program, contexts) : program_text(program, contexts);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

int run_dry_run(const DryRunOptions& options, const Context& context) {
    if (options.all || options.journeys.size() > 1) return run_program_dry_run(options, context);
    using Clock = std::chrono::steady_clock;
    const auto seconds_since = [](Clock::time_point start) {
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    auto phase_start = Clock::now();
    WorkspaceSession session(context);
    const journeys::Workspace& workspace = session.workspace();
    const journeys::Journey& journey = find_journey(workspace, options.journeys.front());
    check_messages_target(options, workspace);
    session.require_valid("a dry-run");
    spdlog::debug("dry-run: workspace loaded and validated in {:.3f} s", seconds_since(phase_start));

    const expr::Timestamp from = options.from.empty() ? context.now() : parse_time_option(options.from, "--from");
    expr::Timestamp until;
    if (!options.until.empty()) {
        until = parse_time_option(options.until, "--until");
    } else {
        const auto end = expr::time::add(from, journey.timeout.value);
        until = std::holds_alternative<expr::Timestamp>(end) ? std::get<expr::Timestamp>(end) : from;
    }
    if (until < from) {
        throw core::UsageError(fmt::format("--until {} is before --from {}", expr::time::format_timestamp(until),
                                           expr::time::format_timestamp(from)));
    }

    session.prepare_all();
    std::optional<size_t> entry_segment;
    if (journey.entry.scheduled()) entry_segment = session.resolve({journey.entry.segment->value}).front();

    const expr::Environment environment = journeys::journey_environment(session.engine());
    const journeys::CompiledJourney compiled = journeys::compile_journey(workspace, journey, environment);
    const journeys::CompiledPolicies policies(workspace.config.policies, std::string(workspace.config.zone()),
                                              environment);
    const bool rendering = !options.messages.empty() || !options.trace.empty();
    phase_start = Clock::now();
    std::vector<std::filesystem::path> event_files;
    for (const std::string& file : options.events) event_files.push_back(std::filesystem::absolute(file));
    session.add_event_files(std::move(event_files));
    const core::data::Dataset& dataset = session.load(
        std::vector<std::string>{}, options.strict, journey_field_use(compiled, policies, workspace, environment, rendering));
    spdlog::debug("dry-run: data loaded in {:.3f} s", seconds_since(phase_start));
    const journeys::SuppressionList suppression = session.load_suppression();
    journeys::MessageTemplates templates(environment);

    // Created before the simulation, so that a bad path fails at once.
    std::optional<TemporaryOutput> messages_file;
    if (!options.messages.empty() && options.messages != "-") messages_file.emplace(options.messages, "--messages");
    journeys::SimulationOptions simulation;
    simulation.from = from;
    simulation.until = until;
    simulation.collect_messages = !options.messages.empty();
    simulation.render_messages = !options.messages.empty();
    if (!options.trace.empty()) simulation.trace_row = session.profile_row(options.trace);
    journeys::SimulationInputs inputs;
    inputs.workspace = &workspace;
    inputs.journey = &compiled;
    inputs.dataset = &dataset;
    inputs.segments = &session.engine();
    inputs.entry_segment = entry_segment;
    inputs.environment = &environment;
    inputs.policies = &policies;
    inputs.suppression = workspace.config.policies.suppress ? &suppression : nullptr;
    inputs.templates = &templates;
    if (session.shows_progress()) {
        simulation.progress = [&session](uint64_t done, uint64_t total) { session.progress("simulating", done, total); };
    }
    const journeys::SimulationResult result = journeys::simulate(inputs, simulation);
    session.end_progress();
    spdlog::debug("dry-run: entry segment evaluated in {:.3f} s, profiles simulated in {:.3f} s",
                  result.membership_seconds, result.profiles_seconds);

    if (!options.messages.empty()) write_messages(messages_file ? &*messages_file : nullptr, message_lines({&result}));
    const ReportContext report_context{&journey, std::string(workspace.config.zone())};
    std::string out;
    if (!options.trace.empty()) {
        out = options.format == "json" ? trace_json(result, options.trace) : trace_text(result, options.trace);
    } else if (!options.graph.empty()) {
        journeys::StepGraph graph = journeys::build_step_graph(journey);
        journeys::annotate_with_counts(graph, result.report);
        out = options.graph == "mermaid" ? journeys::render_mermaid(graph) : journeys::render_dot(graph);
    } else {
        out = options.format == "json" ? report_json(result.report, report_context)
                                       : report_text(result.report, report_context);
    }
    if (options.messages != "-") std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

}  // namespace

void register_dry_run(CLI::App& command, Context& context) {
    auto options = std::make_shared<DryRunOptions>();
    command.add_option("JOURNEY", options->journeys,
                       "The journey to simulate; several are simulated together, under the caps");
    command.add_flag("--all", options->all, "Simulate every journey of the workspace together");
    command.add_option("--from", options->from, "Start of the simulated window (RFC 3339; default: --now)")
        ->option_text("TIME");
    command.add_option("--until", options->until,
                       "End of the window (RFC 3339; default: the start plus the journey's timeout)")
        ->option_text("TIME");
    command.add_option("--events", options->events,
                       "More events (JSON Lines or CSV, the workspace's event fields), merged with the workspace's by "
                       "time; may be repeated")
        ->option_text("FILE");
    command.add_option("--trace", options->trace, "Print one profile's timeline, with the reason for every decision")
        ->option_text("KEY");
    command.add_option("--messages", options->messages,
                       "Write every message attempt, rendered, as JSON Lines to FILE ('-': stdout, instead of the report)")
        ->option_text("FILE");
    command.add_option("--format", options->format, "Report or trace as text (a table) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.add_option("--graph", options->graph, "Print the step graph with the counts on its edges, as dot or mermaid")
        ->check(CLI::IsMember({"dot", "mermaid"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Stop at the first rejected data row (exit 3)");
    command.add_flag("--force", options->force,
                     "Write --messages FILE even when the run reads it (the workspace's data, files, state, --events)");
    command.callback([options, &context] {
        // Said the way CLI11 says a missing positional, with its usage hint.
        if (options->journeys.empty() && !options->all) throw CLI::RequiredError("JOURNEY or --all");
        if (!options->journeys.empty() && options->all) {
            throw CLI::ValidationError("--all", "simulates every journey: name none with it");
        }
        context.exit_code = run_dry_run(*options, context);
    });
}

}  // namespace journeyctl::cmd
