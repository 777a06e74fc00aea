// `journeyctl run [JOURNEY...]`: journeys for real. Every active journey
// (or those named) is advanced from where its previous run stopped to
// --until (default: now) by journeys/running/journey_runner.hpp, the
// second driver of the step machine beside dry-run, with its state in the
// workspace's state database; then the messages decided go out through
// the delivery engine with the send ledger around every request
// (journeys/running/outbox_sender.hpp). --events FILE keeps its events
// in the state database for this run and every later one (run_events.hpp);
// --events - reads standard input and runs whenever events come or a
// timer falls due, on the clock. This file reads the options, holds the
// one-runner lock, wires SIGINT/SIGTERM to the delivery's stop and
// reports.
//
// Exit status: 0 done; 1 a message failed or may have arrived twice-unsafe
// (ambiguous); 2 usage or configuration (unknown journey, a workspace that
// does not validate, another run holding the state, a file channel); 3 a
// rejected data row with --strict, or an --events line that is not a JSON
// object; 130 interrupted.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include "cmd/channel_providers.hpp"
#include "cmd/context.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/find_by_name.hpp"
#include "cmd/open_workspace.hpp"
#include "cmd/run_events.hpp"
#include "cmd/run_output.hpp"
#include "cmd/stop_on_signals.hpp"
#include "cmd/time_option.hpp"
#include "cmd/workspace_session.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "core/state/state_store.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/running/journey_runner.hpp"
#include "journeys/running/outbox_sender.hpp"
#include "journeys/running/runner_lock.hpp"
#include "journeys/runtime/stored_time.hpp"
#include "journeys/sending/channel_config.hpp"

