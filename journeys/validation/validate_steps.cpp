// A journey's steps as a graph. Each step leads to:
//   send, wait, update, call   its goto, else the next step in the list
//   wait_for                   the same on the event, and on_timeout
//   branch                     each case's goto and the else (no match and
//                              no else: the profile leaves)
//   split                      each arm's goto
//   exit                       nowhere
// (after the last step the profile leaves). Checks: every named target is
// a step (dangling-goto, with "did you mean"); every step is reachable from
// the first (unreachable-step); no cycle passes only steps that take no time
// (loop-without-wait: a profile would go round forever at one instant; a
// send can hold a profile for quiet hours but does not count, since most
// messages go out at once). Also the steps' references: sends name known
// templates whose channel can reach an address, and wait_for events are
// neither in exit_on nor absent from a fully sampled events file.
#include <algorithm>
#include <deque>
#include <map>

#include "core/util/edit_distance.hpp"
#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

namespace {

struct Edge {
    int to = -1;
    const Text* via = nullptr;  // the target's Text; null for "the next step"
};

class StepGraph {
public:
    StepGraph(Context& cx, const Journey& journey) : m_cx(cx), m_journey(journey) {
        for (std::size_t i = 0; i < journey.steps.size(); ++i) {
            m_index.emplace(journey.steps[i].id.value, static_cast<int>(i));
            m_ids.push_back(journey.steps[i].id.value);
        }
        m_edges.resize(journey.steps.size());
        for (std::size_t i = 0; i < journey.steps.size(); ++i) build_edges(static_cast<int>(i));
    }

    void check_reachable() const {
        const auto& steps = m_journey.steps;
        if (steps.empty()) return;
        std::vector<bool> seen(steps.size(), false);
        std::deque<int> queue{0};
        seen[0] = true;
        while (!queue.empty()) {
            const int v = queue.front();
            queue.pop_front();
            for (const Edge& e : m_edges[static_cast<std::size_t>(v)]) {
                if (!seen[static_cast<std::size_t>(e.to)]) {
                    seen[static_cast<std::size_t>(e.to)] = true;
                    queue.push_back(e.to);
                }
            }
        }
        for (std::size_t i = 1; i < steps.size(); ++i) {
            const Step& step = steps[i];
            if (seen[i] || step.id.empty() || m_index.at(step.id.value) != static_cast<int>(i)) continue;
            // Steps that lead here are unreachable themselves; naming them
            // tells where the chain breaks.
            std::vector<std::string> from;
            for (std::size_t j = 0; j < steps.size(); ++j) {
                if (j == i) continue;
                for (const Edge& e : m_edges[j]) {
                    if (e.to == static_cast<int>(i) && std::find(from.begin(), from.end(), steps[j].id.value) == from.end())
                        from.push_back(steps[j].id.value);
                }
            }
            std::string why = "no step goes to it";
            if (!from.empty()) {
                why = "it can only be reached from ";
                for (std::size_t k = 0; k < from.size(); ++k) {
                    if (k) why += k + 1 == from.size() ? " and " : ", ";
                    why += in_quotes(from[k]);
                }
                why += from.size() == 1 ? ", which is unreachable too" : ", which are unreachable too";
            }
            m_cx.report_at(m_journey.file, step.id, "unreachable-step",
                           "step " + in_quotes(step.id.value) + " cannot be reached from the first step " +
                               in_quotes(steps[0].id.value) + ": " + why);
        }
    }

    void check_loops() const {
        const auto& steps = m_journey.steps;
        auto takes_time = [&](int v) {
            const ActionKind kind = steps[static_cast<std::size_t>(v)].kind();
            return kind == ActionKind::Wait || kind == ActionKind::WaitFor;
        };
        std::vector<std::vector<int>> instant(steps.size());
        for (std::size_t v = 0; v < steps.size(); ++v) {
            if (takes_time(static_cast<int>(v))) continue;
            for (const Edge& e : m_edges[v]) {
                if (!takes_time(e.to)) instant[v].push_back(e.to);
            }
        }
        for (const auto& component : cycles_of(instant)) {
            // Report at the first goto (in file order) that leads back into the loop.
            const Text* at = nullptr;
            for (int v : component) {
                for (const Edge& e : m_edges[static_cast<std::size_t>(v)]) {
                    const bool inside = std::binary_search(component.begin(), component.end(), e.to);
                    if (!at && inside && e.via && e.to <= v) at = e.via;
                }
            }
            if (!at) continue;
            std::string names;
            for (std::size_t k = 0; k < component.size(); ++k) {
                if (k) names += k + 1 == component.size() ? " and " : ", ";
                names += in_quotes(steps[static_cast<std::size_t>(component[k])].id.value);
            }
            const std::string message =
                component.size() == 1
                    ? "step " + names + " goes back to itself without a wait or wait_for: a profile would loop forever at one instant"
                    : "steps " + names + " form a loop that passes no wait or wait_for: a profile would go round it forever at one instant";
            m_cx.report_at(m_journey.file, *at, "loop-without-wait", message);
        }
    }

private:
    void target(int from, const Text& text, std::string_view what) {
        if (text.empty()) return;
        auto it = m_index.find(text.value);
        if (it == m_index.end()) {
            const Step& step = m_journey.steps[static_cast<std::size_t>(from)];
            m_cx.report_at(m_journey.file, text, "dangling-goto",
                           (what.empty() ? std::string() : std::string(what) + " ") + "step " + in_quotes(step.id.value) + " goes to " + in_quotes(text.value) +
                               ", which is not a step of journey " + in_quotes(m_journey.name.value) +
                               core::util::did_you_mean(text.value, m_ids));
            return;
        }
        m_edges[static_cast<std::size_t>(from)].push_back({it->second, &text});
    }

