// The step graph as text. Dot: nodes keyed by step id (entry, leave and
// missing targets get ids in parentheses, which no step id can hold).
// Mermaid: nodes keyed n0, n1, ... by index, because Mermaid gives some
// words (`end`) and characters (`-`) a meaning in node ids; labels are
// quoted, with Mermaid's #entity; escapes for the characters its parser
// reads inside them.
#include <string>

#include <fmt/format.h>

#include "journeys/graph/graph.hpp"

namespace journeyctl::journeys {
namespace {

std::string dot_quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string dot_label(const std::vector<std::string>& lines) {
    std::string joined;
    for (const std::string& line : lines) {
        if (!joined.empty()) joined += "\n";
        joined += line;
    }
    std::string quoted = dot_quote(joined);
    std::string out;
    for (char c : quoted) {
        if (c == '\n') out += "\\n";
        else out += c;
    }
    return out;
}

std::string_view dot_node_attributes(GraphNodeKind kind) {
    switch (kind) {
        case GraphNodeKind::Entry: return "shape=oval, style=\"\", ";
        case GraphNodeKind::Step: return "";
        case GraphNodeKind::ExitStep: return "style=\"rounded,bold\", peripheries=2, ";
        case GraphNodeKind::Leave: return "shape=doublecircle, style=\"\", ";
        case GraphNodeKind::Missing: return "style=\"rounded,dashed\", color=red, ";
    }
    return "";
}

std::string mermaid_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '"': out += "#quot;"; break;
            case '#': out += "#35;"; break;
            case '&': out += "#amp;"; break;
            case '<': out += "#lt;"; break;
            case '>': out += "#gt;"; break;
            case '|': out += "#124;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string mermaid_label(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) out += "<br/>";
        out += mermaid_text(line);
    }
    return "\"" + out + "\"";
}

std::string mermaid_node(std::size_t index, const GraphNode& node) {
    const std::string id = fmt::format("n{}", index);
    const std::string label = mermaid_label(node.lines);
    switch (node.kind) {
        case GraphNodeKind::Entry: return id + "([" + label + "])";
        case GraphNodeKind::Step: return id + "(" + label + ")";
        case GraphNodeKind::ExitStep: return id + "[[" + label + "]]";
        case GraphNodeKind::Leave: return id + "((" + label + "))";
        case GraphNodeKind::Missing: return id + "[" + label + "]";
    }
    return id + "[" + label + "]";
}

}  // namespace

std::string render_dot(const StepGraph& graph) {
    std::string out = fmt::format("digraph {} {{\n", dot_quote(graph.journey));
    out += "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
    for (const GraphNode& node : graph.nodes) {
        out += fmt::format("  {} [{}label={}];\n", dot_quote(node.id), dot_node_attributes(node.kind),
                           dot_label(node.lines));
    }
    for (const GraphEdge& edge : graph.edges) {
        std::string attributes;
        if (!edge.label.empty()) attributes += "label=" + dot_label({edge.label});
        if (edge.kind == GraphEdgeKind::Timeout) attributes += std::string(attributes.empty() ? "" : ", ") + "style=dashed";
        out += fmt::format("  {} -> {}{};\n", dot_quote(graph.nodes[edge.from].id), dot_quote(graph.nodes[edge.to].id),
                           attributes.empty() ? "" : " [" + attributes + "]");
    }
    return out + "}\n";
}

std::string render_mermaid(const StepGraph& graph) {
    std::string out = fmt::format("%% journey {}\nflowchart TD\n", graph.journey);
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        out += "  " + mermaid_node(i, graph.nodes[i]) + "\n";
    }
    for (const GraphEdge& edge : graph.edges) {
        const std::string_view arrow = edge.kind == GraphEdgeKind::Timeout ? "-.->" : "-->";
        if (edge.label.empty()) {
            out += fmt::format("  n{} {} n{}\n", edge.from, arrow, edge.to);
        } else {
            out += fmt::format("  n{} {}|\"{}\"| n{}\n", edge.from, arrow, mermaid_text(edge.label), edge.to);
        }
    }
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        if (graph.nodes[i].kind == GraphNodeKind::Missing) {
            out += fmt::format("  style n{} stroke:#c00,stroke-dasharray:5 5\n", i);
        }
    }
    return out;
}

}  // namespace journeyctl::journeys
