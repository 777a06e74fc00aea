// Quiet hours: local clock arithmetic over core/expr/time's zone support.
//
// time.hpp answers "what does the wall clock show at instant t" (through
// get_field, which handles UTC, fixed offsets, IANA zones and the years
// after 2037); the reverse — which instant shows a given wall-clock time —
// is built here on top of it. Real zones change offset at most once in any
// two days, so the offsets one day before and one day after the wanted
// local time give every candidate instant; a candidate is real when the
// wall clock at it shows the wanted time. No candidate means a gap, whose
// end (the transition) is found by bisection between the two candidates.
#include "journeys/policy/quiet_hours.hpp"

#include <date/date.h>

#include <array>
#include <variant>

#include "core/expr/time.hpp"

namespace journeyctl::journeys {

namespace time = core::expr::time;
using core::expr::Timestamp;
using core::expr::Value;

namespace {

constexpr int64_t k_day = 86'400;

int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// The wall clock at `seconds` as seconds since 1970-01-01T00:00 local.
std::optional<int64_t> local_seconds(int64_t seconds, std::string_view zone) {
    constexpr std::array k_fields{time::Field::FullYear, time::Field::Month,   time::Field::Date,
                                  time::Field::Hours,    time::Field::Minutes, time::Field::Seconds};
    std::array<int64_t, k_fields.size()> v{};
    for (size_t i = 0; i < k_fields.size(); ++i) {
        const auto r = time::get_field(Timestamp{seconds, 0}, k_fields[i], zone);
        if (!std::holds_alternative<int64_t>(r)) return std::nullopt;
        v[i] = std::get<int64_t>(r);
    }
    const date::sys_days day{date::year{static_cast<int>(v[0])} / date::month{static_cast<unsigned>(v[1] + 1)} /
                             date::day{static_cast<unsigned>(v[2])}};
    return int64_t{day.time_since_epoch().count()} * k_day + v[3] * 3600 + v[4] * 60 + v[5];
}

std::optional<int64_t> offset_at(int64_t seconds, std::string_view zone) {
    const auto local = local_seconds(seconds, zone);
    if (!local) return std::nullopt;
    return *local - seconds;
}

}  // namespace

ZoneChoice choose_zone(const Value* profile_zone, std::string_view workspace_zone) {
    ZoneChoice out;
    if (profile_zone != nullptr && profile_zone->kind() == Value::Kind::String && !profile_zone->as_string().empty() &&
        time::is_valid_zone(profile_zone->as_string())) {
        out.zone = std::string(profile_zone->as_string());
        return out;
    }
    out.fell_back = true;
    if (profile_zone == nullptr || profile_zone->is_null()) {
        out.why = "no zone";
    } else if (profile_zone->is_error()) {
        out.why = "zone expression failed: " + std::string(profile_zone->as_string());
    } else if (profile_zone->kind() != Value::Kind::String) {
        out.why = "zone is of type " + std::string(profile_zone->type_name()) + ", not a string";
    } else if (profile_zone->as_string().empty()) {
        out.why = "empty zone";
    } else {
        out.why = "unknown zone " + profile_zone->to_cel_literal();
    }
    out.zone = time::is_valid_zone(workspace_zone) ? std::string(workspace_zone) : std::string("UTC");
    return out;
}

std::optional<int64_t> zone_offset(Timestamp t, std::string_view zone) { return offset_at(t.seconds, zone); }

std::optional<Timestamp> resolve_local(int64_t local, std::string_view zone, Timestamp not_before) {
    const auto before = offset_at(local - k_day, zone);
    const auto after = offset_at(local + k_day, zone);
    if (!before || !after) return std::nullopt;
    std::optional<int64_t> first;
    std::optional<int64_t> second;
    for (int64_t offset : {*before, *after}) {
        const int64_t candidate = local - offset;
        if (offset_at(candidate, zone) != offset) continue;
        if (!first) {
            first = candidate;
        } else if (candidate != *first) {
            second = candidate;
        }
    }
    if (first) {
        if (second && *second < *first) std::swap(first, second);
        if (Timestamp{*first, 0} >= not_before || !second) return Timestamp{*first, 0};
        return Timestamp{*second, 0};
    }
    // A gap: the clock jumps from local - something to past `local`. The
    // transition lies in (local - after, local - before]; find the first
    // instant with the later offset.
    int64_t lo = local - *after;
    int64_t hi = local - *before;
    if (lo >= hi) return std::nullopt;  // not a forward jump: no real zone does this
    while (hi - lo > 1) {
        const int64_t mid = lo + (hi - lo) / 2;
        const auto offset = offset_at(mid, zone);
        if (!offset) return std::nullopt;
        if (*offset == *before) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return Timestamp{hi, 0};
}

bool in_quiet_hours(const QuietWindow& window, Timestamp t, std::string_view zone) {
    if (window.empty()) return false;
    const auto local = local_seconds(t.seconds, zone);
    if (!local) return false;
    const int64_t second_of_day = *local - floor_div(*local, k_day) * k_day;
    const int64_t start = int64_t{window.start_minutes} * 60;
    const int64_t end = int64_t{window.end_minutes} * 60;
    if (window.wraps()) return second_of_day >= start || second_of_day < end;
    return second_of_day >= start && second_of_day < end;
}

std::optional<Timestamp> quiet_period_end(const QuietWindow& window, Timestamp t, std::string_view zone) {
    if (!in_quiet_hours(window, t, zone)) return std::nullopt;
    const auto local = local_seconds(t.seconds, zone);
    if (!local) return std::nullopt;
    int64_t day = floor_div(*local, k_day);
    const int64_t second_of_day = *local - day * k_day;
    // In a wrapping window, a time after `start` ends at tomorrow's `end`.
    if (window.wraps() && second_of_day >= int64_t{window.start_minutes} * 60) ++day;
    return resolve_local(day * k_day + int64_t{window.end_minutes} * 60, zone, t);
}

std::string format_clock(int minutes) {
    std::string out(5, '0');
    out[0] = static_cast<char>('0' + minutes / 600);
    out[1] = static_cast<char>('0' + minutes / 60 % 10);
    out[2] = ':';
    out[3] = static_cast<char>('0' + minutes % 60 / 10);
    out[4] = static_cast<char>('0' + minutes % 10);
    return out;
}

}  // namespace journeyctl::journeys
