// The --fail-on rules (see fail_on.hpp).
#include "journeys/diff/fail_on.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace journeyctl::journeys {

namespace {

using Metric = FailOnRule::Metric;
using Op = FailOnRule::Op;
using Compare = FailOnRule::Compare;

struct Named {
    std::string_view name;
    Metric metric;
};
constexpr Named k_metrics[] = {{"entries", Metric::Entries},
                               {"messages", Metric::Messages},
                               {"conversions", Metric::Conversions},
                               {"diverged", Metric::Diverged}};

std::string_view metric_name(Metric metric) {
    for (const Named& m : k_metrics) {
        if (m.metric == metric) return m.name;
    }
    return "?";
}

std::string_view op_text(Op op) {
    switch (op) {
        case Op::Greater: return ">";
        case Op::GreaterOrEqual: return ">=";
        case Op::Less: return "<";
        case Op::LessOrEqual: return "<=";
    }
    return "?";
}

Delta metric_of(Metric metric, const ProgramDiff& diff) {
    switch (metric) {
        case Metric::Entries: return diff.entries;
        case Metric::Messages: return diff.sent;
        case Metric::Conversions: return diff.conversions;
        case Metric::Diverged: return Delta{0, static_cast<int64_t>(diff.diverged)};
    }
    return {};
}

bool holds(double value, Op op, double amount) {
    switch (op) {
        case Op::Greater: return value > amount;
        case Op::GreaterOrEqual: return value >= amount;
        case Op::Less: return value < amount;
        case Op::LessOrEqual: return value <= amount;
    }
    return false;
}

std::string number_text(double v) {
    if (std::isinf(v)) return v > 0 ? "+inf" : "-inf";
    return v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{}", static_cast<int64_t>(v)) : fmt::format("{:.1f}", v);
}

std::string signed_text(double v) { return (v >= 0 ? "+" : "") + number_text(v); }

}  // namespace

std::variant<FailOnRule, std::string> parse_fail_on(std::string_view text) {
    FailOnRule rule;
    rule.text = std::string(text);
    const size_t op_at = text.find_first_of("<>");
    if (op_at == std::string_view::npos) {
        return fmt::format("'{}' has no comparison: write METRIC>AMOUNT, e.g. messages>+10%", text);
    }
    const std::string_view name = text.substr(0, op_at);
    bool known = false;
    for (const Named& m : k_metrics) {
        if (m.name == name) rule.metric = m.metric, known = true;
    }
    if (!known) {
        return fmt::format("'{}': unknown metric '{}' (entries, messages, conversions or diverged)", text, name);
    }
    std::string_view rest = text.substr(op_at);
    const bool or_equal = rest.size() > 1 && rest[1] == '=';
    rule.op = rest[0] == '>' ? (or_equal ? Op::GreaterOrEqual : Op::Greater) : (or_equal ? Op::LessOrEqual : Op::Less);
    rest.remove_prefix(or_equal ? 2 : 1);
    bool negative = false;
    bool sign = false;
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
        sign = true;
        negative = rest[0] == '-';
        rest.remove_prefix(1);
    }
    const bool percent = !rest.empty() && rest.back() == '%';
    if (percent) rest.remove_suffix(1);
    double amount = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
    if (rest.empty() || error != std::errc() || end != rest.data() + rest.size() || !std::isfinite(amount) ||
        !(rest[0] >= '0' && rest[0] <= '9')) {
        return fmt::format("'{}': the amount must be a number, signed for a change (+5000) or a percentage (+10%)",
                           text);
    }
    rule.amount = negative ? -amount : amount;
    rule.compare = percent ? Compare::Percent : sign ? Compare::Change : Compare::Value;
    return rule;
}

FailOnCheck check_fail_on(const FailOnRule& rule, const ProgramDiff& diff) {
    const Delta d = metric_of(rule.metric, diff);
    const double change = static_cast<double>(d.change());
    double compared = static_cast<double>(d.head);
    std::string shown = fmt::format("{}: {} -> {}, {}", metric_name(rule.metric), d.base, d.head, signed_text(change));
    if (rule.compare == Compare::Change) compared = change;
    if (rule.compare == Compare::Percent) {
        if (d.base != 0) {
            compared = 100.0 * change / static_cast<double>(d.base);
        } else {
            // From nothing, any increase is more than any percentage.
            compared = change == 0 ? 0 : change > 0 ? std::numeric_limits<double>::infinity()
                                                    : -std::numeric_limits<double>::infinity();
        }
        shown += fmt::format(" ({}%)", signed_text(compared));
    }
    FailOnCheck check;
    check.tripped = holds(compared, rule.op, rule.amount);
    const std::string amount = rule.compare == Compare::Value ? number_text(rule.amount)
                                                              : signed_text(rule.amount) +
                                                                    (rule.compare == Compare::Percent ? "%" : "");
    check.explanation = fmt::format("{} {}{} {}", shown, check.tripped ? "" : "not ", op_text(rule.op), amount);
    return check;
}

}  // namespace journeyctl::journeys
