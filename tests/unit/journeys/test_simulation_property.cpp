// Properties of journeys::simulate on a few hundred random workspaces
// (random_journey.hpp), whatever the journey does:
//   - every entry is accounted for once: entries == sum(exits) + waiting;
//   - per step, arrivals == sum(next) + waiting, and arrivals == the moves
//     into the step (plus the entries, for the first step);
//   - the steps' waiting add up to the report's, their exits by reason to
//     the report's exits;
//   - a send step's final outcomes == its arrivals less those still held;
//   - every entry attempt is counted once (entered or refused);
//   - the message list agrees with the counts and is in time order;
//   - determinism: threads 1 and 2 (with more than 1024 profiles, so that
//     two really run), rendering or not, give identical reports and
//     messages; and profiles are independent: the reports of one-profile
//     runs (--trace) add up to the whole run's.
// The generated workspaces pass `validate` except that a step may be
// unreachable (an exit or a goto skipped over it), which the simulator
// must take as any other step. The seed is fixed, so a failure
// reproduces; its workspace is printed.
#include <algorithm>
#include <array>
#include <map>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/workspace/data_sources.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/model/expression_env.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/model/load.hpp"
#include "journeys/simulation/simulation.hpp"
#include "journeys/policy/suppression.hpp"
#include "journeys/validation/validate.hpp"
#include "tests/unit/journeys/random_journey.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

