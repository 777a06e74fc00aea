// The syntax of entry.schedule: five cron fields (minute hour day-of-month
// month day-of-week) as Vixie cron reads them. Each field is a list of
// items separated by commas; an item is `*`, a value or a range `a-b`,
// optionally followed by a step `/n` (n >= 1). Months may be written
// JAN..DEC and weekdays SUN..SAT (any case); weekday 7 is Sunday, as 0,
// and so is SUN at the end of a range (MON-SUN).
// Loading already checked that there are five fields (or one of the macros
// @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually, which
// are always valid); this checks each field and reports the first bad
// item. A schedule whose days never occur (`0 9 31 2 *`: February has no
// day 31) is an error too. As in Vixie cron, when both day fields are
// restricted a day matches either, so only a schedule whose day-of-week
// field starts with `*` can name impossible days.
#include <algorithm>
#include <array>
#include <bitset>
#include <charconv>
#include <cctype>
#include <variant>

#include "journeys/validate_internal.hpp"

namespace journeyctl::journeys::validation {

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

std::optional<std::string> item_problem(const FieldSpec& spec, std::string_view item) {
    if (item.empty()) return "an empty item in the " + std::string(spec.name) + " field";
    std::string_view base = item;
    if (const auto slash = item.find('/'); slash != std::string_view::npos) {
        base = item.substr(0, slash);
        const auto step = parse_number(item.substr(slash + 1));
        if (!step || *step < 1)
            return "the step '" + std::string(item.substr(slash + 1)) + "' of the " + std::string(spec.name) +
                   " field must be a whole number of at least 1";
    }
    if (base == "*") return std::nullopt;
    const auto dash = base.find('-');
    if (dash == std::string_view::npos) {
        auto v = parse_value(spec, base);
        if (auto* message = std::get_if<std::string>(&v)) return *message;
        return std::nullopt;
    }
    auto from = parse_value(spec, base.substr(0, dash));
    if (auto* message = std::get_if<std::string>(&from)) return *message;
    auto to = parse_value(spec, base.substr(dash + 1));
    if (auto* message = std::get_if<std::string>(&to)) return *message;
    // MON-SUN: as the end of a range, Sunday is the week's last day (7).
    const bool sunday_name = spec.names == &k_weekdays && iequals(base.substr(dash + 1), "SUN");
    const int last = sunday_name ? 7 : std::get<int>(to);
    if (std::get<int>(from) > last)
        return "the " + std::string(spec.name) + " range '" + std::string(base) + "' runs backwards";
    return std::nullopt;
}

// The values a valid field selects; `a/n` runs from a to the field's end.
std::bitset<64> field_values(const FieldSpec& spec, std::string_view field) {
    std::bitset<64> out;
    std::size_t item_start = 0;
    for (std::size_t i = 0; i <= field.size(); ++i) {
        if (i < field.size() && field[i] != ',') continue;
        std::string_view base = field.substr(item_start, i - item_start);
        item_start = i + 1;
        int step = 1;
        bool stepped = false;
        if (const auto slash = base.find('/'); slash != std::string_view::npos) {
            step = parse_number(base.substr(slash + 1)).value_or(1);
            stepped = true;
            base = base.substr(0, slash);
        }
        int from = spec.min, to = spec.max;
        if (base != "*") {
            const auto dash = base.find('-');
            const auto first = parse_value(spec, base.substr(0, dash));
            from = std::holds_alternative<int>(first) ? std::get<int>(first) : spec.min;
            if (dash != std::string_view::npos) {
                const auto last = parse_value(spec, base.substr(dash + 1));
                to = std::holds_alternative<int>(last) ? std::get<int>(last) : spec.max;
            } else if (!stepped) {
                to = from;
            }
        }
        for (int v = from; v <= to; v += std::max(step, 1)) out.set(static_cast<std::size_t>(v));
    }
    return out;
}

constexpr std::array<std::string_view, 12> k_month_names = {"January", "February", "March",     "April",
                                                            "May",     "June",     "July",      "August",
                                                            "September", "October", "November", "December"};
// The longest each month gets (February: in leap years).
constexpr std::array<int, 12> k_month_days = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

std::string join_words(const std::vector<std::string>& words, std::string_view last) {
    std::string out;
    for (std::size_t k = 0; k < words.size(); ++k) {
        if (k) out += k + 1 == words.size() ? std::string(last) : ", ";
        out += words[k];
    }
    return out;
}

// "never matches: February has no day 31", when no selected day of month
// exists in any selected month.
std::optional<std::string> never_matches(const std::bitset<64>& days, const std::bitset<64>& months) {
    std::vector<std::string> month_names, day_names;
    for (int m = 1; m <= 12; ++m) {
        if (!months.test(static_cast<std::size_t>(m))) continue;
        for (int d = 1; d <= k_month_days[static_cast<std::size_t>(m - 1)]; ++d) {
            if (days.test(static_cast<std::size_t>(d))) return std::nullopt;
        }
        month_names.emplace_back(k_month_names[static_cast<std::size_t>(m - 1)]);
    }
    for (int d = 1; d <= 31; ++d) {
        if (days.test(static_cast<std::size_t>(d))) day_names.push_back(std::to_string(d));
    }
    if (month_names.empty() || day_names.empty()) return std::nullopt;
    return "never matches: " + join_words(month_names, " and ") + (month_names.size() == 1 ? " has" : " have") +
           " no day " + join_words(day_names, " or ");
}

}  // namespace

