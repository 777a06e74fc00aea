// Local time through core/expr/time's accessors, so that waits, cron and
// expressions such as now.getHours("Europe/Paris") agree on every zone
// (including core's treatment of dates after 2037). An offset is read as
// the wall clock minus UTC; a local time is turned into an instant by
// trying the offsets in force a day before and a day after it, which is
// exact as long as a zone does not change its offset twice within two days.
#include "journeys/runtime/wait_clock.hpp"

#include <date/date.h>

#include <algorithm>
#include <variant>

namespace journeyctl::journeys {

namespace time = core::expr::time;

namespace {

// The zone's offset from UTC at `seconds`, in seconds.
TimeResult<int64_t> offset_at(int64_t seconds, std::string_view zone) {
    auto local = local_seconds(Timestamp{seconds, 0}, zone);
    if (auto* error = std::get_if<TimeError>(&local)) return *error;
    return std::get<int64_t>(local) - seconds;
}

}  // namespace

TimeResult<int64_t> local_seconds(Timestamp t, std::string_view zone) {
    // One zone lookup: the wall clock is the instant plus the offset in force.
    auto offset = time::utc_offset(t, zone);
    if (auto* error = std::get_if<TimeError>(&offset)) return *error;
    return t.seconds + std::get<int64_t>(offset);
}

TimeResult<Timestamp> first_instant_at_local(int64_t local, std::string_view zone) {
    auto before = offset_at(local - k_seconds_per_day, zone);
    if (auto* error = std::get_if<TimeError>(&before)) return *error;
    auto after = offset_at(local + k_seconds_per_day, zone);
    if (auto* error = std::get_if<TimeError>(&after)) return *error;
    const int64_t offset_before = std::get<int64_t>(before);
    const int64_t offset_after = std::get<int64_t>(after);

    // A candidate is right when the offset in force at it is the one it
    // was computed with.
    const int64_t candidates[2] = {local - offset_before, local - offset_after};
    const int64_t offsets[2] = {offset_before, offset_after};
    bool found = false;
    int64_t best = 0;
    for (int i = 0; i < 2; ++i) {
        auto actual = offset_at(candidates[i], zone);
        if (auto* error = std::get_if<TimeError>(&actual)) return *error;
        if (std::get<int64_t>(actual) != offsets[i]) continue;
        best = found ? std::min(best, candidates[i]) : candidates[i];
        found = true;
    }
    if (found) return Timestamp{best, 0};

    // A gap: the wall clock jumps over `local` between the candidates;
    // find the first second at which it reads `local` or later.
    int64_t low = std::min(candidates[0], candidates[1]);
    int64_t high = std::max(candidates[0], candidates[1]);
    while (low < high) {
        const int64_t middle = low + (high - low) / 2;
        auto wall = local_seconds(Timestamp{middle, 0}, zone);
        if (auto* error = std::get_if<TimeError>(&wall)) return *error;
        if (std::get<int64_t>(wall) >= local) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    return Timestamp{low, 0};
}

TimeResult<Timestamp> wait_duration(Timestamp arrival, Duration d) { return time::add(arrival, d); }

TimeResult<Timestamp> wait_until_time_of_day(Timestamp arrival, int minutes_after_midnight,
                                             std::string_view zone) {
    auto wall = local_seconds(arrival, zone);
    if (auto* error = std::get_if<TimeError>(&wall)) return *error;
    const int64_t arrival_local = std::get<int64_t>(wall);
    int64_t day = arrival_local / k_seconds_per_day;
    if (arrival_local % k_seconds_per_day < 0) --day;
    // From the day before: around a gap at midnight the previous local
    // day's time can name the arrival instant itself.
    for (int64_t d = day - 1; d <= day + 2; ++d) {
        auto instant = first_instant_at_local(d * k_seconds_per_day + int64_t{minutes_after_midnight} * 60, zone);
        if (auto* error = std::get_if<TimeError>(&instant)) return *error;
        if (std::get<Timestamp>(instant) >= arrival) return instant;
    }
    return TimeError{"no such local time within two days"};  // unreachable: every day has its HH:MM or a gap end
}

}  // namespace journeyctl::journeys
