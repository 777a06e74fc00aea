// What a change does: the dry-runs of two versions of a workspace (base
// and head) over the same window and data, compared journey by journey
// (`journeyctl diff`). Journeys are matched by name and steps by id, so a
// step that is added or removed shows as such, and a profile's path is
// compared as the sequence of step ids it arrived at and the reasons it
// left for (times are not part of a path: a longer wait alone changes
// none).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "journeys/model/model.hpp"
#include "journeys/simulation/simulation.hpp"

namespace journeyctl::journeys {

// A count on both sides.
struct Delta {
    int64_t base = 0;
    int64_t head = 0;
    int64_t change() const { return head - base; }
    bool changed() const { return head != base; }
};

struct StepDelta {
    std::string id;
    std::string action;  // head's, or base's for a removed step
    bool in_base = false;
    bool in_head = false;  // added: head only; removed: base only
    Delta arrivals;
};

struct MessageDelta {
    std::string template_name;
    std::string channel;
    std::string outcome;  // outcome_name()
    Delta count;
};

// One profile that took a different path: after the last step both paths
// share (`after`, empty when they differ from the entry on), where each
// side went next: a step id, "exit:REASON", or "-" when the path ends
// there (not entered at all, or still inside when the window ends).
struct Divergence {
    std::string profile;
    std::string after;
    std::string base_next;
    std::string head_next;
};

enum class JourneyChange {
    Added,      // in head only
    Removed,    // in base only
    Modified,   // its file differs
    Affected,   // same file, but its results differ (a segment or cap changed) or a template it sends does
    Unchanged,
};
std::string_view journey_change_name(JourneyChange change);  // "added", "removed", ...

struct JourneyDiff {
    std::string name;
    std::string file;  // relative to the workspace root: head's, base's when removed
    JourneyChange change = JourneyChange::Unchanged;
    Delta entries;
    Delta profiles_entered;
    Delta sent;  // messages sent
    Delta conversions;
    Delta waiting;  // still inside when the window ends
    std::map<std::string, Delta> exits;  // by reason, those non-zero on a side
    std::vector<StepDelta> steps;        // head's order, then the removed steps in base's
    std::vector<MessageDelta> messages;  // by template, channel, outcome; non-zero on a side
    // Templates its send steps use whose content differs between the sides
    // (what the messages say, which counts do not show), by name.
    std::vector<std::string> templates_changed;
    uint64_t diverged = 0;               // profiles whose path differs
    std::vector<Divergence> examples;    // the first few, by profile row
};

// A segment whose file or members differ, its members at the window's
// start on each side (segment_diff.hpp).
struct SegmentDiff {
    std::string name;
    std::string file;    // head's, base's when removed
    std::string change;  // "added", "removed", "modified" (its file), "affected" (its members only)
    Delta members;
    uint64_t joined = 0;  // in head's, not in base's
    uint64_t left = 0;    // in base's, not in head's
};

struct ProgramDiff {
    std::vector<JourneyDiff> journeys;  // by name
    std::vector<SegmentDiff> segments;  // by name; filled by the caller (segment_diff.hpp)
    // Sums over `journeys`.
    Delta entries;
    Delta sent;
    Delta conversions;
    uint64_t diverged = 0;
    std::map<std::string, Delta> sent_by_channel;

    size_t count(JourneyChange change) const;
    // Whether anything differs: a journey added, removed, modified or
    // affected, or a segment's file.
    bool changed() const;
};

// One side: the workspace, the journeys simulated together (with
// SimulationOptions::record_paths) and their results, in the same order.
struct DiffSide {
    const Workspace* workspace = nullptr;
    std::vector<const Journey*> journeys;
    const ProgramResult* program = nullptr;
};

// `selected`: the journey names to report (empty: every journey of either
// side). `examples`: how many diverging profiles to show per journey.
ProgramDiff diff_programs(const DiffSide& base, const DiffSide& head, const std::set<std::string>& selected,
                          size_t examples);

}  // namespace journeyctl::journeys
