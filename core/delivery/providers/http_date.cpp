// IMF-fixdate parsing (see http_date.hpp).
#include "core/delivery/providers/http_date.hpp"

#include <array>
#include <charconv>

namespace journeyctl::core::delivery::providers {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil), so no time zone or locale of the C library is involved.
int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t year_of_era = year - era * 400;
    const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

bool read_number(std::string_view text, std::size_t at, std::size_t digits, int& out) {
    if (at + digits > text.size()) return false;
    for (std::size_t i = at; i < at + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    return std::from_chars(text.data() + at, text.data() + at + digits, out).ec == std::errc();
}

}  // namespace

std::optional<int64_t> parse_http_date(std::string_view text) {
    // "Sun, 06 Nov 1994 08:49:37 GMT": every field at a fixed place.
    static constexpr std::array<std::string_view, 7> k_days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr std::array<std::string_view, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
        text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
        return std::nullopt;
    }
    bool known_day = false;
    for (std::string_view day : k_days) known_day = known_day || text.substr(0, 3) == day;
    int month = 0;
    for (std::size_t m = 0; m < k_months.size(); ++m) {
        if (text.substr(8, 3) == k_months[m]) month = static_cast<int>(m) + 1;
    }
    int day = 0;
    int year = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!known_day || month == 0 || !read_number(text, 5, 2, day) || !read_number(text, 12, 4, year) ||
        !read_number(text, 17, 2, hour) || !read_number(text, 20, 2, minute) || !read_number(text, 23, 2, second)) {
        return std::nullopt;
    }
    if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace journeyctl::core::delivery::providers
