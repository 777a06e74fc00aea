// Time zones and the timestamp accessors (getHours("Europe/Paris"), ...).
//
// A zone is, as in CEL's grammar, "UTC", a fixed offset ("+05:30",
// "-08:00"; the sign may be left out, as the CEL conformance tests do with
// "02:00") or an IANA name resolved by howardhinnant date/tz against the
// system's zoneinfo, so DST gaps and overlaps follow the real rules: the
// local time of an instant is the UTC time plus the offset in force then.
//
// date::locate_zone is slow (a lookup in the whole database, and an
// exception for an unknown name) while accessors run once per profile in
// hot loops, so resolved names are cached: one entry per thread for the
// common case of a single zone, behind it a mutex-protected map shared by
// all threads. Unknown names are cached too (as null) so that a typo does
// not cost an exception per profile.
#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <exception>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/expr/time.hpp"
#include "core/expr/time_internal.hpp"

namespace journeyctl::core::expr::time {

namespace {

// A fixed offset "[+-]hh:mm" (hh 00-23, mm 00-59) in seconds east of UTC.
std::optional<int32_t> parse_fixed_offset(std::string_view zone) {
    int sign = 1;
    if (!zone.empty() && (zone.front() == '+' || zone.front() == '-')) {
        sign = zone.front() == '-' ? -1 : 1;
        zone.remove_prefix(1);
    }
    if (zone.size() != 5 || zone[2] != ':') return std::nullopt;
    for (size_t i : {0, 1, 3, 4}) {
        if (zone[i] < '0' || zone[i] > '9') return std::nullopt;
    }
    const int hours = (zone[0] - '0') * 10 + (zone[1] - '0');
    const int minutes = (zone[3] - '0') * 10 + (zone[4] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    return sign * (hours * 3600 + minutes * 60);
}

const date::time_zone* locate_uncached(const std::string& name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        // Unknown name, or no usable zoneinfo at all: either way the user
        // sees "unknown time zone".
        return nullptr;
    }
}

// The IANA zone of that name, or null when the system does not know it.
const date::time_zone* find_iana_zone(std::string_view name) {
    thread_local std::string last_name;
    thread_local const date::time_zone* last_zone = nullptr;
    thread_local bool has_last = false;
    if (has_last && name == last_name) return last_zone;

    // Bounded so that zone names taken from data cannot grow it forever.
    constexpr size_t k_max_cached = 4096;
    static std::mutex mutex;
    static std::unordered_map<std::string, const date::time_zone*> cache;
    std::string key(name);
    const date::time_zone* zone = nullptr;
    {
        std::lock_guard lock(mutex);
        auto it = cache.find(key);
        if (it != cache.end()) {
            zone = it->second;
        } else {
            // Under the lock: date/tz initialises its database on first use.
            zone = locate_uncached(key);
            if (cache.size() < k_max_cached) cache.emplace(key, zone);
        }
    }
    last_name = std::move(key);
    last_zone = zone;
    has_last = true;
    return zone;
}

// The instant to look up in the zoneinfo for `seconds`. The TZif files
// list transitions only up to 2037 and date/tz ignores their POSIX footer
// (the rule for later years), so from 2038 on it would freeze the last
// offset and lose DST. An instant from 2038 on is therefore moved to the
// latest year in 2010..2037 with the same calendar (leap or not, same
// weekday on 1 January): DST rules are stated in months, weekdays and
// local times, so they fall on the same dates and times there.
int64_t lookup_instant(int64_t seconds) {
    constexpr int64_t k_first_unlisted = 2'145'916'800;  // 2038-01-01T00:00:00Z
    if (seconds < k_first_unlisted) return seconds;
    const date::sys_days day{date::days{seconds / 86'400}};
    const date::year year = date::year_month_day{day}.year();
    const date::sys_days new_year{year / date::January / 1};
    const date::weekday new_year_weekday{new_year};
    for (int candidate = 2037; candidate >= 2010; --candidate) {
        const date::year y{candidate};
        const date::sys_days candidate_new_year{y / date::January / 1};
        if (y.is_leap() == year.is_leap() && date::weekday{candidate_new_year} == new_year_weekday) {
            return seconds - (new_year - candidate_new_year).count() * int64_t{86'400};
        }
    }
    return seconds;  // unreachable: 2010..2037 holds all 14 kinds of year
}

// The offset from UTC in force at `seconds` in `zone`, or an error naming
// an unknown zone.
TimeResult<int64_t> offset_at(int64_t seconds, std::string_view zone) {
    if (zone.empty() || zone == "UTC") return int64_t{0};
    if (auto fixed = parse_fixed_offset(zone)) return int64_t{*fixed};
    const date::time_zone* tz = find_iana_zone(zone);
    if (tz == nullptr) return TimeError{"unknown time zone " + detail::quote_for_message(zone)};
    const date::sys_info info = tz->get_info(date::sys_seconds{std::chrono::seconds{lookup_instant(seconds)}});
    return static_cast<int64_t>(info.offset.count());
}

}  // namespace

TimeResult<int64_t> get_field(Timestamp t, Field field, std::string_view zone) {
    const Timestamp utc = detail::timestamp_from_nanos(detail::to_nanos(t));  // nanos in [0, 1e9)
    if (field == Field::Milliseconds) {
        // Offsets are whole seconds, so no zone changes the milliseconds;
        // the zone is still checked so a typo is reported.
        if (!zone.empty() && !is_valid_zone(zone)) {
            return TimeError{"unknown time zone " + detail::quote_for_message(zone)};
        }
        return int64_t{utc.nanos / 1'000'000};
    }
    const TimeResult<int64_t> offset = offset_at(utc.seconds, zone);
    if (const auto* error = std::get_if<TimeError>(&offset)) return *error;
    const int64_t local = utc.seconds + std::get<int64_t>(offset);

    int64_t days = local / 86'400;
    int64_t second_of_day = local % 86'400;
    if (second_of_day < 0) {
        second_of_day += 86'400;
        days -= 1;
    }
    const date::sys_days day{date::days{days}};
    const date::year_month_day ymd{day};
    switch (field) {
        case Field::FullYear: return int64_t{static_cast<int>(ymd.year())};
        case Field::Month: return int64_t{static_cast<unsigned>(ymd.month())} - 1;
        case Field::DayOfMonth: return int64_t{static_cast<unsigned>(ymd.day())} - 1;
        case Field::Date: return int64_t{static_cast<unsigned>(ymd.day())};
        case Field::DayOfWeek: return int64_t{date::weekday{day}.c_encoding()};
        case Field::DayOfYear: return (day - date::sys_days{ymd.year() / date::January / 1}).count();
        case Field::Hours: return second_of_day / 3600;
        case Field::Minutes: return second_of_day / 60 % 60;
        case Field::Seconds: return second_of_day % 60;
        case Field::Milliseconds: break;  // handled above
    }
    return int64_t{utc.nanos / 1'000'000};
}

TimeResult<int64_t> utc_offset(Timestamp t, std::string_view zone) {
    return offset_at(detail::timestamp_from_nanos(detail::to_nanos(t)).seconds, zone);
}

std::optional<int64_t> fixed_zone_offset(std::string_view zone) {
    if (zone.empty() || zone == "UTC") return 0;
    if (auto fixed = parse_fixed_offset(zone)) return int64_t{*fixed};
    return std::nullopt;
}

bool is_valid_zone(std::string_view zone) {
    // Empty is what get_field reads as UTC, so it is valid too.
    if (zone.empty() || zone == "UTC" || parse_fixed_offset(zone)) return true;
    return find_iana_zone(zone) != nullptr;
}

}  // namespace journeyctl::core::expr::time
