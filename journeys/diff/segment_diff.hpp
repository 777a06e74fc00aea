// Segment membership in a diff: for each segment whose file differs
// between base and head (added, removed or modified) or whose members do
// (affected: it names a changed one through inSegment(), or the sides
// read different data), who is in it at the window's start on each side.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "journeys/diff/program_diff.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

// Every segment of either side, by name, and whether its own file text
// differs (or one side lacks it).
struct TouchedSegment {
    std::string name;
    const Segment* base = nullptr;  // null: added
    const Segment* head = nullptr;  // null: removed
    bool file_changed = false;
};
std::vector<TouchedSegment> touched_segments(const Workspace& base, const Workspace& head);

// Whether both sides have the same segment files, in the same order, with
// the same text: then their segment engines number and compute the
// segments alike, and entry memberships over the same data can be shared.
bool same_segments(const Workspace& base, const Workspace& head);

// `base_members` and `head_members`: the profile keys in the segment on
// each side, sorted (the sides may read different data: diff --data
// base), null on the side that lacks the segment. Whether to report it
// is the caller's: a segment whose file and members are the same is
// not a change.
SegmentDiff diff_segment(const TouchedSegment& segment, const std::vector<std::string>* base_members,
                         const std::vector<std::string>* head_members);

}  // namespace journeyctl::journeys
