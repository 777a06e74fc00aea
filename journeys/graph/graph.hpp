// A journey's step graph, for `journeyctl graph`: one node for the entry,
// one per step and one "leave" node, and one labelled edge for every way a
// profile can move — the next step, a goto, each branch case (its `when`,
// shortened) and the else, each split arm (its share of the 10000 buckets
// as a percentage), a wait (its duration or until), a wait_for's event and
// its timeout, and every way out of the journey. Built from the model alone
// and rendered as Graphviz dot or Mermaid; the same journey always gives
// the same text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

enum class GraphNodeKind : uint8_t {
    Entry,    // how profiles come in
    Step,     // a step with an action
    ExitStep, // a step whose action is exit: true
    Leave,    // leaving the journey without an exit step
    Missing,  // a target naming no step (validate reports it)
};

struct GraphNode {
    std::string id;     // the step id; "entry", "leave"
    GraphNodeKind kind;
    std::vector<std::string> lines;  // label lines: the id, then what the step does
};

enum class GraphEdgeKind : uint8_t {
    Next,     // the following step in the list
    Goto,     // a step's goto
    Branch,   // a branch case (label: when) or its else
    Split,    // a split arm (label: share)
    Event,    // wait_for: the awaited event arrived
    Timeout,  // wait_for: timed out
};

struct GraphEdge {
    std::size_t from;  // node indexes
    std::size_t to;
    GraphEdgeKind kind;
    std::string label;  // may be empty
};

struct StepGraph {
    std::string journey;
    std::vector<GraphNode> nodes;  // entry, steps in file order, then leave and missing targets
    std::vector<GraphEdge> edges;  // by source node, in the order a step lists its ways out
};

StepGraph build_step_graph(const Journey& journey);

std::string render_dot(const StepGraph& graph);
std::string render_mermaid(const StepGraph& graph);

// Helpers the labels use, exposed for tests.
// Whitespace runs collapsed to one space, cut to `max_chars` code points
// with "…" when longer.
std::string shorten_label(std::string_view text, std::size_t max_chars = 40);
// The shares of a split's arms in buckets of 10000 (formats.md "Splits"),
// as "45%", "33.33%".
std::vector<std::string> split_shares(const SplitAction& split);
// 259200s -> "3d", 129600s -> "1d12h", 5400s -> "1h30m".
std::string compact_duration(const Duration& duration);

}  // namespace journeyctl::journeys