namespace journeyctl::journeys {
namespace {

constexpr int k_iterations = 300;
constexpr uint32_t k_seed = 20261020;

std::string time_text(core::expr::Timestamp t) { return core::expr::time::format_timestamp(t); }

// Every count of a report as text (error messages left out: which
// profile's error comes "first" is not a count).
std::string counts_text(const SimulationReport& r) {
    std::string out = fmt::format("profiles {} entries {} entered {} refused {}/{} waiting {} conversions {} "
                                  "fallbacks {} consent_errors {} entry_errors {}\nexits",
                                  r.profiles, r.entries, r.profiles_entered, r.refused_inside, r.refused_reentry,
                                  r.waiting, r.conversions, r.zone_fallbacks, r.consent_errors, r.entry_errors);
    for (uint64_t n : r.exits) out += fmt::format(" {}", n);
    out += "\noutcomes";
    for (uint64_t n : r.outcomes) out += fmt::format(" {}", n);
    for (const OccurrenceCounts& o : r.occurrences) out += fmt::format("\n{} {} {}", time_text(o.at), o.members, o.entered);
    for (const StepCounts& s : r.steps) {
        out += fmt::format("\n{} {} entered {} waiting {} calls {} errors {} ->", s.id, s.action, s.entered, s.waiting,
                           s.calls, s.expression_errors);
        for (const auto& [target, n] : s.next) out += fmt::format(" {}:{}", target, n);
        out += " |";
        for (uint64_t n : s.outcomes) out += fmt::format(" {}", n);
    }
    return out + "\n";
}

std::string messages_text(const std::vector<MessageAttempt>& messages) {
    std::string out;
    for (const MessageAttempt& m : messages) {
        out += fmt::format("{} {} {} {} {} to={} release={} {}\n", time_text(m.time), m.profile, m.step, m.channel,
                           outcome_name(m.outcome), m.to.value_or("-"), m.release ? time_text(*m.release) : "-", m.reason);
    }
    return out;
}

// Adds the counts of `part` to `sum` (the report of a one-profile run).
void add(SimulationReport& sum, const SimulationReport& part) {
    sum.entries += part.entries;
    sum.profiles_entered += part.profiles_entered;
    sum.refused_inside += part.refused_inside;
    sum.refused_reentry += part.refused_reentry;
    sum.waiting += part.waiting;
    sum.conversions += part.conversions;
    sum.zone_fallbacks += part.zone_fallbacks;
    sum.consent_errors += part.consent_errors;
    sum.entry_errors += part.entry_errors;
    for (size_t i = 0; i < k_exit_reason_count; ++i) sum.exits[i] += part.exits[i];
    for (size_t i = 0; i < k_outcome_count; ++i) sum.outcomes[i] += part.outcomes[i];
    for (size_t i = 0; i < sum.occurrences.size(); ++i) {
        sum.occurrences[i].members += part.occurrences[i].members;
        sum.occurrences[i].entered += part.occurrences[i].entered;
    }
    for (size_t i = 0; i < sum.steps.size(); ++i) {
        StepCounts& a = sum.steps[i];
        const StepCounts& b = part.steps[i];
        a.entered += b.entered;
        a.waiting += b.waiting;
        a.calls += b.calls;
        a.expression_errors += b.expression_errors;
        for (const auto& [target, n] : b.next) a.next[target] += n;
        for (size_t o = 0; o < k_outcome_count; ++o) a.outcomes[o] += b.outcomes[o];
    }
}

void check_accounting(const SimulationReport& r, const testing::RandomWorkspace::Files& files) {
    uint64_t exits = 0;
    for (uint64_t n : r.exits) exits += n;
    CHECK(r.entries == exits + r.waiting);
    CHECK(r.profiles_entered <= r.entries);
    CHECK(r.profiles_entered <= r.profiles);
    CHECK(r.conversions <= r.entries);

    uint64_t waiting = 0;
    uint64_t exits_by_reason[k_exit_reason_count] = {};
    std::map<std::string, uint64_t> moves_into;
    for (const StepCounts& s : r.steps) {
        uint64_t left = 0;
        for (const auto& [target, n] : s.next) {
            left += n;
            if (target.rfind("exit:", 0) == 0) {
                bool known = false;
                for (size_t i = 0; i < k_exit_reason_count; ++i) {
                    if (target.substr(5) == exit_reason_name(static_cast<ExitReason>(i))) {
                        exits_by_reason[i] += n;
                        known = true;
                    }
                }
                CHECK(known);
            } else {
                moves_into[target] += n;
            }
        }
        INFO("step " << s.id);
        CHECK(s.entered == left + s.waiting);
        waiting += s.waiting;
        if (s.action == "send") {
            uint64_t final = 0;
            for (Outcome o : all_outcomes()) {
                if (is_final(o)) final += s.outcomes[static_cast<size_t>(o)];
            }
            // A profile waits at a send step only while its message is held.
            CHECK(final == s.entered - s.waiting);
            CHECK(s.outcomes[static_cast<size_t>(Outcome::DelayedQuietHours)] >= s.waiting);
            CHECK(s.outcomes[static_cast<size_t>(Outcome::Cancelled)] <=
                  s.outcomes[static_cast<size_t>(Outcome::DelayedQuietHours)]);
        } else {
            for (uint64_t n : s.outcomes) CHECK(n == 0);
        }
        if (s.action != "call") CHECK(s.calls == 0);
        if (s.action == "call") CHECK(s.calls == s.entered);
    }
    CHECK(waiting == r.waiting);
    for (size_t i = 0; i < k_exit_reason_count; ++i) CHECK(exits_by_reason[i] == r.exits[i]);
    for (size_t i = 0; i < r.steps.size(); ++i) {
        INFO("arrivals at " << r.steps[i].id);
        CHECK(r.steps[i].entered == moves_into[r.steps[i].id] + (i == 0 ? r.entries : 0));
    }
    for (size_t o = 0; o < k_outcome_count; ++o) {
        uint64_t sum = 0;
        for (const StepCounts& s : r.steps) sum += s.outcomes[o];
        CHECK(sum == r.outcomes[o]);
    }

    // Every entry attempt is counted once: entered or refused.
    const uint64_t refused = r.refused_inside + r.refused_reentry;
    if (!files.triggered) {
        uint64_t members = 0, entered = 0;
        for (const OccurrenceCounts& o : r.occurrences) members += o.members, entered += o.entered;
        CHECK(entered == r.entries);
        CHECK(members == r.entries + refused);
    } else if (!files.entry_where) {
        uint64_t go = 0;
        for (int n : files.go_events) go += static_cast<uint64_t>(n);
        CHECK(go == r.entries + refused);
    }
}

void check_messages(const SimulationResult& result) {
    std::map<std::string, std::array<uint64_t, k_outcome_count>> by_step;
    for (size_t i = 0; i < result.messages.size(); ++i) {
        const MessageAttempt& m = result.messages[i];
        ++by_step[m.step][static_cast<size_t>(m.outcome)];
        if (i > 0) CHECK(result.messages[i - 1].time <= m.time);
        CHECK(m.time >= result.report.from);
        CHECK(m.time <= result.report.until);
        CHECK((m.outcome == Outcome::DelayedQuietHours) == m.release.has_value());
    }
    for (const StepCounts& s : result.report.steps) {
        if (s.action != "send") continue;
        for (size_t o = 0; o < k_outcome_count; ++o) {
            INFO("step " << s.id << " outcome " << outcome_name(static_cast<Outcome>(o)));
            CHECK(by_step[s.id][o] == s.outcomes[o]);
        }
    }
}

// The pieces simulate() takes, built from a workspace folder the way
// `journeyctl dry-run` builds them.
struct Simulator {
    Workspace ws;
    core::segment::Engine engine;
    core::expr::Environment environment;
    CompiledJourney journey;
    CompiledPolicies policies;
    SuppressionList suppression;
    core::data::Dataset dataset;
    MessageTemplates templates;
    SimulationInputs inputs;

    explicit Simulator(const std::filesystem::path& root)
        : ws(load_workspace(root)), engine(prepared(segment_engine(ws))), environment(journey_environment(engine)),
          journey(compile_journey(ws, *ws.journey("prop"), environment)),
          policies(ws.config.policies, std::string(ws.config.zone()), environment),
          dataset(core::data::load_dataset(core::workspace::data_sources(ws.config), ws.root, {})), templates(environment) {
        if (ws.config.policies.suppress) {
            suppression = load_suppression_list((root / ws.config.policies.suppress->value).string(), "s").list;
        }
        inputs.workspace = &ws;
        inputs.journey = &journey;
        inputs.dataset = &dataset;
        inputs.segments = &engine;
        if (ws.journey("prop")->entry.scheduled()) inputs.entry_segment = engine.find(ws.journey("prop")->entry.segment->value);
        inputs.environment = &environment;
        inputs.policies = &policies;
        inputs.suppression = ws.config.policies.suppress ? &suppression : nullptr;
        inputs.templates = &templates;
    }

