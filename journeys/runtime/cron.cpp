// Parsing of cron schedules (the rules are in cron.hpp) and the search for
// the next time: day by day on the zone's wall clock, then hour by hour
// and minute by minute within a day that matches, each local time turned
// into an instant by wait_clock's first_instant_at_local.
#include "journeys/runtime/cron.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace journeyctl::journeys {

namespace {

struct FieldSpec {
    std::string_view name;
    int min;
    int max;
    const std::array<std::string_view, 12>* names;  // names[i] is min + i
    int name_count;
};

constexpr std::array<std::string_view, 12> k_months = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 12> k_weekdays = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr FieldSpec k_fields[] = {
    {"minute", 0, 59, nullptr, 0},     {"hour", 0, 23, nullptr, 0},       {"day of month", 1, 31, nullptr, 0},
    {"month", 1, 12, &k_months, 12},   {"day of week", 0, 7, &k_weekdays, 7},
};
constexpr std::size_t k_field_count = std::size(k_fields);

constexpr std::pair<std::string_view, std::string_view> k_macros[] = {
    {"@hourly", "0 * * * *"},  {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"}, {"@weekly", "0 0 * * 0"},
    {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"},
};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
    }
    return true;
}

std::optional<int> parse_number(std::string_view text) {
    int n = 0;
    if (text.empty() || text.size() > 4) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

std::string range_text(const FieldSpec& spec) {
    std::string out = std::to_string(spec.min) + "-" + std::to_string(spec.max);
    if (spec.names) {
        out += " or " + std::string((*spec.names)[0]) + "-" +
               std::string((*spec.names)[static_cast<std::size_t>(spec.name_count - 1)]);
    }
    return out;
}

// A value or a name; the problem's message otherwise.
std::variant<int, std::string> parse_value(const FieldSpec& spec, std::string_view text) {
    if (auto n = parse_number(text)) {
        if (*n < spec.min || *n > spec.max)
            return std::string(spec.name) + " " + std::string(text) + " is out of range (" + range_text(spec) + ")";
        return *n;
    }
    if (spec.names) {
        for (int i = 0; i < spec.name_count; ++i) {
            if (iequals(text, (*spec.names)[static_cast<std::size_t>(i)])) return spec.min + i;
        }
    }
    return "'" + std::string(text) + "' is not a " + std::string(spec.name) + " (" + range_text(spec) + ")";
}

// Sets the values one item selects into `out`; the problem's message
// otherwise.
std::optional<std::string> parse_item(const FieldSpec& spec, std::string_view item, std::bitset<64>& out) {
    if (item.empty()) return "an empty item in the " + std::string(spec.name) + " field";
    std::string_view base = item;
    int step = 1;
    bool stepped = false;
    if (const auto slash = item.find('/'); slash != std::string_view::npos) {
        base = item.substr(0, slash);
        const auto parsed = parse_number(item.substr(slash + 1));
        if (!parsed || *parsed < 1)
            return "the step '" + std::string(item.substr(slash + 1)) + "' of the " + std::string(spec.name) +
                   " field must be a whole number of at least 1";
        step = *parsed;
        stepped = true;
    }
    int from = spec.min, to = spec.max;
    if (base != "*") {
        const auto dash = base.find('-');
        auto first = parse_value(spec, base.substr(0, dash));
        if (auto* message = std::get_if<std::string>(&first)) return *message;
        from = std::get<int>(first);
        if (dash != std::string_view::npos) {
            auto last = parse_value(spec, base.substr(dash + 1));
            if (auto* message = std::get_if<std::string>(&last)) return *message;
            to = std::get<int>(last);
            // MON-SUN: as the end of a range, Sunday is the week's last day (7).
            if (to == 0 && from > 0 && spec.names == &k_weekdays && iequals(base.substr(dash + 1), "SUN")) to = 7;
            if (from > to)
                return "the " + std::string(spec.name) + " range '" + std::string(base) + "' runs backwards";
        } else if (!stepped) {
            to = from;
        }
    }
    for (int v = from; v <= to; v += step) out.set(static_cast<std::size_t>(v));
    return std::nullopt;
}

template <std::size_t N>
std::bitset<N> narrow(const std::bitset<64>& values) {
    std::bitset<N> out;
    for (std::size_t i = 0; i < N; ++i) out[i] = values[i];
    return out;
}

}  // namespace

bool Cron::matches_day(unsigned month, unsigned day, unsigned weekday) const {
    if (!months.test(month)) return false;
    const bool day_ok = days.test(day);
    const bool weekday_ok = weekdays.test(weekday % 7);
    return days_star || weekdays_star ? day_ok && weekday_ok : day_ok || weekday_ok;
}

std::variant<Cron, CronError> parse_cron(std::string_view text) {
    if (!text.empty() && text[0] == '@') {
        for (const auto& [name, fields] : k_macros) {
            if (text == name) return parse_cron(fields);
        }
        return CronError{0, static_cast<uint32_t>(text.size()),
                         "'" + std::string(text) +
                             "' is not a cron macro (@hourly, @daily, @midnight, @weekly, @monthly, @yearly, "
                             "@annually)"};
    }
    std::array<std::bitset<64>, k_field_count> values{};
    std::array<bool, k_field_count> stars{};
    std::size_t pos = 0, field = 0;
    bool extra = false;
    while (pos < text.size()) {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
        if (pos >= text.size()) break;
        if (field == k_field_count) {
            extra = true;
            break;
        }
        std::size_t end = pos;
        while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
        stars[field] = text[pos] == '*';
        std::size_t item_start = pos;
        for (std::size_t i = pos; i <= end; ++i) {
            if (i < end && text[i] != ',') continue;
            const std::string_view item = text.substr(item_start, i - item_start);
            if (auto message = parse_item(k_fields[field], item, values[field])) {
                const auto length = static_cast<uint32_t>(std::max<std::size_t>(item.size(), 1));
                return CronError{static_cast<uint32_t>(item_start), length, *message};
            }
            item_start = i + 1;
        }
        pos = end;
        ++field;
    }
    if (field < k_field_count || extra)
        return CronError{0, static_cast<uint32_t>(std::max<std::size_t>(text.size(), 1)),
                         "a cron schedule has five fields: minute hour day-of-month month day-of-week"};
    Cron cron;
    cron.minutes = narrow<60>(values[0]);
    cron.hours = narrow<24>(values[1]);
    cron.days = narrow<32>(values[2]);
    cron.months = narrow<13>(values[3]);
    cron.weekdays = narrow<7>(values[4]);
    if (values[4].test(7)) cron.weekdays.set(0);
    cron.days_star = stars[2];
    cron.weekdays_star = stars[4];
    return cron;
}

TimeResult<Timestamp> next_occurrence(const Cron& cron, Timestamp after, std::string_view zone) {
    auto wall = local_seconds(after, zone);
    if (auto* error = std::get_if<TimeError>(&wall)) return *error;
    const int64_t after_local = std::get<int64_t>(wall);
    int64_t first_day = after_local / k_seconds_per_day;
    if (after_local % k_seconds_per_day < 0) --first_day;
    // 2096-02-29 to 2104-02-29 is the longest wait of a valid schedule.
    constexpr int64_t k_days_searched = 12 * 366;
    // 9999-12-31, the last day of CEL's range.
    const int64_t last_day = date::sys_days{date::year{9999} / date::December / 31}.time_since_epoch().count();
    for (int64_t day = first_day; day <= first_day + k_days_searched; ++day) {
        if (day > last_day) return TimeError{"the schedule has no time before year 10000"};
        const date::sys_days sys_day{date::days{day}};
        const date::year_month_day ymd{sys_day};
        if (!cron.matches_day(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                              date::weekday{sys_day}.c_encoding()))
            continue;
        for (int hour = 0; hour < 24; ++hour) {
            if (!cron.hours.test(static_cast<std::size_t>(hour))) continue;
            for (int minute = 0; minute < 60; ++minute) {
                if (!cron.minutes.test(static_cast<std::size_t>(minute))) continue;
                const int64_t local = day * k_seconds_per_day + hour * 3600 + minute * 60;
                // A wall-clock time not after `after`'s names an instant
                // not after it (the first instant reading it or later).
                if (local <= after_local) continue;
                auto instant = first_instant_at_local(local, zone);
                if (auto* error = std::get_if<TimeError>(&instant)) return *error;
                if (std::get<Timestamp>(instant) > after) return instant;
            }
        }
    }
    return TimeError{"the schedule has no time in the twelve years after " +
                     core::expr::time::format_timestamp(after)};
}

}  // namespace journeyctl::journeys
