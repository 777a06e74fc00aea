// Properties of journeys::simulate_program (dry-run --all, diff) on random
// workspaces of two journeys (random_journey.hpp):
//   - the caps hold across journeys: per profile, the messages sent by
//     both journeys together never exceed a cap in any of its windows
//     (with a ledger per journey they would, whenever both send);
//   - without caps the journeys cannot touch one another, so each
//     journey's report in the program is its report alone;
//   - determinism: threads 1 and 2 give identical reports and messages;
//   - paths (record_paths) agree with the counts: arrivals per step and
//     exits per reason add up to the report's.
// The seed is fixed, so a failure reproduces; its workspace is printed.
#include <map>
#include <regex>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/workspace/data_sources.hpp"
#include "journeys/model/expression_env.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/model/load.hpp"
#include "journeys/policy/frequency.hpp"
#include "journeys/policy/suppression.hpp"
#include "journeys/simulation/simulation.hpp"
#include "tests/unit/journeys/random_journey.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

namespace journeyctl::journeys {
namespace {

constexpr int k_iterations = 120;
constexpr uint32_t k_seed = 20261204;

std::string counts_text(const SimulationReport& r) {
    std::string out = fmt::format("{} entries {} waiting {} conversions {}\n", r.journey, r.entries, r.waiting,
                                  r.conversions);
    for (uint64_t n : r.exits) out += fmt::format(" {}", n);
    for (uint64_t n : r.outcomes) out += fmt::format(" {}", n);
    for (const StepCounts& s : r.steps) {
        out += fmt::format("\n{} {} {} ->", s.id, s.entered, s.waiting);
        for (const auto& [target, n] : s.next) out += fmt::format(" {}:{}", target, n);
        for (uint64_t n : s.outcomes) out += fmt::format(" {}", n);
    }
    return out + "\n";
}

std::string messages_text(const std::vector<MessageAttempt>& messages) {
    std::string out;
    for (const MessageAttempt& m : messages) {
        out += fmt::format("{}.{} {} {} {} {}\n", m.time.seconds, m.time.nanos, m.profile, m.step,
                           outcome_name(m.outcome), m.reason);
    }
    return out;
}

// Two journeys over one workspace, set up as `journeyctl dry-run --all` does.
struct Program {
    Workspace ws;
    core::segment::Engine engine;
    core::expr::Environment environment;
    std::vector<CompiledJourney> journeys;
    CompiledPolicies policies;
    SuppressionList suppression;
    core::data::Dataset dataset;
    MessageTemplates templates;

    explicit Program(const std::filesystem::path& root)
        : ws(load_workspace(root)), engine(prepared(segment_engine(ws))), environment(journey_environment(engine)),
          policies(ws.config.policies, std::string(ws.config.zone()), environment),
          dataset(core::data::load_dataset(core::workspace::data_sources(ws.config), ws.root, {})), templates(environment) {
        if (ws.config.policies.suppress) {
            suppression = load_suppression_list((root / ws.config.policies.suppress->value).string(), "s").list;
        }
        for (const Journey& j : ws.journeys) journeys.push_back(compile_journey(ws, j, environment));
    }

    static core::segment::Engine prepared(core::segment::Engine engine) {
        std::vector<size_t> all(engine.segments().size());
        for (size_t i = 0; i < all.size(); ++i) all[i] = i;
        REQUIRE(engine.prepare(all).empty());
        return engine;
    }

    SimulationInputs inputs(size_t j) {
        SimulationInputs in;
        in.workspace = &ws;
        in.journey = &journeys[j];
        in.dataset = &dataset;
        in.segments = &engine;
        if (ws.journeys[j].entry.scheduled()) in.entry_segment = engine.find(ws.journeys[j].entry.segment->value);
        in.environment = &environment;
        in.policies = &policies;
        in.suppression = ws.config.policies.suppress ? &suppression : nullptr;
        in.templates = &templates;
        return in;
    }

    SimulationOptions options(int64_t until, unsigned threads) const {
        SimulationOptions o;
        o.from = {testing::RandomWorkspace::k_from, 0};
        o.until = {until, 0};
        o.threads = threads;
        o.collect_messages = true;
        o.record_paths = true;
        return o;
    }

