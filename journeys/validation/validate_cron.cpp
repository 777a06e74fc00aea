// Validation of entry.schedule: the syntax (journeys/runtime/cron.hpp, shared with
// the simulator's next_occurrence) with the first bad item located in the
// text, and schedules whose days never occur (`0 9 31 2 *`: February has
// no day 31). Loading already checked that there are five fields (or one
// of the macros @hourly, @daily, @midnight, @weekly, @monthly, @yearly,
// @annually, which are always valid). As in Vixie cron, when both day
// fields are restricted a day matches either, so only a schedule whose
// day-of-week field starts with `*` can name impossible days.
#include <array>
#include <bitset>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "journeys/runtime/cron.hpp"
#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

namespace {

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
std::optional<std::string> never_matches(const std::bitset<32>& days, const std::bitset<13>& months) {
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

// Where the day-of-month field (the third) is in the text.
std::pair<std::size_t, std::size_t> day_field_span(std::string_view cron) {
    std::size_t pos = 0;
    for (int field = 0;; ++field) {
        while (pos < cron.size() && (cron[pos] == ' ' || cron[pos] == '\t')) ++pos;
        std::size_t end = pos;
        while (end < cron.size() && cron[end] != ' ' && cron[end] != '\t') ++end;
        if (field == 2 || end >= cron.size()) return {pos, end - pos};
        pos = end;
    }
}

}  // namespace

std::optional<CronProblem> cron_problem(std::string_view cron) {
    if (!cron.empty() && cron[0] == '@') return std::nullopt;  // macros: loading checked the name
    const auto parsed = parse_cron(cron);
    if (const auto* error = std::get_if<CronError>(&parsed))
        return CronProblem{error->offset, error->length, error->message};
    const Cron& schedule = std::get<Cron>(parsed);
    if (schedule.days_star || !schedule.weekdays_star) return std::nullopt;
    if (auto message = never_matches(schedule.days, schedule.months)) {
        const auto [offset, length] = day_field_span(cron);
        return CronProblem{static_cast<uint32_t>(offset), static_cast<uint32_t>(length), *message};
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
