// `diff --fail-on RULE`: when a change should fail CI. A rule is
//
//   METRIC OP AMOUNT
//   METRIC  entries | messages | conversions | diverged
//   OP      >  >=  <  <=
//   AMOUNT  [+|-]NUMBER[%]
//
// over the journeys the diff reports, summed: `entries` (entries into
// the journeys), `messages` (messages sent), `conversions` (goal
// conversions), `diverged` (profiles that took a different path; its base
// is 0). A signed AMOUNT compares the change, head minus base
// (`entries>+5000`, `messages<-100`); a percentage compares the change
// relative to base (`messages>+10%`; from a base of 0, any increase is
// over every percentage); an unsigned number compares head's value
// (`diverged>0`). Spaces are not allowed: a rule is one shell word.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "journeys/diff/program_diff.hpp"

namespace journeyctl::journeys {

struct FailOnRule {
    enum class Metric { Entries, Messages, Conversions, Diverged };
    enum class Op { Greater, GreaterOrEqual, Less, LessOrEqual };
    enum class Compare { Value, Change, Percent };  // head's value, head - base, its percentage of base
    std::string text;  // as written
    Metric metric = Metric::Entries;
    Op op = Op::Greater;
    Compare compare = Compare::Value;
    double amount = 0;
};

// The rule, or why it is not one (for a usage error).
std::variant<FailOnRule, std::string> parse_fail_on(std::string_view text);

// Whether the rule trips on the diff and, either way, the numbers it
// compared ("messages: 120 -> 135, +15 (+12.5%) > +10%").
struct FailOnCheck {
    bool tripped = false;
    std::string explanation;
};
FailOnCheck check_fail_on(const FailOnRule& rule, const ProgramDiff& diff);

}  // namespace journeyctl::journeys