    static core::segment::Engine prepared(core::segment::Engine engine) {
        std::vector<size_t> all(engine.segments().size());
        for (size_t i = 0; i < all.size(); ++i) all[i] = i;
        REQUIRE(engine.prepare(all).empty());
        return engine;
    }

    SimulationResult run(int64_t until, unsigned threads, bool render, std::optional<uint32_t> row = std::nullopt) {
        SimulationOptions options;
        options.from = {testing::RandomWorkspace::k_from, 0};
        options.until = {until, 0};
        options.threads = threads;
        options.collect_messages = true;
        options.render_messages = render;
        options.trace_row = row;
        return simulate(inputs, options);
    }
};

TEST_CASE("simulate: random journeys account for every entry, and do not depend on threads or one another",
          "[simulation][property]") {
    testing::RandomWorkspace random(k_seed);
    int two_thread_runs = 0;
    for (int iteration = 0; iteration < k_iterations; ++iteration) {
        const bool many = iteration % 40 == 39;  // enough profiles for two threads
        const testing::RandomWorkspace::Files files = random.make(many ? 1500 : 1 + iteration % 9);
        testing::TempWorkspace dir;
        dir.write("journeyctl.yaml", files.config);
        dir.write("journeys/prop.yaml", files.journey);
        dir.write("segments/everyone.yaml", "segment: everyone\nwhere: \"true\"\n");
        dir.write("segments/buyers.yaml", "segment: buyers\nwhere: events.exists(e, e.type == \"buy\")\n");
        dir.write("templates/mail.yaml", "template: mail\nchannel: email\nsubject: \"Hi {{profile.tier}}\"\ntext: x\n");
        dir.write("templates/text.yaml", "template: text\nchannel: sms\nbody: \"Hi {{profile.score}}\"\n");
        dir.write("data/profiles.csv", files.profiles);
        dir.write("data/events.jsonl", files.events);
        dir.write("data/suppressed.csv", files.suppressed);
        INFO("iteration " << iteration << "\n" << files.config << files.journey);

        Simulator simulator(dir.root());
        REQUIRE(simulator.dataset.report().rejected_total() == 0);
        // The workspace is one `validate` accepts, but for steps that only
        // skipped-over gotos led to (they simply count nothing).
        for (const core::diag::Diagnostic& d : validate_workspace(simulator.ws).diagnostics) {
            if (d.severity == core::diag::Severity::Error) CHECK(d.code == "unreachable-step");
        }
        const SimulationResult two = simulator.run(files.until, 2, false);
        const SimulationResult one = simulator.run(files.until, 1, false);
        check_accounting(two.report, files);
        check_messages(two);
        CHECK(counts_text(one.report) == counts_text(two.report));
        CHECK(messages_text(one.messages) == messages_text(two.messages));
        if (many) {
            ++two_thread_runs;
            continue;
        }
        // Rendering each message changes nothing that is counted.
        const SimulationResult rendered = simulator.run(files.until, 2, true);
        CHECK(counts_text(rendered.report) == counts_text(two.report));
        CHECK(messages_text(rendered.messages) == messages_text(two.messages));
        // Profiles are independent: one-profile runs add up to the whole.
        SimulationReport sum = two.report;
        std::fill(std::begin(sum.exits), std::end(sum.exits), 0);
        std::fill(std::begin(sum.outcomes), std::end(sum.outcomes), 0);
        sum.entries = sum.profiles_entered = sum.refused_inside = sum.refused_reentry = sum.waiting = 0;
        sum.conversions = sum.zone_fallbacks = sum.consent_errors = sum.entry_errors = 0;
        for (OccurrenceCounts& o : sum.occurrences) o.members = o.entered = 0;
        for (StepCounts& s : sum.steps) {
            StepCounts empty;
            empty.id = s.id;
            empty.action = s.action;
            s = std::move(empty);
        }
        std::vector<MessageAttempt> messages;
        for (uint32_t row = 0; row < simulator.dataset.profiles().row_count(); ++row) {
            const SimulationResult alone = simulator.run(files.until, 1, false, row);
            add(sum, alone.report);
            messages.insert(messages.end(), alone.messages.begin(), alone.messages.end());
        }
        std::stable_sort(messages.begin(), messages.end(),
                         [](const MessageAttempt& a, const MessageAttempt& b) { return a.time < b.time; });
        CHECK(counts_text(sum) == counts_text(two.report));
        CHECK(messages_text(messages) == messages_text(two.messages));
    }
    CHECK(two_thread_runs == k_iterations / 40);
}

}  // namespace
}  // namespace journeyctl::journeys
