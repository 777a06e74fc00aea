// `journeyctl status [JOURNEY]`: what the state database says of the
// journeys: the last run and the instant it reached, entries, profiles
// inside per step with the next wake-up, message outcomes from the send
// ledger, messages still in the outbox, the latest failures with the
// provider's words. It reads only (SQLite's WAL lets it read while a run
// writes), and does not take the runner's lock.
//
// Exit status: 0; 2 usage or configuration (unknown journey, a state file
// that is not journeyctl's).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/context.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/find_by_name.hpp"
#include "cmd/open_workspace.hpp"
#include "cmd/output_file.hpp"
#include "core/expr/time.hpp"
#include "core/state/state_store.hpp"
#include "core/util/escape.hpp"
#include "journeys/runtime/message_key.hpp"
#include "journeys/runtime/stored_time.hpp"

namespace journeyctl::cmd {

namespace {

using ordered_json = nlohmann::ordered_json;
using core::state::MessageState;

struct StatusOptions {
    std::string journey;
    std::string format = "text";
};

constexpr size_t k_failures_shown = 5;

std::string time_text(int64_t nanos) {
    core::expr::Timestamp t = journeys::from_unix_nanos(nanos);
    return core::expr::time::format_timestamp(t);
}

ordered_json journey_status(core::state::StateStore& store, const std::string& name) {
    ordered_json j;
    j["journey"] = name;
    const auto run = store.journeys().last_run(name);
    j["runs"] = run ? run->runs : 0;
    j["version"] = run ? ordered_json(run->version) : ordered_json(nullptr);
    j["reached"] = run ? ordered_json(time_text(run->until)) : ordered_json(nullptr);
    j["last_run_at"] = run ? ordered_json(time_text(run->finished - run->finished % 1'000'000'000)) : ordered_json(nullptr);
    const core::state::InstanceTotals totals = store.journeys().totals(name);
    j["profiles_entered"] = totals.profiles;
    j["entries"] = totals.entries;
    j["inside"] = totals.inside;
    j["steps"] = ordered_json::array();
    for (const core::state::StepWaiting& w : store.journeys().waiting(name)) {
        j["steps"].push_back({{"step", w.step},
                              {"waiting", w.profiles},
                              {"next_wake", w.next_wake ? ordered_json(time_text(*w.next_wake)) : ordered_json(nullptr)}});
    }
    const std::string batch = journeys::runtime::journey_batch(name);
    const core::state::StateCounts counts = store.ledger().count_by_state(batch);
    ordered_json messages = ordered_json::object();
    for (size_t i = 0; i < core::state::k_message_state_count; ++i) {
        const auto state = static_cast<MessageState>(i);
        messages[std::string(core::state::message_state_name(state))] = counts[state];
    }
    j["messages"] = std::move(messages);
    j["outbox"] = store.journeys().outbox_size(name);
    ordered_json failures = ordered_json::array();
    for (const MessageState state : {MessageState::Failed, MessageState::Ambiguous, MessageState::Retryable}) {
        for (const core::state::MessageRecord& r : store.ledger().latest_in_state(batch, state, k_failures_shown)) {
            failures.push_back({{"profile", r.profile_key},
                                {"state", core::state::message_state_name(r.state)},
                                {"at", time_text(r.last_updated - r.last_updated % 1'000'000'000)},
                                {"status", r.provider_status},
                                {"error", r.error}});
        }
    }
    j["latest_failures"] = std::move(failures);
    return j;
}

std::string status_text(const ordered_json& status) {
    std::string out;
    for (const ordered_json& j : status["journeys"]) {
        const std::string name = j["journey"].get<std::string>();
        if (j["runs"].get<int64_t>() == 0) {
            out += fmt::format("journey {}: never run\n", name);
            continue;
        }
        out += fmt::format("journey {}: {} runs, reached {} (last run at {}), version {}\n", name,
                           j["runs"].get<int64_t>(), j["reached"].get<std::string>(),
                           j["last_run_at"].get<std::string>(), j["version"].get<int64_t>());
        out += fmt::format("  profiles  {} entered ({} entries), {} inside\n", j["profiles_entered"].get<int64_t>(),
                           j["entries"].get<int64_t>(), j["inside"].get<int64_t>());
        for (const ordered_json& s : j["steps"]) {
            out += fmt::format("  step {:<16} {} waiting{}\n", s["step"].get<std::string>(), s["waiting"].get<int64_t>(),
                               s["next_wake"].is_null() ? std::string()
                                                        : ", next wake-up " + s["next_wake"].get<std::string>());
        }
        std::string messages;
        for (const auto& [state, n] : j["messages"].items()) {
            if (n.get<int64_t>() > 0) messages += fmt::format("{}{} {}", messages.empty() ? "" : ", ", state, n.get<int64_t>());
        }
        out += fmt::format("  messages  {}; outbox {}\n", messages.empty() ? "none" : messages, j["outbox"].get<int64_t>());
        for (const ordered_json& f : j["latest_failures"]) {
            out += fmt::format("  {} {} at {}: {} {}\n", f["state"].get<std::string>(),
                               core::util::escape_controls(f["profile"].get<std::string>()), f["at"].get<std::string>(),
                               f["status"].get<std::string>(), f["error"].get<std::string>());
        }
    }
    return out;
}

int run_status(const StatusOptions& options, const Context& context) {
    const journeys::Workspace workspace = open_workspace(context);
    std::vector<std::string> names;
    if (!options.journey.empty()) {
        names.push_back(find_journey(workspace, options.journey).name.value);
    } else {
        for (const journeys::Journey& journey : workspace.journeys) names.push_back(journey.name.value);
    }
    const std::filesystem::path state_path = workspace.root / std::string(workspace.config.state_path());
    ordered_json status;
    status["state"] = state_path.string();
    status["journeys"] = ordered_json::array();
    // No database yet: nothing ever ran, and status creates nothing.
    std::unique_ptr<core::state::StateStore> store;
    if (std::filesystem::exists(state_path)) store = std::make_unique<core::state::StateStore>(state_path);
    for (const std::string& name : names) {
        if (store) {
            status["journeys"].push_back(journey_status(*store, name));
        } else {
            status["journeys"].push_back({{"journey", name}, {"runs", 0}});
        }
    }
    const std::string out = options.format == "json" ? status.dump(2) + "\n" : status_text(status);
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
        throw OutputError("cannot write the output: " + std::string(std::strerror(errno)));
    }
    return k_exit_ok;
}

}  // namespace

void register_status(CLI::App& command, Context& context) {
    auto options = std::make_shared<StatusOptions>();
    command.add_option("JOURNEY", options->journey, "The journey to show (default: every journey)");
    command.add_option("--format", options->format, "Output: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.callback([options, &context] { context.exit_code = run_status(*options, context); });
}

}  // namespace journeyctl::cmd
