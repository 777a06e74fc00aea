// Dry-run counts on the step graph (see graph_counts.hpp).
#include "journeys/graph/graph_counts.hpp"

#include <fmt/format.h>

namespace journeyctl::journeys {

namespace {

const StepCounts* counts_of(const SimulationReport& report, const GraphNode& node) {
    if (node.kind != GraphNodeKind::Step && node.kind != GraphNodeKind::ExitStep) return nullptr;
    for (const StepCounts& s : report.steps) {
        if (s.id == node.id) return &s;
    }
    return nullptr;
}

uint64_t count_of(const std::map<std::string, uint64_t>& next, const std::string& key) {
    auto found = next.find(key);
    return found == next.end() ? 0 : found->second;
}

// The exit reason a structural edge to "leave" stands for.
std::string leave_key(GraphEdgeKind kind, const std::string& label) {
    if (kind == GraphEdgeKind::Timeout) return "exit:wait_for_timeout";
    if (kind == GraphEdgeKind::Branch && label == "no match") return "exit:no_branch";
    return "exit:end";
}

std::string with_count(const std::string& label, uint64_t n) {
    return label.empty() ? std::to_string(n) : fmt::format("{} ({})", label, n);
}

}  // namespace

void annotate_with_counts(StepGraph& graph, const SimulationReport& report) {
    for (GraphEdge& edge : graph.edges) {
        const GraphNode& from = graph.nodes[edge.from];
        const GraphNode& to = graph.nodes[edge.to];
        if (from.kind == GraphNodeKind::Entry) {
            edge.label = with_count(edge.label, report.entries);
            continue;
        }
        const StepCounts* counts = counts_of(report, from);
        if (counts == nullptr) continue;
        const uint64_t n = to.kind == GraphNodeKind::Leave ? count_of(counts->next, leave_key(edge.kind, edge.label))
                                                           : count_of(counts->next, to.id);
        edge.label = with_count(edge.label, n);
    }
    for (GraphNode& node : graph.nodes) {
        const StepCounts* counts = counts_of(report, node);
        if (counts == nullptr) continue;
        node.lines.push_back(fmt::format("{} entered", counts->entered));
        if (counts->waiting > 0) node.lines.push_back(fmt::format("{} waiting", counts->waiting));
        // Ways out that the graph draws no edge for.
        for (const auto& [key, n] : counts->next) {
            if (key.rfind("exit:", 0) != 0 || n == 0) continue;
            const std::string reason = key.substr(5);
            const bool drawn = reason == "no_branch" || reason == "wait_for_timeout" ||
                               (reason == "end" && node.kind != GraphNodeKind::ExitStep);
            if (!drawn) node.lines.push_back(fmt::format("{} left ({})", n, reason));
        }
    }
}

}  // namespace journeyctl::journeys
