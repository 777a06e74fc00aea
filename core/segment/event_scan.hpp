// `events` macros run as scans of a profile's event rows rather than by the
// tree-walking evaluator: with 10 segments counted at once, walking
// `e.type == "purchase" && e.time >= now - 90d` node by node for each event
// of each profile cost as much as loading the data.
//
// A scan covers `events.exists(e, P)`, `events.all(e, P)`,
// `events.exists_one(e, P)` and `events.filter(e, P).size()` (or
// `size(events.filter(e, P))`) where P is built with &&, || and ! from
// tests of one event's fields (`e.f`, `e.f.key` in a JSON field) against
// values that are fixed for the run (literals, `now - 90d`, list literals):
// ==, !=, <, <=, >, >=, `in` a list of strings, has(e.f), a bool field.
// Each test is three-valued (true, false, error) and combined the way
// CEL's commutative && and || combine errors. A scan that meets an error it
// cannot settle (a missing field, a value of another type) gives up and the
// evaluator evaluates the node itself, so results and error messages are
// exactly the evaluator's.
//
// A profile's events are in time order (Population::events_time_field), so
// when P is `... && e.time >= T && ...` (or <, <=, >) the rows before T
// make P false whatever its other tests give: the scan finds the bounds by
// binary search and tests only the rows inside them.
#pragma once

#include <cstdint>
#include <optional>

#include "core/expr/expression.hpp"
#include "core/expr/record.hpp"

namespace journeyctl::core::segment {

// The events the scans run over: the activation slot of `events`, and the
// source whose rows are sorted by `time_field` within each RecordList of
// it (no time_field: no order known).
struct EventScanContext {
    int events_slot = -1;
    const expr::RecordSource* sorted_source = nullptr;
    std::optional<uint32_t> time_field;
    int profile_slot = -1;  // `profile`, which a predicate may read too
};

// Sets a shortcut on each node of the program that a scan can run (the
// evaluator must have been built with `now` as a constant, so that
// `now - 90d` is one value). Returns how many nodes got one.
size_t install_event_scans(expr::Evaluator& evaluator, const expr::Program& program, const EventScanContext& context);

}  // namespace journeyctl::core::segment
