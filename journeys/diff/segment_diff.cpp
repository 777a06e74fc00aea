// Segment membership in a diff (see segment_diff.hpp).
#include "journeys/diff/segment_diff.hpp"

#include <map>
#include <string>

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
        touched.file_changed = true;
        if (touched.base && touched.head) {
            const std::string* a = source_of(base, *touched.base);
            const std::string* b = source_of(head, *touched.head);
            touched.file_changed = !a || !b || *a != *b;
        }
        out.push_back(touched);
    }
    return out;
}

bool same_segments(const Workspace& base, const Workspace& head) {
    if (base.segments.size() != head.segments.size()) return false;
    for (size_t i = 0; i < base.segments.size(); ++i) {
        const Segment& a = base.segments[i];
        const Segment& b = head.segments[i];
        if (a.file != b.file || a.name.value != b.name.value) return false;
        const std::string* a_text = source_of(base, a);
        const std::string* b_text = source_of(head, b);
        if (!a_text || !b_text || *a_text != *b_text) return false;
    }
    return true;
}

SegmentDiff diff_segment(const TouchedSegment& segment, const std::vector<std::string>* base_members,
                         const std::vector<std::string>* head_members) {
    SegmentDiff out;
    out.name = segment.name;
    out.file = segment.head ? segment.head->file : segment.base->file;
    out.change = !segment.base ? "added" : !segment.head ? "removed" : segment.file_changed ? "modified" : "affected";
    static const std::vector<std::string> k_none;
    const std::vector<std::string>& a = base_members ? *base_members : k_none;
    const std::vector<std::string>& b = head_members ? *head_members : k_none;
    out.members = {static_cast<int64_t>(a.size()), static_cast<int64_t>(b.size())};
    // Both sorted: one merge pass counts who is on one side only.
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i] < b[j])) {
            ++out.left, ++i;
        } else if (i == a.size() || b[j] < a[i]) {
            ++out.joined, ++j;
        } else {
            ++i, ++j;
        }
    }
    return out;
}

}  // namespace journeyctl::journeys
