// The segment engine: which profiles are in which segments.
//
// Each segment's `where` is compiled once against the segment environment
// (profile, events, now, inSegment), then evaluated over every profile of
// a Population with the activation bound to views of the loaded rows
// (Value::record / Value::record_list: no copy, no allocation per row).
// Rows are split across threads, one Evaluator per segment per thread.
// inSegment("name") evaluates the named segment for the current profile
// through a per-profile memo, so a segment referenced many times is
// evaluated once per profile.
//
// Missing data (expressions.md): a `where` that gives an error or a non-bool
// counts as false, and the number of such profiles is kept per segment with
// the first error's message and profile; in strict mode the run stops at
// the first one (the lowest profile row with an error, whatever the thread
// split) and the caller reports it as bad data.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expression.hpp"
#include "core/expr/record.hpp"

namespace journeyctl::core::data {
class Dataset;
}

namespace journeyctl::core::segment {

// How many segments may be evaluated (or inlined into SQL) inside each
// other through inSegment("..."). Each level is a whole `where` on the
// stack, itself up to the expression depth limit (250 levels take about
// 150 KB of stack, three times that under AddressSanitizer), so a chain of
// thousands of segments would exhaust it; past this, inSegment is an
// error.
constexpr int k_max_segment_nesting = 8;

struct SegmentDef {
    std::string name;
    std::string where;  // expression text
};

// The profiles and events an engine runs over: profile p's events are the
// event rows [event_begin(p), event_end(p)). event_end defaults to
// event_begin(p + 1); a dry-run sets it to hide the events after its
// virtual clock (expressions see only events at or before `now`).
struct Population {
    const expr::RecordSource* profiles = nullptr;
    const expr::RecordSource* events = nullptr;  // null: every profile has no events
    uint32_t profile_count = 0;
    std::function<uint32_t(uint32_t profile)> event_begin;
    std::function<uint32_t(uint32_t profile)> event_end;  // null: event_begin(profile + 1)
    // A field of `events` that every row has, a timestamp, ascending within
    // each profile's rows (a loaded dataset's time field): `events` macros
    // bounded in time then skip the rows outside the bounds unread.
    std::optional<uint32_t> events_time_field;
    uint32_t events_end(uint32_t profile) const {
        return event_end ? event_end(profile) : event_begin(profile + 1);
    }
};

// The profiles and events of a loaded dataset (which must outlive it).
Population population_of(const data::Dataset& dataset);

// A `where` that does not compile: which segment, where in its text, why.
struct CompileProblem {
    std::string segment;
    expr::SourceSpan span;
    std::string message;
    std::string code;  // a validation code when known ("segment-cycle"); empty otherwise
};

// The data fields that compiled expressions read, so that loading can skip
// the others. `all_*` is set when an expression uses the whole profile or
// event (prints it, compares it, iterates its keys).
struct FieldUse {
    std::set<std::string> profile_fields;
    bool all_profile_fields = false;
    std::set<std::string> event_fields;
    bool all_event_fields = false;
    bool uses_events = false;
    // Event fields read only through keys of their value (a JSON object:
    // `e.properties.amount`, `has(e.properties.sku)`, `has(e.properties)`),
    // with those keys, so that loading can keep just them. A field of
    // event_fields read in any other way (`e.properties == {}`,
    // `size(e.properties)`) is not here: it is needed whole.
    std::map<std::string, std::set<std::string>> event_field_keys;
    void merge(const FieldUse& other);
};
// The fields one checked program reads (profile_slot / events_slot: the
// activation slots of `profile` and `events`; -1 when not declared).
FieldUse field_use_of(const expr::Program& program, int profile_slot, int events_slot);

struct SegmentStats {
    bool evaluated = false;     // run for at least one profile
    uint64_t members = 0;       // profiles for which it was true (targets only)
    uint64_t errors = 0;        // profiles for which it was an error or not a bool
    std::string first_error;    // message of the error at the lowest row
    uint32_t first_error_row = UINT32_MAX;
};

struct RunOptions {
    expr::Timestamp now;
    bool strict = false;       // stop at the first error
    unsigned threads = 2;      // at most; small populations use one
    // Called from one thread now and then with profiles done and total.
    std::function<void(uint64_t done, uint64_t total)> progress;
};

struct RunResult {
    // members[i][row] != 0 when profile `row` is in targets[i].
    std::vector<std::vector<uint8_t>> members;
    std::vector<SegmentStats> stats;  // per segment of the engine
    // Strict mode: the run stopped at this segment's first error.
    std::optional<size_t> stopped_at;
};

// One clause of an explained `where`: its text, its value for the profile,
// and for && / || / ! its operands.
struct ExplainNode {
    std::string text;
    expr::Value value;
    std::string op;  // "&&", "||", "!" or "" for a leaf
    std::vector<ExplainNode> children;
};

class Engine {
public:
    // profile_type: the record type of the data's fields (or map(string, dyn)).
    Engine(std::vector<SegmentDef> segments, expr::Type profile_type);
    ~Engine();
    Engine(Engine&&) noexcept;
    Engine& operator=(Engine&&) noexcept;

    const std::vector<SegmentDef>& segments() const;
    std::optional<size_t> find(std::string_view name) const;
    const expr::Environment& environment() const;
    int profile_slot() const;
    int events_slot() const;

    // Compiles the targets and every segment they reach through
    // inSegment("..."); returns the problems of those that do not compile
    // (an empty list: ready to run).
    std::vector<CompileProblem> prepare(std::span<const size_t> targets);
    // The compiled program of a prepared segment (null if it failed).
    std::shared_ptr<const expr::Program> program(size_t segment) const;
    // Fields read by the prepared segments.
    FieldUse field_use() const;

    // Evaluates the targets (prepared) over every profile.
    RunResult run(const Population& population, std::span<const size_t> targets, const RunOptions& options) const;
    // Each clause of a prepared segment's where, evaluated for one profile.
    ExplainNode explain(size_t segment, const Population& population, uint32_t row, expr::Timestamp now) const;
    // Evaluates a program for one profile (`eval --profile`). The program is
    // compiled in `env`: environment() plus, possibly, more variables, set
    // from `extra` (slot, value); inSegment works for prepared segments.
    expr::Value evaluate(const expr::Program& program, const expr::Environment& env, const Population& population,
                         uint32_t row, expr::Timestamp now,
                         std::span<const std::pair<int, expr::Value>> extra = {}) const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

// The source text of a subtree of a parsed expression: from its first
// token to its last, with the parentheses of calls, macros and has()
// and any grouping parentheses it needs to stay balanced.
std::string subtree_text(std::string_view source, const expr::Node& node);

}  // namespace journeyctl::core::segment
