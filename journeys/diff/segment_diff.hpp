// Segment membership in a diff: for each segment whose file differs
// between base and head (added, removed or modified), who is in it at the
// window's start on each side, over the same data. A segment that only
// names a changed one through inSegment() is not listed: its file is the
// same, and the journeys that enter from it show the change.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "journeys/diff/program_diff.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

// The segments of either side whose file text differs (or that one side
// lacks), by name.
struct TouchedSegment {
    std::string name;
    const Segment* base = nullptr;  // null: added
    const Segment* head = nullptr;  // null: removed
};
std::vector<TouchedSegment> touched_segments(const Workspace& base, const Workspace& head);

// Whether both sides have the same segment files, in the same order, with
// the same text: then their segment engines number and compute the
// segments alike, and entry memberships over the same data can be shared.
bool same_segments(const Workspace& base, const Workspace& head);

// `base_members` and `head_members`: the profile keys in the segment on
// each side, sorted (the sides may read different data: diff --data
// base), null on the side that lacks the segment.
SegmentDiff diff_segment(const TouchedSegment& segment, const std::vector<std::string>* base_members,
                         const std::vector<std::string>* head_members);

}  // namespace journeyctl::journeys
