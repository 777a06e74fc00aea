// The journey simulator behind `dry-run`: one journey executed over the
// workspace's profiles and events on a virtual clock, with the message
// policies and rendering that real sends use (policy.hpp, message.hpp).
//
// Time: the window [from, until]. At instant t expressions see `now` = t
// and only the events with time <= t. Events before `from` are history
// (visible, but they trigger nothing); events in the window drive
// triggered entries, wait_for, exit_on and goals. At one instant the
// simulator handles the profile's events first (in file order), then its
// timers (the journey's timeout before a step's own timer), then entries,
// as formats.md orders them.
//
// Entries: a scheduled journey evaluates its segment at each cron
// occurrence in the workspace zone within the window (no schedule: once,
// at `from`) with the segment engine, each occurrence seeing only the
// events up to it; a triggered journey enters on each event of its type
// whose `where` holds. A profile is in the journey at most once at a time;
// `reentry` decides whether it may enter again after leaving.
//
// Profiles do not influence one another (frequency caps count per
// profile), so each is simulated on its own, on several threads, and the
// counts are summed: the result does not depend on the thread split.
//
// A program (simulate_program: `dry-run --all`, `diff`) runs several
// journeys over the same window and data, a profile in all of them at
// once on one virtual clock, with one frequency ledger per profile: a
// cap counts the profile's messages from every journey, as it will in
// production. At one instant the journeys take their turn in the order
// given, each handling its events, timers and entries. One journey alone
// is a program of one. Message attempts and the trace come out sorted by time,
// then profile row, then order of occurrence.
//
// Every profile that enters is accounted for exactly once per entry: it
// leaves for a reason (ExitReason) or is still inside when the window
// ends (`waiting`, by step).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/expr/value.hpp"
#include "core/segment/engine.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/messages/message.hpp"
#include "journeys/policy/policy.hpp"
#include "journeys/runtime/exit_reason.hpp"
#include "journeys/runtime/instance.hpp"