    void next_or_goto(int from, const Step& step) {
        if (step.goto_target) {
            target(from, *step.goto_target, "");
        } else if (static_cast<std::size_t>(from) + 1 < m_journey.steps.size()) {
            m_edges[static_cast<std::size_t>(from)].push_back({from + 1, nullptr});
        }
    }

    void build_edges(int i) {
        const Step& step = m_journey.steps[static_cast<std::size_t>(i)];
        if (const auto* branch = std::get_if<BranchAction>(&step.action)) {
            for (const BranchCase& c : branch->cases) target(i, c.target, c.is_else ? "the else of" : "a branch case of");
            if (step.goto_target) target(i, *step.goto_target, "");
        } else if (const auto* split = std::get_if<SplitAction>(&step.action)) {
            for (const SplitArm& arm : split->arms) target(i, arm.target, "a split arm of");
            if (step.goto_target) target(i, *step.goto_target, "");
        } else if (const auto* wait_for = std::get_if<WaitForAction>(&step.action)) {
            next_or_goto(i, step);
            if (wait_for->on_timeout) target(i, *wait_for->on_timeout, "the timeout of");
        } else if (step.kind() == ActionKind::Exit) {
            if (step.goto_target) target(i, *step.goto_target, "");
            m_edges[static_cast<std::size_t>(i)].clear();  // exit: true leaves; a goto there is never taken
        } else {
            next_or_goto(i, step);
        }
    }

    Context& m_cx;
    const Journey& m_journey;
    std::map<std::string, int, std::less<>> m_index;
    std::vector<std::string> m_ids;
    std::vector<std::vector<Edge>> m_edges;
};

void check_send(Context& cx, const Journey& journey, const Step& step, const SendAction& send) {
    const Text& name = send.template_name;
    if (name.empty()) return;
    const Template* tmpl = cx.ws.find_template(name.value);
    if (!tmpl) {
        if (!cx.template_missing(name.value)) return;
        cx.report_at(journey.file, name, "unknown-template",
                     "step " + in_quotes(step.id.value) + " sends " + in_quotes(name.value) + ", which is not a template" +
                         core::util::did_you_mean(name.value, cx.template_names));
        return;
    }
    auto facts = cx.channels.find(tmpl->channel.value);
    if (facts == cx.channels.end()) return;  // the template's own check reports it
    cx.used_channels.insert(tmpl->channel.value);
    if (!facts->second.address_problem.empty()) {
        cx.report_at(journey.file, name, "no-address",
                     "step " + in_quotes(step.id.value) + " sends through channel " + in_quotes(tmpl->channel.value) +
                         ", which " + facts->second.address_problem + ": every message would end as no_address",
                     Severity::Warning);
    }
}

void check_wait_for(Context& cx, const Journey& journey, const Step& step, const WaitForAction& wait_for) {
    const Text& event = wait_for.event;
    if (event.empty()) return;
    for (const Text& exit_event : journey.exit_on) {
        if (exit_event.value == event.value) {
            cx.report_at(journey.file, event, "exit-on-awaited",
                         "step " + in_quotes(step.id.value) + " waits for " + in_quotes(event.value) +
                             ", which is also in exit_on: the event would make the profile leave instead");
            return;
        }
    }
    const auto& sample = cx.scope.events_sample;
    // Only a sample that covered the whole file proves an event type absent.
    if (!sample || !sample->complete || sample->rows == 0 || sample->values.contains(event.value)) return;
    const std::vector<std::string> seen(sample->values.begin(), sample->values.end());
    cx.report_at(journey.file, event, "event-never-seen",
                 "no event of type " + in_quotes(event.value) + " is in " + in_quotes(cx.ws.config.events.file.value) +
                     core::util::did_you_mean(event.value, seen) + ": step " + in_quotes(step.id.value) +
                     " would always time out on this data",
                 Severity::Warning);
}

}  // namespace

void validate_steps(Context& cx, const Journey& journey) {
    StepGraph graph(cx, journey);
    graph.check_reachable();
    graph.check_loops();
    for (const Step& step : journey.steps) {
        if (const auto* send = std::get_if<SendAction>(&step.action)) check_send(cx, journey, step, *send);
        if (const auto* wait_for = std::get_if<WaitForAction>(&step.action)) check_wait_for(cx, journey, step, *wait_for);
    }
}

}  // namespace journeyctl::journeys::validation
