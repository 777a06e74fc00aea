// Segment membership in a diff (see segment_diff.hpp).
#include "journeys/diff/segment_diff.hpp"

#include <map>

namespace journeyctl::journeys {

namespace {

const std::string* source_of(const Workspace& workspace, const Segment& segment) {
    const auto it = workspace.sources.find(segment.file);
    return it == workspace.sources.end() ? nullptr : &it->second;
}

}  // namespace

std::vector<TouchedSegment> touched_segments(const Workspace& base, const Workspace& head) {
    std::map<std::string, TouchedSegment> by_name;
    for (const Segment& s : base.segments) by_name[s.name.value].base = &s;
    for (const Segment& s : head.segments) by_name[s.name.value].head = &s;
    std::vector<TouchedSegment> out;
    for (auto& [name, touched] : by_name) {
        touched.name = name;
        if (touched.base && touched.head) {
            const std::string* a = source_of(base, *touched.base);
            const std::string* b = source_of(head, *touched.head);
            if (a && b && *a == *b) continue;
        }
        out.push_back(touched);
    }
    return out;
}

SegmentDiff diff_segment(const TouchedSegment& segment, const std::vector<uint8_t>* base_members,
                         const std::vector<uint8_t>* head_members) {
    SegmentDiff out;
    out.name = segment.name;
    out.file = segment.head ? segment.head->file : segment.base->file;
    out.change = !segment.base ? "added" : !segment.head ? "removed" : "modified";
    const size_t rows = std::max(base_members ? base_members->size() : 0, head_members ? head_members->size() : 0);
    for (size_t row = 0; row < rows; ++row) {
        const bool in_base = base_members && row < base_members->size() && (*base_members)[row] != 0;
        const bool in_head = head_members && row < head_members->size() && (*head_members)[row] != 0;
        out.members.base += in_base;
        out.members.head += in_head;
        out.joined += in_head && !in_base;
        out.left += in_base && !in_head;
    }
    return out;
}

}  // namespace journeyctl::journeys
