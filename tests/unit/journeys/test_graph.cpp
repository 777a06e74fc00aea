#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "journeys/graph/graph.hpp"
#include "journeys/model/load.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

using namespace journeyctl;
using journeys::GraphEdgeKind;
using journeys::GraphNodeKind;
using journeys::StepGraph;

namespace {

// The edge from node `from` to node `to` (by id), or nullptr.
const journeys::GraphEdge* find_edge(const StepGraph& graph, std::string_view from, std::string_view to) {
    for (const auto& edge : graph.edges) {
        if (graph.nodes[edge.from].id == from && graph.nodes[edge.to].id == to) return &edge;
    }
    return nullptr;
}

journeys::Workspace load_journey(const testing::TempWorkspace& ws, std::string_view yaml) {
    ws.write("journeyctl.yaml", "workspace: t\n");
    ws.write("journeys/j.yaml", yaml);
    return journeys::load_workspace(ws.root());
}

}  // namespace

TEST_CASE("graph: the win-back example has every kind of edge", "[graph]") {
    const auto workspace = journeys::load_workspace(std::filesystem::path(JOURNEYCTL_SOURCE_DIR) / "examples/init");
    const journeys::Journey* journey = workspace.journey("winback");
    REQUIRE(journey != nullptr);
    const StepGraph graph = journeys::build_step_graph(*journey);

    REQUIRE(graph.nodes.size() == journey->steps.size() + 1);  // entry, steps; every path ends in an exit step
    CHECK(graph.nodes.front().kind == GraphNodeKind::Entry);
    CHECK(graph.nodes.front().lines == std::vector<std::string>{"entry", "segment lapsed_vip", "every 0 9 * * MON"});
    CHECK(find_edge(graph, "(entry)", "first_mail") != nullptr);
    CHECK(find_edge(graph, "pause", "opened")->label == "3d");
    CHECK(find_edge(graph, "opened", "reminder")->label == "else");
    CHECK(find_edge(graph, "opened", "offer")->label == "events.exists(e, e.type == \"email_open\"\u2026");
    CHECK(find_edge(graph, "offer", "offer_a")->label == "45%");
    CHECK(find_edge(graph, "offer", "holdout")->label == "10%");
    CHECK(find_edge(graph, "offer_a", "await_purchase")->kind == GraphEdgeKind::Goto);
    CHECK(find_edge(graph, "offer_b", "await_purchase")->kind == GraphEdgeKind::Next);
    CHECK(find_edge(graph, "await_purchase", "thanks")->kind == GraphEdgeKind::Event);
    const auto* timeout = find_edge(graph, "await_purchase", "last_call");
    REQUIRE(timeout != nullptr);
    CHECK(timeout->kind == GraphEdgeKind::Timeout);
    CHECK(timeout->label == "timeout 7d");
    CHECK(graph.nodes[std::size_t(std::find_if(graph.nodes.begin(), graph.nodes.end(),
                                               [](const auto& n) { return n.id == "holdout"; }) -
                                  graph.nodes.begin())]
              .kind == GraphNodeKind::ExitStep);
    // Exit steps have no way out.
    CHECK(std::none_of(graph.edges.begin(), graph.edges.end(),
                       [&](const auto& e) { return graph.nodes[e.from].id == "done"; }));
}