namespace journeyctl::cmd {

namespace {

namespace expr = core::expr;
namespace delivery = core::delivery;

struct RunOptions {
    std::vector<std::string> journeys;
    std::string until;
    std::string since;
    bool dry_run = false;
    bool wait = false;
    bool strict = false;
    std::string format = "text";
    std::string events;  // FILE, or "-": stream standard input
};

// The journeys named, or every active one. A draft or paused journey is
// refused by name: a run sends for real.
std::vector<const journeys::Journey*> journeys_to_run(const journeys::Workspace& workspace,
                                                      const std::vector<std::string>& names) {
    std::vector<const journeys::Journey*> out;
    if (names.empty()) {
        for (const journeys::Journey& journey : workspace.journeys) {
            if (journey.status.value == journeys::Status::Active) out.push_back(&journey);
        }
        return out;
    }
    for (const std::string& name : names) {
        const journeys::Journey& journey = find_journey(workspace, name);
        if (journey.status.value != journeys::Status::Active) {
            throw core::UsageError(fmt::format("journey '{}' is {}: only active journeys run", name,
                                               journeys::status_name(journey.status.value)));
        }
        out.push_back(&journey);
    }
    return out;
}

// The channels the journeys send through, made ready before anything
// runs: a missing secret is a configuration error now, not after the
// state moved.
struct Channels {
    std::vector<std::unique_ptr<delivery::ChannelConfig>> configs;
    std::vector<std::unique_ptr<delivery::Provider>> providers;
    journeys::OutboxInputs outbox;
};

void add_channels(Channels& channels, const journeys::CompiledJourney& journey, const journeys::Workspace& workspace,
                  const core::workspace::Env& env) {
    for (const journeys::CompiledStep& step : journey.steps) {
        if (step.channel == nullptr || channels.outbox.channels.contains(step.channel->name.value)) continue;
        auto config = std::make_unique<delivery::ChannelConfig>(
            journeys::delivery_channel(*step.channel, env, workspace.root));
        if (writes_files(*config)) {
            throw core::ConfigError(fmt::format("journey '{}' sends through file channel '{}': run does not send "
                                                "direct mail yet (use send)",
                                                journey.name(), step.channel->name.value));
        }
        channels.providers.push_back(provider_for(*config));
        channels.outbox.channels.emplace(config->name, config.get());
        channels.configs.push_back(std::move(config));
    }
}

// One run: the workspace read afresh, every selected journey advanced to
// `until` over its data and the stored events, the outbox delivered.
RunSummary run_cycle(const RunOptions& options, const Context& context, core::state::StateStore& store,
                     expr::Timestamp since, expr::Timestamp until) {
    WorkspaceSession session(context);
    const journeys::Workspace& workspace = session.workspace();
    const std::vector<const journeys::Journey*> selected = journeys_to_run(workspace, options.journeys);
    session.require_valid("a run");
    session.prepare_all();
    const expr::Environment environment = journeys::journey_environment(session.engine());
    const journeys::CompiledPolicies policies(workspace.config.policies, std::string(workspace.config.zone()),
                                              environment);
    std::vector<journeys::CompiledJourney> compiled;
    compiled.reserve(selected.size());
    for (const journeys::Journey* journey : selected) {
        compiled.push_back(journeys::compile_journey(workspace, *journey, environment));
    }
    const core::workspace::ProcessEnv env;
    Channels channels;
    channels.outbox.env = &env;
    if (!options.dry_run) {
        for (const journeys::CompiledJourney& journey : compiled) add_channels(channels, journey, workspace, env);
    }
    // The events received by earlier runs (and this one), with the data's.
    const StoredEventsFile stored_events(store);
    if (stored_events.path()) session.add_event_files({*stored_events.path()});
    // Messages are rendered as they are decided: templates may read any field.
    core::segment::FieldUse everything;
    everything.uses_events = true;
    everything.all_event_fields = true;
    everything.all_profile_fields = true;
    const core::data::Dataset& dataset = session.load(std::nullopt, options.strict, everything);
    const journeys::SuppressionList suppression = session.load_suppression();
    journeys::MessageTemplates templates(environment);

    RunSummary summary;
    summary.dry_run = options.dry_run;
    summary.until = until;
    for (const journeys::CompiledJourney& journey : compiled) {
        journeys::SimulationInputs inputs;
        inputs.workspace = &workspace;
        inputs.journey = &journey;
        inputs.dataset = &dataset;
        inputs.segments = &session.engine();
        if (journey.journey->entry.scheduled()) {
            inputs.entry_segment = session.resolve({journey.journey->entry.segment->value}).front();
        }
        inputs.environment = &environment;
        inputs.policies = &policies;
        inputs.suppression = workspace.config.policies.suppress ? &suppression : nullptr;
        inputs.templates = &templates;
        summary.journeys.push_back(journeys::advance_journey(store, inputs, since, until));
    }
    if (!options.dry_run) {
        std::vector<delivery::EngineChannel> engine_channels;
        for (size_t i = 0; i < channels.configs.size(); ++i) {
            engine_channels.push_back({channels.configs[i].get(), channels.providers[i].get(), 64});
        }
        delivery::Engine engine(std::move(engine_channels));
        StopOnSignals stop(engine);
        try {
            summary.delivery = journeys::send_outbox(store, engine, channels.outbox);
        } catch (const delivery::DeliveryConfigError& e) {
            throw core::ConfigError(e.what());
        }
    }
    for (const journeys::JourneyRunResult& result : summary.journeys) {
        summary.outbox[result.journey] = store.journeys().outbox_size(result.journey);
    }
    return summary;
}

int exit_status(const RunSummary& summary) {
    if (summary.delivery.interrupted) return k_exit_interrupted;
    return summary.delivery.failed > 0 || summary.delivery.ambiguous > 0 ? k_exit_failed : k_exit_ok;
}

// SIGINT or SIGTERM while streaming: the run under way finishes (a
// delivery stops as send's does), then the loop ends.
volatile std::sig_atomic_t g_stop_streaming = 0;

extern "C" void stop_streaming(int /*signal*/) { g_stop_streaming = 1; }

class StopStreamingOnSignals {
public:
    StopStreamingOnSignals() {
        g_stop_streaming = 0;
        struct sigaction action {};
        action.sa_handler = stop_streaming;
        sigemptyset(&action.sa_mask);  // no SA_RESTART: a wait for input ends at once
        sigaction(SIGINT, &action, &m_previous_int);
        sigaction(SIGTERM, &action, &m_previous_term);
    }
    ~StopStreamingOnSignals() {
        sigaction(SIGINT, &m_previous_int, nullptr);
        sigaction(SIGTERM, &m_previous_term, nullptr);
    }
    StopStreamingOnSignals(const StopStreamingOnSignals&) = delete;
    StopStreamingOnSignals& operator=(const StopStreamingOnSignals&) = delete;

private:
    struct sigaction m_previous_int {};
    struct sigaction m_previous_term {};
};

expr::Timestamp clock_now() {
    expr::Timestamp now = journeys::from_unix_nanos(core::state::unix_nanos_now());
    now.nanos = 0;
    return now;
}

// The longest wait for input between runs: a scheduled occurrence is
// noticed within it.
constexpr std::chrono::milliseconds k_longest_wait{60'000};

// `--events -`: a run at once (timers due while nobody ran), then one
// whenever events come in or the earliest timer falls due, on the clock,
// until the input ends (a last run) or a signal.
int run_streaming(const RunOptions& options, const Context& context, core::state::StateStore& store,
                  expr::Timestamp since, std::string_view time_field) {
    StopStreamingOnSignals signals;
    LineReader input;
    int status = k_exit_ok;
    ReceivedEvents received;
    for (bool ended = false;;) {
        RunSummary summary = run_cycle(options, context, store, since, clock_now());
        summary.events_received = received.received;
        summary.events_late = received.late;
        write_run_summary(stdout, summary, options.format, true);
        status = std::max(status, exit_status(summary));
        if (ended || g_stop_streaming != 0 || summary.delivery.interrupted) break;
        std::chrono::milliseconds wait = k_longest_wait;
        if (const std::optional<int64_t> wake = store.journeys().next_wake()) {
            const int64_t until_wake = (*wake - core::state::unix_nanos_now()) / 1'000'000 + 1;
            wait = std::clamp(std::chrono::milliseconds(until_wake), std::chrono::milliseconds(0), k_longest_wait);
        }
        const LineReader::Batch batch = input.read(wait);
        received = store_events(store, batch.lines, time_field);
        ended = batch.ended;
        if (g_stop_streaming != 0) break;
    }
    return g_stop_streaming != 0 ? k_exit_interrupted : status;
}

int run_run(const RunOptions& options, const Context& context) {
    const bool streaming = options.events == "-";
    if (streaming && (options.dry_run || !options.until.empty())) {
        throw core::UsageError("--events - runs on the clock until its input ends: it takes neither --until nor --dry-run");
    }
    const expr::Timestamp now = context.now();
    const expr::Timestamp until = options.until.empty() ? now : parse_time_option(options.until, "--until");
    const expr::Timestamp since = options.since.empty() ? now : parse_time_option(options.since, "--since");
    std::vector<std::string> event_lines;
    if (!options.events.empty() && !streaming) event_lines = read_event_file(options.events);

    const journeys::Workspace workspace = open_workspace(context);
    const std::filesystem::path state_path = workspace.root / std::string(workspace.config.state_path());
    std::optional<journeys::RunnerLock> lock;
    if (!options.dry_run) {
        lock.emplace(state_path, options.wait ? journeys::RunnerLock::Wait::Yes : journeys::RunnerLock::Wait::No);
    }
    // A dry run works on a copy: it moves and decides everything, and
    // neither the state nor anyone's inbox sees it.
    std::optional<TemporaryFolder> copy;
    if (options.dry_run) {
        copy.emplace();
        if (std::filesystem::exists(state_path)) core::state::StateStore(state_path).copy_to(copy->path() / "state.db");
    }
    core::state::StateStore store(copy ? copy->path() / "state.db" : state_path);
    const std::string_view time_field = workspace.config.events.time_field_name();
    const ReceivedEvents received = store_events(store, event_lines, time_field);
    // Streaming runs on the clock, to the second: a journey's first run
    // starts at the first run's instant unless --since says otherwise.
    if (streaming) {
        return run_streaming(options, context, store, options.since.empty() ? clock_now() : since, time_field);
    }

    RunSummary summary = run_cycle(options, context, store, since, until);
    summary.events_received = received.received;
    summary.events_late = received.late;
    write_run_summary(stdout, summary, options.format);
    return exit_status(summary);
}

}  // namespace

void register_run(CLI::App& command, Context& context) {
    auto options = std::make_shared<RunOptions>();
    command.add_option("JOURNEY", options->journeys, "The journeys to advance (default: every active one)");
    command.add_option("--until", options->until,
                       "Advance to this instant (RFC 3339; default: --now, which defaults to the clock)")
        ->option_text("TIME");
    command.add_option("--since", options->since,
                       "Where a journey that has never run starts (RFC 3339; default: the run's instant, so "
                       "nothing in the past is replayed)")
        ->option_text("TIME");
    command.add_flag("--dry-run", options->dry_run,
                     "Do all of it against a copy of the state database and send nothing");
    command.add_flag("--wait", options->wait, "Wait for another run holding the state database instead of exiting 2");
    command.add_option("--format", options->format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.add_option("--events", options->events,
                       "Events to act on (JSON Lines, the workspace's event fields), kept in the state database for "
                       "later runs; '-': read standard input and act on each event as it comes, and on timers as they "
                       "fall due, until the input ends or SIGTERM")
        ->option_text("FILE");
    command.add_flag("--strict", options->strict, "Stop at the first rejected data row (exit 3)");
    command.callback([options, &context] { context.exit_code = run_run(*options, context); });
}

}  // namespace journeyctl::cmd