namespace journeyctl::journeys {

using core::expr::Timestamp;

struct StepCounts {
    std::string id;
    std::string action;  // "send", "wait", ...
    uint64_t entered = 0;  // arrivals at the step
    // Where profiles went from the step: another step's id, or
    // "exit:REASON" when they left the journey there. Sorted by name.
    std::map<std::string, uint64_t> next;
    uint64_t waiting = 0;  // still at this step when the window ends
    uint64_t outcomes[k_outcome_count] = {};  // send steps: attempts by outcome (delayed: on the way)
    std::string template_name;  // send steps: the template and channel
    std::string channel;
    uint64_t calls = 0;    // call steps: requests recorded (never made)
    uint64_t expression_errors = 0;  // conditions and values that failed here
    std::string first_error;        // its message, at the earliest (time, profile)
};

struct OccurrenceCounts {
    Timestamp at;
    uint64_t members = 0;  // in the segment at that instant
    uint64_t entered = 0;
};

struct SimulationReport {
    std::string journey;
    std::string entry;  // "segment NAME" or "event TYPE"
    Timestamp from;
    Timestamp until;
    uint64_t profiles = 0;             // profiles in the data
    uint64_t entries = 0;              // entries (a profile may enter more than once)
    uint64_t profiles_entered = 0;     // distinct profiles that entered
    uint64_t refused_inside = 0;       // entry refused: already in the journey
    uint64_t refused_reentry = 0;      // entry refused by the reentry rule
    uint64_t exits[k_exit_reason_count] = {};
    uint64_t waiting = 0;              // inside when the window ended
    uint64_t conversions = 0;          // entries whose goal event came within the goal's window
    uint64_t zone_fallbacks = 0;       // quiet hours or waits judged in the workspace zone for want of a profile zone
    uint64_t consent_errors = 0;       // consent rules that failed or were not bool (no consent)
    uint64_t entry_errors = 0;         // entry segment / where that failed (counted as not entering)
    std::string first_entry_error;
    std::vector<OccurrenceCounts> occurrences;  // scheduled journeys
    std::vector<StepCounts> steps;              // journey order
    uint64_t outcomes[k_outcome_count] = {};    // all send steps
    // With SimulationOptions::count_days: per day in the workspace zone
    // (days since 1970-01-01 there), the messages sent by each step.
    std::map<int64_t, std::vector<uint64_t>> sent_by_day;
};

// One profile's way through a journey (SimulationOptions::record_paths):
// the steps it arrived at, by index into SimulationReport::steps, and
// where it left, as path_exit(reason), in the order they happened. Times
// are left out: a path is the same path when a wait is only longer.
struct ProfilePath {
    std::string profile;
    uint32_t row = 0;
    std::vector<int32_t> path;
};
constexpr int32_t path_exit(ExitReason reason) { return -1 - static_cast<int32_t>(reason); }
constexpr bool is_path_exit(int32_t item) { return item < 0; }
constexpr ExitReason path_exit_reason(int32_t item) { return static_cast<ExitReason>(-1 - item); }

// One message attempt's decision (an attempt delayed by quiet hours shows
// twice: delayed_quiet_hours, then its final outcome).
struct MessageAttempt {
    Timestamp time;
    std::string profile;
    uint32_t row = 0;
    std::string step;
    std::string template_name;
    std::string channel;
    Outcome outcome = Outcome::Sent;
    std::optional<std::string> to;
    std::string reason;                     // why it was held, empty for sent
    std::optional<Timestamp> release;       // delayed: when it is checked again
    std::optional<Message> content;         // rendered (with SimulationOptions::render_messages)
    std::string key;                        // the message's idempotency key (a run's, RunState)
};

// One line of a profile's timeline.
struct TraceEvent {
    Timestamp time;
    std::string step;  // empty outside any step
    std::string text;
};

// Entry memberships already computed, by entry segment (its index in the
// segment engine) and occurrences: journeys entering from the same
// segment on the same schedule read it once. A program keeps its own;
// diff hands one to both sides when their segments and data are the same.
struct EntryMembership {
    std::vector<std::vector<uint8_t>> members;  // per occurrence, per profile row
    uint64_t entry_errors = 0;
    std::string first_entry_error;
};
using MembershipCache = std::map<std::pair<size_t, std::vector<Timestamp>>, EntryMembership>;

struct SimulationOptions {
    Timestamp from;
    Timestamp until;
    unsigned threads = 2;
    // Keep every message attempt (with its rendered content when
    // render_messages): `--messages`.
    bool collect_messages = false;
    bool render_messages = false;
    // Simulate only this profile row and record its timeline: `--trace`.
    std::optional<uint32_t> trace_row;
    // Count the messages sent per day (SimulationReport::sent_by_day).
    bool count_days = false;
    // Keep each profile's path (SimulationResult::paths).
    bool record_paths = false;
    // Memberships to reuse and add to (null: the program's own). Only for
    // programs over the same dataset and segment engine definitions.
    MembershipCache* memberships = nullptr;
    std::function<void(uint64_t done, uint64_t total)> progress;
};

// What makes `simulate` the driver of a run (journeys/running/) rather
// than a dry-run: the profiles' instances come from the state database
// and go back to it, only the profiles with work in the window are
// driven, and the caps count every message the database holds. The
// step machine, the order of stimuli and the observers stay the same, so
// a run decides what a dry-run of the same window decides.
class RunState {
public:
    virtual ~RunState() = default;
    // The profiles to drive besides the entry segment's members at the
    // window's occurrence: those with a timer due or an event in the
    // window. Ascending rows.
    virtual const std::vector<uint32_t>& rows() const = 0;
    // The journey's first run: a scheduled entry without a schedule lets
    // the segment in once, in the first run's window only.
    virtual bool first_run() const = 0;
    // The profile's instance as the previous run left it (or `fresh`).
    virtual runtime::Instance load(uint32_t row, std::string_view profile_key, runtime::Instance fresh) = 0;
    // The profile's instance at the window's end, and its next timer.
    virtual void store(uint32_t row, std::string_view profile_key, const runtime::Instance& instance,
                       std::optional<Timestamp> wake) = 0;
    // The caps across runs and senders; the key of the message checked next.
    virtual FrequencyLedger& frequency() = 0;
    virtual void set_message_key(const std::string& key) = 0;
};

struct SimulationInputs {
    const Workspace* workspace = nullptr;
    const CompiledJourney* journey = nullptr;
    const core::data::Dataset* dataset = nullptr;
    // Prepared with the journey's entry segment (and every segment the
    // journey's expressions name) when the journey is scheduled.
    const core::segment::Engine* segments = nullptr;
    std::optional<size_t> entry_segment;
    const core::expr::Environment* environment = nullptr;  // journey_environment()
    const CompiledPolicies* policies = nullptr;
    const SuppressionList* suppression = nullptr;  // null: no list
    MessageTemplates* templates = nullptr;         // over `environment`
    // A run's state; null for a dry-run. With it the simulation runs on
    // one thread (the state database is one connection), and a scheduled
    // entry reads its segment at the window's latest occurrence only: a
    // runner that was down does not send every missed occurrence at once.
    RunState* run_state = nullptr;
};

struct SimulationResult {
    SimulationReport report;
    std::vector<MessageAttempt> messages;  // collect_messages
    std::vector<TraceEvent> trace;         // trace_row
    std::vector<ProfilePath> paths;        // record_paths: the profiles that entered, by row
    // Wall time of the two phases, for `-v` (not part of the report).
    double membership_seconds = 0;
    double profiles_seconds = 0;
};

SimulationResult simulate(const SimulationInputs& inputs, const SimulationOptions& options);

// Several journeys together (see above). Every input shares the workspace,
// dataset and segment engine; the results come in the order of `inputs`.
struct ProgramResult {
    std::vector<SimulationResult> journeys;
    double membership_seconds = 0;
    double profiles_seconds = 0;
};
ProgramResult simulate_program(const std::vector<SimulationInputs>& inputs, const SimulationOptions& options);

// The messages of a program in total, by channel (each by outcome) and,
// with count_days, sent per day and channel. Days are dates in the
// workspace zone ("2026-11-02").
struct ProgramTotals {
    std::map<std::string, std::array<uint64_t, k_outcome_count>> by_channel;
    std::map<std::string, std::map<std::string, uint64_t>> sent_by_day;
};
ProgramTotals program_totals(const std::vector<SimulationResult>& journeys);

// The instants a scheduled entry reads its segment in [from, until]: the
// cron occurrences in `zone`, or just `from` without a schedule.
std::vector<Timestamp> entry_occurrences(const Journey& journey, std::string_view zone, Timestamp from,
                                         Timestamp until);

}  // namespace journeyctl::journeys
