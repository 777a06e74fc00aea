// Cell conversions (see convert.hpp).
#include "core/data/convert.hpp"

#include <charconv>
#include <cmath>
#include <variant>

#include "core/expr/time.hpp"

namespace journeyctl::core::data {

namespace {

constexpr int64_t k_min_seconds = -62'135'596'800;  // 0001-01-01T00:00:00Z
constexpr int64_t k_max_seconds = 253'402'300'799;  // 9999-12-31T23:59:59Z

bool digit(char c) {
    return c >= '0' && c <= '9';
}

int two(const char* p) {
    return (p[0] - '0') * 10 + (p[1] - '0');
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

unsigned days_in_month(int year, unsigned month) {
    static constexpr unsigned k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : k_days[month - 1];
}

// YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z; false for anything else (the slow path
// decides those).
bool fast_utc_timestamp(std::string_view t, expr::Timestamp& out) {
    if (t.size() < 20 || t.size() > 30 || (t.back() != 'Z' && t.back() != 'z')) return false;
    const char* p = t.data();
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
        if (!digit(p[i])) return false;
    }
    if (p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != 't') || p[13] != ':' || p[16] != ':') return false;
    const int year = two(p) * 100 + two(p + 2);
    const int month = two(p + 5), day = two(p + 8), hour = two(p + 11), minute = two(p + 14), second = two(p + 17);
    if (year == 0 || month < 1 || month > 12 || day < 1 || day > static_cast<int>(days_in_month(year, month)) ||
        hour > 23 || minute > 59 || second > 59) {
        return false;
    }
    int32_t nanos = 0;
    if (t.size() > 20) {
        if (p[19] != '.' || t.size() == 21) return false;
        int32_t scale = 100'000'000;
        for (std::size_t i = 20; i + 1 < t.size(); ++i) {
            if (!digit(p[i])) return false;
            nanos += (p[i] - '0') * scale;
            scale /= 10;
        }
    }
    out.seconds = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                  hour * 3600 + minute * 60 + second;
    out.nanos = nanos;
    return true;
}

}  // namespace

bool parse_int_cell(std::string_view text, int64_t& out) {
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parse_double_cell(std::string_view text, double& out) {
    if (!text.empty() && text[0] == '+') text.remove_prefix(1);
    if (text.empty() || !(digit(text[0]) || text[0] == '-' || text[0] == '.')) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parse_bool_cell(std::string_view text, bool& out) {
    auto equals = [text](std::string_view word) {
        if (text.size() != word.size()) return false;
        for (std::size_t i = 0; i < word.size(); ++i) {
            if ((text[i] | 0x20) != word[i]) return false;
        }
        return true;
    };
    if (equals("true")) {
        out = true;
        return true;
    }
    if (equals("false")) {
        out = false;
        return true;
    }
    return false;
}

bool parse_timestamp_cell(std::string_view text, expr::Timestamp& out) {
    if (fast_utc_timestamp(text, out)) return true;
    if (text.size() < 20 || !digit(text[0])) return false;
    auto parsed = expr::time::parse_timestamp(text);
    if (auto* t = std::get_if<expr::Timestamp>(&parsed)) {
        out = *t;
        return true;
    }
    return false;
}

bool parse_epoch_cell(std::string_view text, expr::Timestamp& out) {
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    int64_t seconds = 0;
    if (whole.empty() || whole == "-") return false;
    const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
    if (ec != std::errc() || end != whole.data() + whole.size()) return false;
    int32_t nanos = 0;
    if (dot != std::string_view::npos) {
        const std::string_view fraction = text.substr(dot + 1);
        if (fraction.empty() || fraction.size() > 9) return false;
        int32_t scale = 100'000'000;
        for (char c : fraction) {
            if (!digit(c)) return false;
            nanos += (c - '0') * scale;
            scale /= 10;
        }
        if (whole[0] == '-' && nanos != 0) {
            seconds -= 1;
            nanos = 1'000'000'000 - nanos;
        }
    }
    if (seconds < k_min_seconds || seconds > k_max_seconds) return false;
    out = {seconds, nanos};
    return true;
}

bool epoch_from_double(double seconds, expr::Timestamp& out) {
    if (!std::isfinite(seconds) || seconds < static_cast<double>(k_min_seconds) ||
        seconds > static_cast<double>(k_max_seconds)) {
        return false;
    }
    const double whole = std::floor(seconds);
    out.seconds = static_cast<int64_t>(whole);
    out.nanos = static_cast<int32_t>(std::llround((seconds - whole) * 1e9));
    if (out.nanos >= 1'000'000'000) {
        out.seconds += 1;
        out.nanos -= 1'000'000'000;
    }
    return true;
}

}  // namespace journeyctl::core::data
