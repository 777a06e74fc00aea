// Quiet hours (policies.quiet_hours): local clock times [start, end) in
// the profile's zone during which no message goes out.
//
// Decided here:
//   - the window is half-open: a message at exactly `end` goes out, one at
//     exactly `start` is held;
//   - start > end wraps midnight (21:00–08:00 is 21:00..23:59 and
//     00:00..07:59); start == end is an empty window, no quiet hours at all
//     (not "all day": a rule that blocks every message is better written as
//     a consent rule);
//   - "local time" is the wall clock of the zone at the instant, so on the
//     night clocks go back the repeated hour is judged by what the clock
//     shows each time;
//   - the quiet period ends at the next local `end` after the instant. When
//     that local time does not exist (it falls in a spring-forward gap) the
//     period ends at the first instant after the gap; when it exists twice
//     (fall-back overlap) at the first occurrence that is not before the
//     instant — normally the first one;
//   - zones: the profile's zone expression value when it is a string naming
//     a known IANA zone or fixed offset ("+05:30"); otherwise (absent,
//     null, an error, empty, not a string, unknown) the workspace zone, and
//     the decision says so, so that runs count the fallbacks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/expr/value.hpp"
#include "core/workspace/model.hpp"

namespace journeyctl::journeys {

struct QuietWindow {
    int start_minutes = 0;  // after local midnight, 0..1439
    int end_minutes = 0;
    bool empty() const { return start_minutes == end_minutes; }
    bool wraps() const { return start_minutes > end_minutes; }
    static QuietWindow from_config(const core::workspace::QuietHours& quiet) {
        return QuietWindow{quiet.start_minutes, quiet.end_minutes};
    }
};

// The zone a profile's quiet hours are judged in.
struct ZoneChoice {
    std::string zone;
    bool fell_back = false;  // the profile's value was absent or invalid
    std::string why;         // when fell_back: "no zone", "unknown zone \"Mars/Base\"", ...
};
// `profile_zone` is the zone expression's value, or null when there is no
// zone expression or it was not evaluated. An invalid workspace zone (which
// validation rejects) degrades to UTC.
ZoneChoice choose_zone(const core::expr::Value* profile_zone, std::string_view workspace_zone);

// The zone's offset from UTC at `t` in seconds east, or nullopt for an
// unknown zone.
std::optional<int64_t> zone_offset(core::expr::Timestamp t, std::string_view zone);

// The instant at which the zone's wall clock shows `local` (seconds since
// 1970-01-01T00:00 local), with the gap and overlap rules above: in a gap
// the first instant after it; in an overlap the first occurrence not
// before `not_before`, else the last.
std::optional<core::expr::Timestamp> resolve_local(int64_t local, std::string_view zone,
                                                   core::expr::Timestamp not_before);

bool in_quiet_hours(const QuietWindow& window, core::expr::Timestamp t, std::string_view zone);
// When the quiet period holding `t` ends (an instant after t), or nullopt
// when t is not in quiet hours.
std::optional<core::expr::Timestamp> quiet_period_end(const QuietWindow& window, core::expr::Timestamp t,
                                                      std::string_view zone);

// "21:00" for 1260.
std::string format_clock(int minutes);

}  // namespace journeyctl::journeys
