// journeys::diff_programs on hand-made results: journeys matched by name
// (added, removed, modified by file text, affected by results alone),
// steps by id, paths by profile key with the step where they part, and
// the sums of the totals.
#include <catch2/catch.hpp>

#include "journeys/diff/program_diff.hpp"
#include "journeys/diff/segment_diff.hpp"

using namespace journeyctl;
using namespace journeyctl::journeys;

namespace {

// One side: journeys with their file texts and results.
struct Side {
    Workspace workspace;
    ProgramResult program;

    void add(const std::string& name, const std::string& text, std::vector<std::pair<std::string, uint64_t>> steps,
             std::vector<ProfilePath> paths, uint64_t sent = 0) {
        Journey j;
        j.file = "journeys/" + name + ".yaml";
        j.name.value = name;
        workspace.journeys.push_back(j);
        workspace.sources[j.file] = text;
        SimulationResult r;
        r.report.journey = name;
        for (const auto& [id, entered] : steps) {
            StepCounts s;
            s.id = id;
            s.action = "wait";
            s.entered = entered;
            r.report.steps.push_back(s);
        }
        r.report.entries = paths.size();
        r.report.exits[static_cast<size_t>(ExitReason::End)] = paths.size();
        r.report.outcomes[static_cast<size_t>(Outcome::Sent)] = sent;
        r.paths = std::move(paths);
        program.journeys.push_back(std::move(r));
    }
    DiffSide side() const {
        DiffSide s{&workspace, {}, &program};
        for (const Journey& j : workspace.journeys) s.journeys.push_back(&j);
        return s;
    }
};

ProfilePath path(const std::string& key, uint32_t row, std::vector<int32_t> items) {
    return ProfilePath{key, row, std::move(items)};
}

constexpr int32_t k_end = path_exit(ExitReason::End);

}  // namespace

TEST_CASE("diff_programs: journeys, steps and paths", "[diff]") {
    Side base, head;
    // welcome: same file; c added before b, so b's index is 1 in base and
    // 2 in head. p1 walks a -> b on both sides (different indexes, same
    // ids: the same path); p2 goes a -> c in head instead of a -> b.
    base.add("welcome", "same", {{"a", 2}, {"b", 2}}, {path("p1", 0, {0, 1, k_end}), path("p2", 1, {0, 1, k_end})}, 4);
    head.add("welcome", "same", {{"a", 2}, {"c", 1}, {"b", 1}},
             {path("p1", 0, {0, 2, k_end}), path("p2", 1, {0, 1, k_end})}, 3);
    // gone: base only; fresh: head only; quiet: identical.
    base.add("gone", "x", {{"s", 1}}, {path("p3", 2, {0, k_end})});
    head.add("fresh", "y", {{"s", 1}}, {path("p1", 0, {0, k_end})}, 1);
    base.add("quiet", "q", {{"s", 1}}, {path("p1", 0, {0, k_end})});
    head.add("quiet", "q", {{"s", 1}}, {path("p1", 0, {0, k_end})});

    const ProgramDiff diff = diff_programs(base.side(), head.side(), {}, 5);
    REQUIRE(diff.journeys.size() == 4);
    CHECK(diff.journeys[0].name == "fresh");
    CHECK(diff.journeys[0].change == JourneyChange::Added);
    CHECK(diff.journeys[0].diverged == 1);
    CHECK(diff.journeys[0].examples.front().base_next == "-");
    CHECK(diff.journeys[0].examples.front().head_next == "s");
    CHECK(diff.journeys[1].name == "gone");
    CHECK(diff.journeys[1].change == JourneyChange::Removed);
    CHECK(diff.journeys[2].name == "quiet");
    CHECK(diff.journeys[2].change == JourneyChange::Unchanged);

    const JourneyDiff& w = diff.journeys[3];
    CHECK(w.change == JourneyChange::Affected);  // same text, other results
    REQUIRE(w.steps.size() == 3);
    CHECK((w.steps[0].id == "a" && w.steps[0].in_base && w.steps[0].in_head && !w.steps[0].arrivals.changed()));
    CHECK((w.steps[1].id == "c" && !w.steps[1].in_base && w.steps[1].arrivals.head == 1));
    CHECK((w.steps[2].id == "b" && w.steps[2].arrivals.base == 2 && w.steps[2].arrivals.head == 1));
    CHECK(w.diverged == 1);
    REQUIRE(w.examples.size() == 1);
    CHECK(w.examples[0].profile == "p2");
    CHECK(w.examples[0].after == "a");
    CHECK(w.examples[0].base_next == "b");
    CHECK(w.examples[0].head_next == "c");
}

TEST_CASE("diff_programs: paths compare step ids, totals add up", "[diff]") {
    Side base, head;
    base.add("j", "t", {{"a", 2}, {"b", 2}}, {path("p1", 0, {0, 1, k_end}), path("p2", 1, {0, 1, k_end})}, 4);
    // Same journey, b moved before a: p1 walks a -> b in both (ids), p2
    // leaves after a in head.
    head.add("j", "t2", {{"b", 1}, {"a", 2}},
             {path("p1", 0, {1, 0, k_end}), path("p2", 1, {1, path_exit(ExitReason::ExitOn)})}, 6);
    const ProgramDiff diff = diff_programs(base.side(), head.side(), {}, 5);
    REQUIRE(diff.journeys.size() == 1);
    const JourneyDiff& j = diff.journeys[0];
    CHECK(j.change == JourneyChange::Modified);
    CHECK(j.diverged == 1);
    REQUIRE(j.examples.size() == 1);
    CHECK(j.examples[0].profile == "p2");
    CHECK(j.examples[0].after == "a");
    CHECK(j.examples[0].base_next == "b");
    CHECK(j.examples[0].head_next == "exit:exit_on");
    CHECK(diff.sent.base == 4);
    CHECK(diff.sent.head == 6);
    CHECK(diff.diverged == 1);
    CHECK(diff.changed());
    // Only the journeys selected are reported.
    CHECK(diff_programs(base.side(), head.side(), {"other"}, 5).journeys.empty());
}

TEST_CASE("diff_segment: members by key, joined and left", "[diff]") {
    Segment a;
    a.file = "segments/vip.yaml";
    a.name.value = "vip";
    const TouchedSegment touched{"vip", &a, &a, true};
    const std::vector<std::string> base{"k1", "k2", "k3"};
    const std::vector<std::string> head{"k2", "k3", "k4", "k5"};
    const SegmentDiff d = diff_segment(touched, &base, &head);
    CHECK(d.change == "modified");
    CHECK(d.members.base == 3);
    CHECK(d.members.head == 4);
    CHECK(d.joined == 2);
    CHECK(d.left == 1);
    const SegmentDiff added = diff_segment({"vip", nullptr, &a, true}, nullptr, &head);
    CHECK(added.change == "added");
    CHECK((added.joined == 4 && added.left == 0));
    // Same file, other members (inSegment, or other data): affected.
    CHECK(diff_segment({"vip", &a, &a, false}, &base, &head).change == "affected");
}
