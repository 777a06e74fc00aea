// The scope of a journey's expressions at run time, shared by the
// simulator (dry-run) and, later, the runtime (run): branch conditions,
// waits, updates, the triggered entry's `where`, templates, channel `to`
// and consent rules all compile against one Environment, the one
// validation checks them in (validate_scope.cpp):
//
//   now      timestamp: the virtual clock's instant
//   profile  the data's profile record (fields that `update` sets included)
//   events   the profile's events up to `now`, oldest first
//   event    the entering (triggered) or awaited (wait_for) event
//   journey  {id, entered_at, step}
//   inSegment("name") -> bool, answered by the activation's host
//
// inSegment reaches the current profile through Activation::host(), which
// must point at a SegmentOracle while such an expression is evaluated.
#pragma once

#include <string_view>

#include "core/expr/expression.hpp"
#include "core/segment/engine.hpp"

namespace journeyctl::journeys {

class SegmentOracle {
public:
    virtual ~SegmentOracle() = default;
    // Whether the current profile is in the segment at the current instant
    // (false for a segment that fails), or an error for an unknown segment.
    virtual core::expr::Value in_segment(std::string_view name) const = 0;
};

struct JourneySlots {
    int now = -1;
    int profile = -1;
    int events = -1;
    int event = -1;
    int journey = -1;
};

// The environment, with profile and events typed as the segment engine
// types them (so a journey accepts exactly the fields segments accept).
core::expr::Environment journey_environment(const core::segment::Engine& segments);
JourneySlots journey_slots(const core::expr::Environment& environment);

}  // namespace journeyctl::journeys
