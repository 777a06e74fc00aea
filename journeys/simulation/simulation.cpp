// The dry-run as a pipeline (see simulation.hpp):
//   1. entry occurrences: the cron instants in the window (scheduled);
//   2. entry membership: the segment engine run once per occurrence, each
//      run seeing only the events up to its instant;
//   3. profiles: each replayed on its own by a ProgramDriver through the
//      step machine of every journey, the rows cut into one contiguous
//      range per thread;
//   4. merge: counts summed, message attempts and trace lines sorted by
//      (time, profile row, order of occurrence), so the output does not
//      depend on the threads.
#include "journeys/simulation/simulation.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "journeys/runtime/cron.hpp"
#include "journeys/runtime/segment_membership.hpp"
#include "journeys/simulation/simulation_internal.hpp"

namespace journeyctl::journeys {

using simulation::ProfileDriver;
using simulation::ProgramDriver;
using simulation::SharedRun;


std::vector<Timestamp> entry_occurrences(const Journey& journey, std::string_view zone, Timestamp from,
                                         Timestamp until) {
    std::vector<Timestamp> out;
    if (!journey.entry.scheduled()) return out;
    if (!journey.entry.schedule) {
        out.push_back(from);
        return out;
    }
    const auto parsed = parse_cron(journey.entry.schedule->value);
    if (const CronError* error = std::get_if<CronError>(&parsed)) {
        throw core::ConfigError(fmt::format("journey '{}': schedule: {}", journey.name.value, error->message));
    }
    const Cron& cron = std::get<Cron>(parsed);
    // The first occurrence at or after `from`: search from just before it.
    Timestamp after = from.nanos > 0 ? Timestamp{from.seconds, from.nanos - 1} : Timestamp{from.seconds - 1, 999'999'999};
    while (true) {
        // An error here is a schedule with no further time (`0 9 31 2 *`);
        // a bad zone or cron text fails validation before a dry-run.
        const auto next = next_occurrence(cron, after, zone);
        if (std::holds_alternative<TimeError>(next)) break;
        const Timestamp at = std::get<Timestamp>(next);
        if (at > until) break;
        out.push_back(at);
        after = at;
    }
    return out;
}

namespace {

void add_counts(SimulationReport& into, const SimulationReport& part) {
    into.entries += part.entries;
    into.profiles_entered += part.profiles_entered;
    into.refused_inside += part.refused_inside;
    into.refused_reentry += part.refused_reentry;
    for (size_t i = 0; i < k_exit_reason_count; ++i) into.exits[i] += part.exits[i];
    into.waiting += part.waiting;
    into.conversions += part.conversions;
    into.zone_fallbacks += part.zone_fallbacks;
    into.consent_errors += part.consent_errors;
    if (into.entry_errors == 0) into.first_entry_error = part.first_entry_error;
    into.entry_errors += part.entry_errors;
    for (size_t i = 0; i < k_outcome_count; ++i) into.outcomes[i] += part.outcomes[i];
    for (size_t i = 0; i < into.occurrences.size(); ++i) {
        into.occurrences[i].members += part.occurrences[i].members;
        into.occurrences[i].entered += part.occurrences[i].entered;
    }
    for (size_t i = 0; i < into.steps.size(); ++i) {
        StepCounts& a = into.steps[i];
        const StepCounts& b = part.steps[i];
        a.entered += b.entered;
        for (const auto& [target, n] : b.next) a.next[target] += n;
        a.waiting += b.waiting;
        for (size_t o = 0; o < k_outcome_count; ++o) a.outcomes[o] += b.outcomes[o];
        a.calls += b.calls;
        if (a.expression_errors == 0) a.first_error = b.first_error;
        a.expression_errors += b.expression_errors;
    }
}

// Membership of the entry segment at each occurrence, every profile.
void entry_membership(const SimulationInputs& in, const SimulationOptions& options, SharedRun& shared,
                      SimulationReport& report) {
    const core::segment::Engine& engine = *in.segments;
    const size_t target = *in.entry_segment;
    const uint32_t rows = in.dataset->profiles().row_count();
    for (const Timestamp at : shared.occurrences) {
        const core::segment::Population population = population_at(*in.dataset, at);
        if (options.trace_row) {
            // One profile: evaluate it alone rather than the population.
            std::vector<uint8_t> members(rows, 0);
            const auto program = engine.program(target);
            const core::expr::Value v = engine.evaluate(*program, engine.environment(), population, *options.trace_row, at);
            members[*options.trace_row] = v.kind() == core::expr::Value::Kind::Bool && v.as_bool();
            if (v.kind() != core::expr::Value::Kind::Bool && report.entry_errors++ == 0) {
                report.first_entry_error = fmt::format(
                    "segment '{}' at {}: {}", engine.segments()[target].name, core::expr::time::format_timestamp(at),
                    v.is_error() ? std::string(v.as_string()) : std::string("not a bool"));
            }
            shared.members.push_back(std::move(members));
            continue;
        }
        core::segment::RunOptions run;
        run.now = at;
        run.threads = options.threads;
        const size_t targets[] = {target};
        core::segment::RunResult result = engine.run(population, targets, run);
        const core::segment::SegmentStats& stats = result.stats[target];
        if (stats.errors > 0 && report.entry_errors == 0) {
            report.first_entry_error = fmt::format("segment '{}' at {}: {}", engine.segments()[target].name,
                                                   core::expr::time::format_timestamp(at), stats.first_error);
        }
        report.entry_errors += stats.errors;
        shared.members.push_back(std::move(result.members[0]));
    }
}

// A run's rows: those its state names and the entry segment's members
// at the occurrence, ascending, each once.
std::vector<uint32_t> rows_to_drive(const RunState& state, const SharedRun& shared) {
    std::vector<uint32_t> rows = state.rows();
    for (const std::vector<uint8_t>& members : shared.members) {
        for (uint32_t row = 0; row < members.size(); ++row) {
            if (members[row] != 0) rows.push_back(row);
        }
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

}  // namespace

namespace {

// Steps 1 and 2 for one journey: its report's header, occurrences and
// entry membership.
std::unique_ptr<SharedRun> prepare_run(const SimulationInputs& in, const SimulationOptions& options,
                                       SimulationReport& report, MembershipCache& cache) {
    auto shared = std::make_unique<SharedRun>(SharedRun{.in = in,
                                                        .options = options,
                                                        .workspace_zone = std::string(in.workspace->config.zone()),
                                                        .occurrences = {},
                                                        .members = {}});
    const Journey& journey = *in.journey->journey;
    report.journey = journey.name.value;
    report.entry = journey.entry.scheduled() ? "segment " + journey.entry.segment->value
                                             : "event " + journey.entry.event.value_or(Text{}).value;
    report.from = options.from;
    report.until = options.until;
    report.profiles = in.dataset->profiles().row_count();
    shared->occurrences = entry_occurrences(journey, shared->workspace_zone, options.from, options.until);
    if (in.run_state != nullptr && shared->occurrences.size() > 1) {
        shared->occurrences.erase(shared->occurrences.begin(), shared->occurrences.end() - 1);
    }
    if (in.run_state != nullptr && !journey.entry.schedule && !in.run_state->first_run()) {
        shared->occurrences.clear();
    }
    if (journey.entry.scheduled()) {
        auto key = std::make_pair(*in.entry_segment, shared->occurrences);
        auto cached = cache.find(key);
        if (cached == cache.end()) {
            SimulationReport counted;
            entry_membership(in, options, *shared, counted);
            cached = cache.emplace(std::move(key), EntryMembership{shared->members, counted.entry_errors,
                                                              counted.first_entry_error}).first;
        } else {
            shared->members = cached->second.members;
        }
        report.entry_errors = cached->second.entry_errors;
        report.first_entry_error = cached->second.first_entry_error;
    }
    return shared;
}

// Step 4 for one journey: every thread's counts, messages, trace lines and
// paths into `result`, whose header prepare_run wrote.
void merge_journey(SimulationResult& result, const SharedRun& shared, std::vector<ProfileDriver*> parts) {
    SimulationReport& report = result.report;
    report.steps = parts.front()->report().steps;
    for (StepCounts& s : report.steps) {
        StepCounts empty;
        empty.id = s.id;
        empty.action = s.action;
        empty.template_name = s.template_name;
        empty.channel = s.channel;
        s = std::move(empty);
    }
    report.occurrences.clear();
    for (const Timestamp at : shared.occurrences) report.occurrences.push_back({at, 0, 0});
    for (ProfileDriver* part : parts) {
        add_counts(report, part->report());
        for (const auto& [day, sent] : part->report().sent_by_day) {
            std::vector<uint64_t>& into = report.sent_by_day[day];
            into.resize(report.steps.size(), 0);
            for (size_t i = 0; i < sent.size(); ++i) into[i] += sent[i];
        }
        auto& messages = part->messages();
        result.messages.insert(result.messages.end(), std::make_move_iterator(messages.begin()),
                               std::make_move_iterator(messages.end()));
        auto& trace = part->trace();
        result.trace.insert(result.trace.end(), trace.begin(), trace.end());
        auto& paths = part->paths();
        result.paths.insert(result.paths.end(), std::make_move_iterator(paths.begin()),
                            std::make_move_iterator(paths.end()));
    }
    // Rows are in order across the ranges, so a stable sort by time keeps
    // (row, occurrence) order within an instant; paths are in row order
    // already.
    std::stable_sort(result.messages.begin(), result.messages.end(),
                     [](const MessageAttempt& a, const MessageAttempt& b) {
                         return a.time != b.time ? a.time < b.time : a.row < b.row;
                     });
    std::stable_sort(result.trace.begin(), result.trace.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.time < b.time; });
}

}  // namespace

ProgramResult simulate_program(const std::vector<SimulationInputs>& inputs, const SimulationOptions& options) {
    ProgramResult program;
    if (inputs.empty()) return program;
    using Clock = std::chrono::steady_clock;
    const auto seconds_since = [](Clock::time_point start) {
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    const auto membership_start = Clock::now();
    std::vector<std::unique_ptr<SharedRun>> runs;
    program.journeys.resize(inputs.size());
    MembershipCache own;
    MembershipCache& memberships = options.memberships ? *options.memberships : own;
    for (size_t j = 0; j < inputs.size(); ++j) {
        runs.push_back(prepare_run(inputs[j], options, program.journeys[j].report, memberships));
    }
    program.membership_seconds = seconds_since(membership_start);
    const auto profiles_start = Clock::now();

    // Per thread: a program driver over a contiguous range of rows. A
    // traced profile is simulated alone; a run (a program of one journey)
    // drives its own rows, on one thread.
    RunState* const run_state = inputs.front().run_state;
    std::vector<uint32_t> driven;
    if (run_state != nullptr) driven = rows_to_drive(*run_state, *runs.front());
    const uint32_t rows = run_state != nullptr ? static_cast<uint32_t>(driven.size())
                                               : inputs.front().dataset->profiles().row_count();
    uint32_t first = 0, last = rows;
    if (options.trace_row) first = *options.trace_row, last = *options.trace_row + 1;
    const unsigned threads = run_state != nullptr
                                 ? 1u
                                 : std::max(1u, std::min<unsigned>(options.threads, (last - first) / 1024 + 1));
    std::vector<std::unique_ptr<ProgramDriver>> drivers;
    for (unsigned i = 0; i < threads; ++i) drivers.push_back(std::make_unique<ProgramDriver>(runs));
    std::atomic<uint64_t> done{0};
    auto work = [&](unsigned index) {
        const uint32_t begin = first + static_cast<uint32_t>(uint64_t{last - first} * index / threads);
        const uint32_t end = first + static_cast<uint32_t>(uint64_t{last - first} * (index + 1) / threads);
        for (uint32_t row = begin; row < end; ++row) {
            drivers[index]->simulate(run_state != nullptr ? driven[row] : row);
            if ((row & 0xfff) == 0xfff) {
                const uint64_t now_done = done.fetch_add(0x1000) + 0x1000;
                if (index == 0 && options.progress) options.progress(now_done, last - first);
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work, i);
    work(0);
    for (std::thread& t : pool) t.join();
    program.profiles_seconds = seconds_since(profiles_start);

    for (size_t j = 0; j < inputs.size(); ++j) {
        std::vector<ProfileDriver*> parts;
        for (auto& driver : drivers) parts.push_back(&driver->journey(j));
        merge_journey(program.journeys[j], *runs[j], std::move(parts));
    }
    if (options.progress) options.progress(last - first, last - first);
    return program;
}

SimulationResult simulate(const SimulationInputs& in, const SimulationOptions& options) {
    ProgramResult program = simulate_program({in}, options);
    SimulationResult result = std::move(program.journeys.front());
    result.membership_seconds = program.membership_seconds;
    result.profiles_seconds = program.profiles_seconds;
    return result;
}

}  // namespace journeyctl::journeys
