// Building the step graph follows formats.md's movement rules: after a step
// comes its goto, else the next step in the list, else the profile leaves;
// exit steps end; a branch without else leaves on no match; a wait_for
// without on_timeout leaves on timeout. Targets are looked up by id; one
// that names no step becomes a "missing" node so the picture still shows
// what the file says.
#include "journeys/graph/graph.hpp"

#include <fmt/format.h>

#include "core/expr/time.hpp"

namespace journeyctl::journeys {
namespace {

class GraphBuilder {
public:
    explicit GraphBuilder(const Journey& journey) : m_journey(journey) { m_graph.journey = journey.name.value; }

    StepGraph build() {
        add_entry();
        for (const Step& step : m_journey.steps) add_step_node(step);
        if (m_journey.steps.empty()) {
            edge(0, leave(), GraphEdgeKind::Next, "");
        } else {
            edge(0, 1, GraphEdgeKind::Next, "");
        }
        for (std::size_t i = 0; i < m_journey.steps.size(); ++i) add_step_edges(i);
        return std::move(m_graph);
    }

private:
    void add_entry() {
        const Entry& entry = m_journey.entry;
        GraphNode node{"(entry)", GraphNodeKind::Entry, {"entry"}};
        if (entry.segment) {
            node.lines.push_back("segment " + entry.segment->value);
            node.lines.push_back(entry.schedule ? "every " + shorten_label(entry.schedule->value) : "once");
        } else if (entry.event) {
            node.lines.push_back("event " + entry.event->value);
            if (entry.where) node.lines.push_back("where " + shorten_label(entry.where->value));
        }
        m_graph.nodes.push_back(std::move(node));
    }

    void add_step_node(const Step& step) {
        GraphNode node{step.id.value, GraphNodeKind::Step, {step.id.value}};
        std::string what(action_name(step.kind()));
        if (const auto* send = std::get_if<SendAction>(&step.action)) {
            what += " " + send->template_name.value;
        } else if (const auto* wait_for = std::get_if<WaitForAction>(&step.action)) {
            what += " " + wait_for->event.value;
        } else if (const auto* update = std::get_if<UpdateAction>(&step.action)) {
            std::string fields;
            for (const auto& [field, value] : update->fields) fields += (fields.empty() ? "" : ", ") + field.value;
            what += " " + shorten_label(fields);
        } else if (const auto* call = std::get_if<CallAction>(&step.action)) {
            what += fmt::format(" {} {}", call->method_name(), shorten_label(call->url.value));
        } else if (step.kind() == ActionKind::Exit) {
            node.kind = GraphNodeKind::ExitStep;
        } else if (step.kind() == ActionKind::None) {
            what = "(no action)";
        }
        node.lines.push_back(std::move(what));
        m_graph.nodes.push_back(std::move(node));
    }

    void add_step_edges(std::size_t index) {
        const Step& step = m_journey.steps[index];
        const std::size_t from = index + 1;
        // Where the profile goes once this step is done, and how it got there.
        auto onward = [&]() -> std::pair<std::size_t, GraphEdgeKind> {
            if (step.goto_target) return {target(step.goto_target->value), GraphEdgeKind::Goto};
            if (index + 1 < m_journey.steps.size()) return {from + 1, GraphEdgeKind::Next};
            return {leave(), GraphEdgeKind::Next};
        };
        if (const auto* wait = std::get_if<WaitAction>(&step.action)) {
            auto [to, kind] = onward();
            edge(from, to, kind, wait_label(*wait));
        } else if (const auto* wait_for = std::get_if<WaitForAction>(&step.action)) {
            auto [to, kind] = onward();
            std::string label = wait_for->event.value;
            if (wait_for->where) label += " where " + shorten_label(wait_for->where->value);
            edge(from, to, GraphEdgeKind::Event, shorten_label(label));
            if (wait_for->timeout) {
                std::size_t timeout_to = wait_for->on_timeout ? target(wait_for->on_timeout->value) : leave();
                edge(from, timeout_to, GraphEdgeKind::Timeout, "timeout " + compact_duration(wait_for->timeout->value));
            }
        } else if (const auto* branch = std::get_if<BranchAction>(&step.action)) {
            for (const BranchCase& c : branch->cases) {
                if (c.target.empty()) continue;
                std::string label = c.is_else ? "else" : (c.when ? shorten_label(c.when->value) : "");
                edge(from, target(c.target.value), GraphEdgeKind::Branch, label);
            }
            if (branch->else_case() == nullptr) edge(from, leave(), GraphEdgeKind::Branch, "no match");
        } else if (const auto* split = std::get_if<SplitAction>(&step.action)) {
            std::vector<std::string> shares = split_shares(*split);
            for (std::size_t i = 0; i < split->arms.size(); ++i) {
                if (split->arms[i].target.empty()) continue;
                edge(from, target(split->arms[i].target.value), GraphEdgeKind::Split, shares[i]);
            }
        } else if (step.kind() != ActionKind::Exit) {
            auto [to, kind] = onward();
            edge(from, to, kind, "");
        }
    }

