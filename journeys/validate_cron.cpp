// The syntax of entry.schedule: five cron fields (minute hour day-of-month
// month day-of-week) as Vixie cron reads them. Each field is a list of
// items separated by commas; an item is `*`, a value or a range `a-b`,
// optionally followed by a step `/n` (n >= 1). Months may be written
// JAN..DEC and weekdays SUN..SAT (any case); weekday 7 is Sunday, as 0,
// and so is SUN at the end of a range (MON-SUN).
// Loading already checked that there are five fields (or an @daily-style
// macro); this checks each field and reports the first bad item.
#include <algorithm>
#include <array>
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

}  // namespace

std::optional<CronProblem> cron_problem(std::string_view cron) {
    if (!cron.empty() && cron[0] == '@') return std::nullopt;  // macros: loading checked the name
    std::size_t pos = 0, field = 0;
    while (pos < cron.size() && field < std::size(k_fields)) {
        while (pos < cron.size() && (cron[pos] == ' ' || cron[pos] == '\t')) ++pos;
        if (pos >= cron.size()) break;
        std::size_t end = pos;
        while (end < cron.size() && cron[end] != ' ' && cron[end] != '\t') ++end;
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