std::optional<CronProblem> cron_problem(std::string_view cron) {
    if (!cron.empty() && cron[0] == '@') return std::nullopt;  // macros: loading checked the name
    std::size_t pos = 0, field = 0;
    std::array<std::string_view, 5> texts{};
    std::array<std::size_t, 5> offsets{};
    while (pos < cron.size() && field < std::size(k_fields)) {
        while (pos < cron.size() && (cron[pos] == ' ' || cron[pos] == '\t')) ++pos;
        if (pos >= cron.size()) break;
        std::size_t end = pos;
        while (end < cron.size() && cron[end] != ' ' && cron[end] != '\t') ++end;
        texts[field] = cron.substr(pos, end - pos);
        offsets[field] = pos;
        std::size_t item_start = pos;
        for (std::size_t i = pos; i <= end; ++i) {
            if (i < end && cron[i] != ',') continue;
            const std::string_view item = cron.substr(item_start, i - item_start);
            if (auto message = item_problem(k_fields[field], item)) {
                const auto length = static_cast<uint32_t>(std::max<std::size_t>(item.size(), 1));
                return CronProblem{static_cast<uint32_t>(item_start), length, *message};
            }
            item_start = i + 1;
        }
        pos = end;
        ++field;
    }
    if (field < std::size(k_fields))
        return CronProblem{0, static_cast<uint32_t>(std::max<std::size_t>(cron.size(), 1)),
                           "a cron schedule has five fields: minute hour day-of-month month day-of-week"};
    if (texts[2].starts_with('*') || !texts[4].starts_with('*')) return std::nullopt;
    if (auto message = never_matches(field_values(k_fields[2], texts[2]), field_values(k_fields[3], texts[3]))) {
        return CronProblem{static_cast<uint32_t>(offsets[2]), static_cast<uint32_t>(texts[2].size()), *message};
    }
    return std::nullopt;
}

void validate_schedule(Context& cx, const Journey& journey) {
    if (!journey.entry.schedule || journey.entry.schedule->empty()) return;
    const Text& schedule = *journey.entry.schedule;
    if (auto problem = cron_problem(schedule.value)) {
        cx.report_inside(journey.file, schedule, problem->offset, problem->length, "bad-cron",
                         "schedule " + in_quotes(schedule.value) + ": " + problem->message);
    }
}

}  // namespace journeyctl::journeys::validation
