// The clock of `wait` steps (formats.md: `wait: 3d`, `wait: { until:
// "09:00", zone: EXPR }`) and the local-time arithmetic that cron schedules
// share with them.
//
// Local times are counted as "local seconds": seconds since 1970-01-01T00:00
// on the zone's wall clock. Converting one back to an instant follows one
// rule for DST, here and in cron.hpp: a local time names the FIRST instant
// whose wall clock reads it or later. So a time skipped by a DST gap (02:30
// on the night Paris springs forward) is the instant the gap ends (03:00
// local), as Vixie cron runs jobs of the skipped hour right after the
// change; and a time that occurs twice in an overlap (02:30 on the night
// Paris falls back) is its first occurrence only, so it happens once.
// Zones are those of core/expr/time.hpp: "" or "UTC", a fixed offset
// ("+05:30") or an IANA name, with the same DST data.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/expr/time.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::journeys {

using core::expr::Duration;
using core::expr::Timestamp;
using core::expr::time::TimeError;
using core::expr::time::TimeResult;

inline constexpr int64_t k_seconds_per_day = 86'400;

// The wall clock of `t` in `zone`, in local seconds (fraction dropped); an
// unknown zone is an error naming it.
TimeResult<int64_t> local_seconds(Timestamp t, std::string_view zone);

// The first instant whose wall clock in `zone` reads `local` or later:
// the instant itself for an ordinary time, the earlier one in an overlap,
// the end of the gap for a time that a gap skips.
TimeResult<Timestamp> first_instant_at_local(int64_t local, std::string_view zone);

// `wait: 3d`: arrival + d ("timestamp overflow" past year 9999).
TimeResult<Timestamp> wait_duration(Timestamp arrival, Duration d);

// `wait: { until: "HH:MM", zone }`: the first instant at or after `arrival`
// at which the zone's clock reads that time of day (minutes after
// midnight, 0..1439): `arrival` itself when it is exactly then, otherwise
// today's HH:MM if still ahead, else tomorrow's, with the DST rule above.
TimeResult<Timestamp> wait_until_time_of_day(Timestamp arrival, int minutes_after_midnight,
                                             std::string_view zone);

}  // namespace journeyctl::journeys