    static std::string wait_label(const WaitAction& wait) {
        if (wait.kind == WaitAction::Kind::For) return wait.duration ? compact_duration(wait.duration->value) : "";
        std::string label = "until " + (wait.until ? shorten_label(wait.until->value) : std::string());
        if (wait.kind == WaitAction::Kind::UntilTime && wait.zone) label += " in " + shorten_label(wait.zone->value, 24);
        return label;
    }

    std::size_t target(const std::string& id) {
        for (std::size_t i = 0; i < m_journey.steps.size(); ++i) {
            if (m_journey.steps[i].id.value == id) return i + 1;
        }
        for (std::size_t i = 0; i < m_graph.nodes.size(); ++i) {
            if (m_graph.nodes[i].kind == GraphNodeKind::Missing && m_graph.nodes[i].lines.front() == id) return i;
        }
        m_graph.nodes.push_back({"(missing) " + id, GraphNodeKind::Missing, {id, "(no such step)"}});
        return m_graph.nodes.size() - 1;
    }

    std::size_t leave() {
        for (std::size_t i = 0; i < m_graph.nodes.size(); ++i) {
            if (m_graph.nodes[i].kind == GraphNodeKind::Leave) return i;
        }
        m_graph.nodes.push_back({"(leave)", GraphNodeKind::Leave, {"leave"}});
        return m_graph.nodes.size() - 1;
    }

    void edge(std::size_t from, std::size_t to, GraphEdgeKind kind, std::string label) {
        m_graph.edges.push_back({from, to, kind, std::move(label)});
    }

    const Journey& m_journey;
    StepGraph m_graph;
};

}  // namespace

StepGraph build_step_graph(const Journey& journey) { return GraphBuilder(journey).build(); }

std::string shorten_label(std::string_view text, std::size_t max_chars) {
    std::string collapsed;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !collapsed.empty();
            continue;
        }
        if (space) collapsed += ' ';
        space = false;
        collapsed += c;
    }
    // Count code points (bytes that do not continue a UTF-8 sequence).
    std::size_t chars = 0;
    for (std::size_t i = 0; i < collapsed.size(); ++i) {
        if ((static_cast<unsigned char>(collapsed[i]) & 0xC0) == 0x80) continue;
        if (++chars == max_chars) {
            std::size_t end = i + 1;
            while (end < collapsed.size() && (static_cast<unsigned char>(collapsed[end]) & 0xC0) == 0x80) ++end;
            if (end < collapsed.size()) {
                // Keep max_chars - 1 code points and the ellipsis.
                return collapsed.substr(0, i) + "\u2026";
            }
            break;
        }
    }
    return collapsed;
}

std::vector<std::string> split_shares(const SplitAction& split) {
    int64_t total = 0;
    for (const SplitArm& arm : split.arms) total += arm.weight.value > 0 ? arm.weight.value : 0;
    std::vector<std::string> shares;
    int64_t cumulative = 0;
    for (const SplitArm& arm : split.arms) {
        if (total <= 0 || arm.weight.value <= 0) {
            shares.push_back("0%");
            continue;
        }
        const int64_t low = 10000 * cumulative / total;
        cumulative += arm.weight.value;
        const int64_t buckets = 10000 * cumulative / total - low;
        std::string share = fmt::format("{}.{:02}", buckets / 100, buckets % 100);
        while (share.back() == '0') share.pop_back();
        if (share.back() == '.') share.pop_back();
        shares.push_back(share + "%");
    }
    return shares;
}

std::string compact_duration(const Duration& duration) {
    if (duration.nanos != 0 || duration.seconds <= 0) return core::expr::time::format_duration(duration);
    // No weeks: files say 7d and 30d far more often than 1w or 4w2d.
    static constexpr std::pair<int64_t, char> k_units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    std::string out;
    int64_t rest = duration.seconds;
    for (const auto& [seconds, unit] : k_units) {
        if (rest >= seconds) {
            out += std::to_string(rest / seconds);
            out += unit;
            rest %= seconds;
        }
    }
    return out;
}

}  // namespace journeyctl::journeys
