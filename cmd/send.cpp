// `journeyctl send TEMPLATE (--segment NAME | --profile KEY...)`: one
// template to an audience through the template's channel, for real. The
// pipeline is journeys/sending/batch_sender.hpp (the policies and
// rendering of dry-run, the ledger around every request) over
// core/delivery's engine, or over a file channel's extraction
// (journeys/sending/file_batch.hpp); this file reads the options, asks
// before a send to a segment, wires SIGINT/SIGTERM to the stop, and
// reports.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/channel_providers.hpp"
#include "cmd/context.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/send_output.hpp"
#include "cmd/stop_on_signals.hpp"
#include "cmd/workspace_session.hpp"
#include "core/delivery/engine.hpp"
#include "core/delivery/provider.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "core/state/state_store.hpp"
#include "core/util/escape.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/policy/stored_frequency_ledger.hpp"
#include "journeys/sending/batch_sender.hpp"
#include "journeys/sending/channel_config.hpp"
#include "journeys/sending/file_batch.hpp"

namespace journeyctl::cmd {

namespace {

namespace delivery = core::delivery;

struct SendOptions {
    std::string template_name;
    std::string segment;
    std::vector<std::string> profiles;
    std::string batch;
    bool yes = false;
    bool dry_run = false;
    bool resend_unknown = false;
    bool strict = false;
    int64_t limit = -1;
    std::string format = "text";
};

// TEMPLATE@DATE, DATE today in the workspace's zone: sending the same
// template twice on one day is one batch unless --batch says otherwise.
std::string default_batch(const std::string& template_name, core::expr::Timestamp now, std::string_view zone) {
    namespace time = core::expr::time;
    auto offset = time::utc_offset(now, zone);
    const int64_t shift = std::holds_alternative<int64_t>(offset) ? std::get<int64_t>(offset) : 0;
    const std::string local = time::format_timestamp(core::expr::Timestamp{now.seconds + shift, 0});
    return template_name + "@" + local.substr(0, 10);
}

// A message's key is BATCH/PROFILE: a '/' in the batch would make two
// batches' keys meet, a control character would reach the ledger and the
// webhook-id header.
std::string checked_batch(const std::string& batch) {
    for (const char ch : batch) {
        const auto c = static_cast<unsigned char>(ch);
        // '/' and '#' separate the batch from the rest of a message's key
        // (BATCH/PROFILE, BATCH#FALLBACK/PROFILE).
        if (ch == '/' || ch == '#' || c < 0x20 || c == 0x7F) {
            throw core::UsageError(fmt::format("--batch '{}': a batch id may not hold '/', '#' or a control character",
                                               core::util::escape_controls(batch)));
        }
    }
    return batch;
}

std::vector<uint32_t> audience_of(WorkspaceSession& session, const SendOptions& options,
                                  std::optional<size_t> segment) {
    std::vector<uint32_t> rows;
    if (segment) {
        const core::segment::RunResult result = session.run({*segment}, options.strict);
        const std::vector<uint8_t>& members = result.members.front();
        for (uint32_t row = 0; row < members.size(); ++row) {
            if (members[row] != 0) rows.push_back(row);
        }
    } else {
        std::vector<std::string> seen;
        for (const std::string& key : options.profiles) {
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            seen.push_back(key);
            rows.push_back(session.profile_row(key));
        }
    }
    if (options.limit >= 0 && rows.size() > static_cast<size_t>(options.limit)) rows.resize(options.limit);
    return rows;
}

// A send to a whole segment is asked for on a terminal, and needs --yes
// when nobody is there to ask.
void confirm(const SendOptions& options, const std::string& channel, size_t audience) {
    if (options.yes || options.dry_run || options.segment.empty() || audience == 0) return;
    if (isatty(STDIN_FILENO) == 0) {
        throw core::UsageError(fmt::format("sending to segment '{}' needs --yes when standard input is not a terminal",
                                           options.segment));
    }
    std::fprintf(stderr, "Send '%s' to %zu profile%s of segment '%s' through channel '%s'? [y/N] ",
                 options.template_name.c_str(), audience, audience == 1 ? "" : "s", options.segment.c_str(),
                 channel.c_str());
    std::fflush(stderr);
    char answer[16] = {};
    if (std::fgets(answer, sizeof answer, stdin) == nullptr || (answer[0] != 'y' && answer[0] != 'Y')) {
        throw core::UsageError("not sent: the send was not confirmed");
    }
}

// A channel's fallback, its fallback's, ... (validate saw that the chain
// ends and keeps to one kind of message).
std::vector<const core::workspace::Channel*> fallbacks_of(const core::workspace::WorkspaceConfig& config,
                                                          const core::workspace::Channel& channel) {
    std::vector<const core::workspace::Channel*> chain;
    for (const core::workspace::Channel* at = &channel; at->fallback && !at->fallback->empty();) {
        at = config.channel(at->fallback->value);
        if (at == nullptr || at == &channel || std::find(chain.begin(), chain.end(), at) != chain.end()) break;
        chain.push_back(at);
    }
    return chain;
}

int run_send(const SendOptions& options, const Context& context) {
    if (options.segment.empty() == options.profiles.empty()) {
        throw core::UsageError("send needs either --segment NAME or --profile KEY (one or more), not both");
    }
    WorkspaceSession session(context);
    session.require_valid("a send");
    const journeys::Workspace& workspace = session.workspace();
    const journeys::Template& tmpl = session.find_template(options.template_name);
    const core::workspace::Channel& channel = *workspace.config.channel(tmpl.channel.value);

    session.prepare_all();
    std::optional<size_t> segment;
    if (!options.segment.empty()) segment = session.resolve({options.segment}).front();

    const core::expr::Environment environment = journeys::journey_environment(session.engine());
    const journeys::CompiledPolicies policies(workspace.config.policies, std::string(workspace.config.zone()),
                                              environment);
    // Templates may read any field; events too.
    core::segment::FieldUse everything;
    everything.uses_events = true;
    everything.all_event_fields = true;
    session.load(std::nullopt, options.strict, everything);
    const journeys::SuppressionList suppression = session.load_suppression();

    const core::workspace::ProcessEnv env;
    const delivery::ChannelConfig config = journeys::delivery_channel(channel, env, workspace.root);
    const std::unique_ptr<delivery::Provider> provider = provider_for(config);
    // Every fallback is made ready now: a missing secret is a configuration
    // error before anything is sent, not after the first channel fails. A
    // file channel publishes parts, not one message at a time: nothing of
    // it fails over.
    const std::vector<const core::workspace::Channel*> fallback_channels =
        writes_files(config) ? std::vector<const core::workspace::Channel*>() : fallbacks_of(workspace.config, channel);
    std::vector<delivery::ChannelConfig> fallback_configs;
    std::vector<std::unique_ptr<delivery::Provider>> fallback_providers;
    fallback_configs.reserve(fallback_channels.size());
    for (const core::workspace::Channel* fallback : fallback_channels) {
        fallback_configs.push_back(journeys::delivery_channel(*fallback, env, workspace.root));
        fallback_providers.push_back(provider_for(fallback_configs.back()));
    }
    journeys::MessageTemplates templates(environment);

    journeys::BatchInputs inputs;
    inputs.workspace = &workspace;
    inputs.tmpl = &tmpl;
    inputs.channel = &channel;
    inputs.delivery_channel = &config;
    for (size_t i = 0; i < fallback_channels.size(); ++i) inputs.fallbacks.push_back({fallback_channels[i], &fallback_configs[i]});
    inputs.dataset = &session.dataset();
    inputs.segments = &session.engine();
    inputs.environment = &environment;
    inputs.policies = &policies;
    inputs.suppression = workspace.config.policies.suppress ? &suppression : nullptr;
    inputs.templates = &templates;
    inputs.env = &env;
    inputs.audience = audience_of(session, options, segment);
    inputs.now = context.now();
    inputs.batch = options.batch.empty() ? default_batch(tmpl.name.value, inputs.now, workspace.config.zone())
                                         : checked_batch(options.batch);
    inputs.resend_unknown = options.resend_unknown;
    confirm(options, channel.name.value, inputs.audience.size());

    SendSummary summary{inputs.batch,     tmpl.name.value,      channel.name.value, config.provider,
                        options.dry_run, {},                   writes_files(config), {}};
    if (options.dry_run) {
        // Caps count this batch's messages only: a preview writes nothing,
        // not even the state database.
        journeys::InMemoryFrequencyLedger caps;
        journeys::BatchSender sender(inputs, nullptr,
                                     {&caps, [](std::string_view) {}, [](std::string_view) {}});
        if (summary.writes_files) {
            RecordWriter writer(config);
            summary.report = sender.preview([&](const delivery::OutgoingMessage& message) { writer.write(message); });
            writer.finish();
        } else {
            RequestWriter writer(config);
            summary.report = sender.preview([&](const delivery::OutgoingMessage& message) {
                writer.write(message, provider->build(message, {1, inputs.now.seconds}));
            });
            writer.finish();
        }
    } else {
        const std::filesystem::path state_path = workspace.root / std::string(workspace.config.state_path());
        core::state::StateStore store(state_path);
        journeys::StoredFrequencyLedger frequency(store.frequency());
        frequency.set_grouped(true);  // one transaction per engine turn, not one per message
        journeys::BatchSender sender(
            inputs, &store.ledger(),
            {&frequency, [&](std::string_view key) { frequency.set_idempotency_key(std::string(key)); },
             [&](std::string_view key) { store.frequency().release(key); }, [&] { frequency.commit(); }});
        std::unique_ptr<journeys::FileBatch> file_batch;
        std::unique_ptr<delivery::Engine> engine;
        delivery::Delivering* sending = nullptr;
        if (summary.writes_files) {
            const journeys::FileBatchInputs file_inputs{&config,         &channel, &tmpl, workspace.root,
                                                        state_path.parent_path(), inputs.batch};
            file_batch = std::make_unique<journeys::FileBatch>(file_inputs, store.ledger());
            for (const std::string& problem : file_batch->recovery().problems) {
                std::fprintf(stderr, "journeyctl: warning: %s: messages of an earlier run left as they were\n",
                             core::util::escape_controls(problem).c_str());
            }
            sending = &file_batch->delivery();
        } else {
            std::vector<delivery::EngineChannel> engine_channels{{&config, provider.get(), 64}};
            for (size_t i = 0; i < fallback_configs.size(); ++i) {
                engine_channels.push_back({&fallback_configs[i], fallback_providers[i].get(), 64});
            }
            engine = std::make_unique<delivery::Engine>(std::move(engine_channels));
            sending = engine.get();
        }
        StopOnSignals stop(*sending);
        journeys::BatchProgress progress;
        if (session.shows_progress()) {
            const auto started = std::chrono::steady_clock::now();
            progress = [&session, started](uint64_t done, uint64_t total) {
                // Profiles taken per second, so that a user sees how fast
                // the channel's rate and the provider let the batch go.
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
                const std::string detail =
                    seconds < 0.5 ? std::string()
                                  : fmt::format("{} of {}, {:.0f} profiles/s", done, total, static_cast<double>(done) / seconds);
                session.progress("sending", done, total, detail);
            };
        }
        try {
            summary.report = sender.send(*sending, progress);
        } catch (const delivery::DeliveryConfigError& e) {
            // A channel that stops working mid-run, before any message of
            // it left: FCM's token endpoint refusing the service account.
            throw core::ConfigError(e.what());
        }
        session.end_progress();
        if (file_batch) summary.files = file_batch->published();
    }
    // A preview's results are its requests (stdout); the summary is then
    // a status, on stderr.
    write_send_summary(options.dry_run ? stderr : stdout, summary, options.format);
    if (summary.report.interrupted) return k_exit_interrupted;
    const bool trouble = summary.report.count("failed") > 0 || summary.report.count("ambiguous") > 0;
    return trouble ? k_exit_failed : k_exit_ok;
}

}  // namespace

void register_send(CLI::App& command, Context& context) {
    auto options = std::make_shared<SendOptions>();
    command.add_option("TEMPLATE", options->template_name, "The template to send")->required();
    auto* segment = command.add_option("--segment", options->segment, "Send to every member of this segment")
                        ->option_text("NAME");
    command.add_option("--profile", options->profiles, "Send to this profile (repeatable)")
        ->option_text("KEY")
        ->excludes(segment);
    command.add_option("--batch", options->batch,
                       "The batch: a message's identity is batch + profile, so a rerun never sends one twice "
                       "(default: TEMPLATE@DATE, today in the workspace's zone)")
        ->option_text("ID");
    command.add_flag("--yes", options->yes, "Send to a segment without asking (needed when stdin is not a terminal)");
    command.add_flag("--dry-run", options->dry_run,
                     "Print the requests that would be sent, as JSON Lines with secrets redacted; send nothing");
    command.add_option("--limit", options->limit, "Send to at most N profiles of the audience")
        ->option_text("N")
        ->check(CLI::Validator(
            [](std::string& text) {
                return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos
                           ? std::string()
                           : "'" + text + "' is not a number of profiles (0 or more)";
            },
            "N", "count"));
    command.add_flag("--resend-unknown", options->resend_unknown,
                     "Send again the messages whose earlier attempt may have arrived (ambiguous)");
    command.add_option("--format", options->format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Stop at the first rejected data row or segment error (exit 3)");
    command.callback([options, &context] { context.exit_code = run_send(*options, context); });
}

}  // namespace journeyctl::cmd