TEST_CASE("graph: leaving, missing targets and no-else branches", "[graph]") {
    testing::TempWorkspace ws;
    const auto workspace = load_journey(ws, R"(journey: j
entry: { event: signup }
steps:
  - id: check
    branch:
      - when: profile.vip
        goto: ghost
  - id: wait_reply
    wait_for: { event: reply, timeout: 36h }
  - id: last
    send: t
)");
    const StepGraph graph = journeys::build_step_graph(*workspace.journey("j"));
    const auto* missing = find_edge(graph, "check", "(missing) ghost");
    REQUIRE(missing != nullptr);
    CHECK(graph.nodes[missing->to].kind == GraphNodeKind::Missing);
    CHECK(find_edge(graph, "check", "(leave)")->label == "no match");
    CHECK(find_edge(graph, "wait_reply", "last")->label == "reply");
    CHECK(find_edge(graph, "wait_reply", "(leave)")->label == "timeout 1d12h");
    CHECK(find_edge(graph, "last", "(leave)") != nullptr);
    // One leave node, however many edges lead there.
    CHECK(std::count_if(graph.nodes.begin(), graph.nodes.end(),
                        [](const auto& n) { return n.kind == GraphNodeKind::Leave; }) == 1);
}

TEST_CASE("graph: labels are shortened by code points and durations are compact", "[graph]") {
    CHECK(journeys::shorten_label("  a\n   b\tc  ") == "a b c");
    CHECK(journeys::shorten_label("abcdef", 6) == "abcdef");
    CHECK(journeys::shorten_label("abcdefg", 6) == "abcde\u2026");
    std::string accents;
    for (int i = 0; i < 10; ++i) accents += "\u00e9";
    CHECK(journeys::shorten_label(accents, 4) == "\u00e9\u00e9\u00e9\u2026");
    CHECK(journeys::shorten_label(accents, 10) == accents);

    CHECK(journeys::compact_duration({259200, 0}) == "3d");
    CHECK(journeys::compact_duration({129600, 0}) == "1d12h");
    CHECK(journeys::compact_duration({5400, 0}) == "1h30m");
    CHECK(journeys::compact_duration({1209600, 0}) == "14d");
    CHECK(journeys::compact_duration({45, 0}) == "45s");
}

TEST_CASE("graph: split shares follow the 10000 buckets of formats.md", "[graph]") {
    auto split_of = [](std::initializer_list<int64_t> weights) {
        journeys::SplitAction split;
        for (int64_t w : weights) split.arms.push_back({{}, {w, {}, {}}, {}});
        return journeys::split_shares(split);
    };
    CHECK(split_of({45, 45, 10}) == std::vector<std::string>{"45%", "45%", "10%"});
    // floor(10000*1/3)=3333, floor(10000*2/3)=6666: the last arm takes the rest.
    CHECK(split_of({1, 1, 1}) == std::vector<std::string>{"33.33%", "33.33%", "33.34%"});
    CHECK(split_of({1, 7}) == std::vector<std::string>{"12.5%", "87.5%"});
    CHECK(split_of({0, 5}) == std::vector<std::string>{"0%", "100%"});
}

TEST_CASE("graph: dot and mermaid escape what their parsers read", "[graph]") {
    testing::TempWorkspace ws;
    const auto workspace = load_journey(ws, R"(journey: j
entry: { segment: s }
steps:
  - id: end
    branch:
      - when: 'profile.a == "x" || profile.b < 2 # c'
        goto: out
  - id: out
    exit: true
)");
    const StepGraph graph = journeys::build_step_graph(*workspace.journey("j"));
    const std::string dot = journeys::render_dot(graph);
    CHECK(dot.find(R"("end" -> "out" [label="profile.a == \"x\" || profile.b < 2 # c"];)") != std::string::npos);
    CHECK(dot.find(R"("out" [style="rounded,bold", peripheries=2, label="out\nexit"];)") != std::string::npos);

    const std::string mermaid = journeys::render_mermaid(graph);
    // `end` is a Mermaid keyword: node ids are n0, n1, ...
    CHECK(mermaid.find(R"(n1("end<br/>branch"))") != std::string::npos);
    CHECK(mermaid.find(R"(n1 -->|"profile.a == #quot;x#quot; #124;#124; profile.b #lt; 2 #35; c"| n2)") !=
          std::string::npos);
    // Same input, same text.
    CHECK(journeys::render_mermaid(journeys::build_step_graph(*workspace.journey("j"))) == mermaid);
}