    ProgramResult run(int64_t until, unsigned threads) {
        return simulate_program({inputs(0), inputs(1)}, options(until, threads));
    }
    SimulationResult alone(size_t j, int64_t until) { return simulate(inputs(j), options(until, 2)); }
};

// Per profile, every sent message of the program against every cap: at
// most `max` sent in any window (t - per, t] ending at a sent message.
void check_caps(const ProgramResult& program, const std::vector<Cap>& caps) {
    std::map<std::string, std::vector<const MessageAttempt*>> sent;
    for (const SimulationResult& r : program.journeys) {
        for (const MessageAttempt& m : r.messages) {
            if (m.outcome == Outcome::Sent) sent[m.profile].push_back(&m);
        }
    }
    for (const auto& [profile, messages] : sent) {
        for (const Cap& cap : caps) {
            for (const MessageAttempt* end : messages) {
                if (!cap.applies_to(end->channel)) continue;
                const Timestamp start = window_start(end->time, cap.per);
                int64_t in_window = 0;
                for (const MessageAttempt* m : messages) {
                    if (cap.applies_to(m->channel) && start < m->time && m->time <= end->time) ++in_window;
                }
                INFO("profile " << profile << " cap " << (cap.any() ? "any" : cap.channel) << " " << cap.max);
                CHECK(in_window <= cap.max);
            }
        }
    }
}

void check_paths(const SimulationResult& result) {
    const SimulationReport& r = result.report;
    std::vector<uint64_t> arrivals(r.steps.size(), 0);
    uint64_t exits[k_exit_reason_count] = {};
    for (const ProfilePath& p : result.paths) {
        for (const int32_t item : p.path) {
            if (is_path_exit(item)) {
                ++exits[static_cast<size_t>(path_exit_reason(item))];
            } else {
                ++arrivals[static_cast<size_t>(item)];
            }
        }
    }
    for (size_t i = 0; i < r.steps.size(); ++i) CHECK(arrivals[i] == r.steps[i].entered);
    for (size_t i = 0; i < k_exit_reason_count; ++i) CHECK(exits[i] == r.exits[i]);
    for (size_t i = 1; i < result.paths.size(); ++i) CHECK(result.paths[i - 1].row < result.paths[i].row);
}

TEST_CASE("simulate_program: caps hold across journeys, which are otherwise independent",
          "[simulation][program][property]") {
    testing::RandomWorkspace random(k_seed);
    int capped = 0;
    for (int iteration = 0; iteration < k_iterations; ++iteration) {
        const bool many = iteration % 30 == 29;  // enough profiles for two threads
        testing::RandomWorkspace::Files files = random.make(many ? 1500 : 2 + iteration % 9);
        const testing::RandomWorkspace::Files second = random.make(1);
        // Every third workspace without caps: then the journeys are independent.
        const bool uncapped = iteration % 3 == 0;
        if (uncapped) files.config = std::regex_replace(files.config, std::regex("  frequency:\n(    - .*\n)+"), "");
        testing::TempWorkspace dir;
        dir.write("journeyctl.yaml", files.config);
        dir.write("journeys/a.yaml", files.journey);
        dir.write("journeys/b.yaml", std::regex_replace(second.journey, std::regex("^journey: prop"), "journey: prop2"));
        dir.write("segments/everyone.yaml", "segment: everyone\nwhere: \"true\"\n");
        dir.write("segments/buyers.yaml", "segment: buyers\nwhere: events.exists(e, e.type == \"buy\")\n");
        dir.write("templates/mail.yaml", "template: mail\nchannel: email\nsubject: \"Hi {{profile.tier}}\"\ntext: x\n");
        dir.write("templates/text.yaml", "template: text\nchannel: sms\nbody: \"Hi {{profile.score}}\"\n");
        dir.write("data/profiles.csv", files.profiles);
        dir.write("data/events.jsonl", files.events);
        dir.write("data/suppressed.csv", files.suppressed);
        INFO("iteration " << iteration << "\n" << files.config << files.journey << "---\n" << second.journey);

        Program program(dir.root());
        REQUIRE(program.ws.journeys.size() == 2);
        const int64_t until = std::max(files.until, second.until);
        const ProgramResult two = program.run(until, 2);
        const ProgramResult one = program.run(until, 1);
        for (size_t j = 0; j < 2; ++j) {
            CHECK(counts_text(one.journeys[j].report) == counts_text(two.journeys[j].report));
            CHECK(messages_text(one.journeys[j].messages) == messages_text(two.journeys[j].messages));
            check_paths(two.journeys[j]);
        }
        const std::vector<Cap> caps = caps_from_config(program.ws.config.policies.frequency);
        if (!caps.empty()) ++capped;
        check_caps(two, caps);
        if (uncapped) {
            for (size_t j = 0; j < 2; ++j) {
                const SimulationResult alone = program.alone(j, until);
                CHECK(counts_text(alone.report) == counts_text(two.journeys[j].report));
                CHECK(messages_text(alone.messages) == messages_text(two.journeys[j].messages));
            }
        }
    }
    CHECK(capped > k_iterations / 4);
}

}  // namespace
}  // namespace journeyctl::journeys
