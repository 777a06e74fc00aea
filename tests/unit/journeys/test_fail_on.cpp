// diff --fail-on: the rule grammar (METRIC OP AMOUNT) and what each form
// compares: head's value, the change, or the change as a percentage of
// base, with a base of 0 over every percentage.
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "journeys/diff/fail_on.hpp"

using namespace journeyctl;
using journeys::FailOnRule;

namespace {

FailOnRule parse(const std::string& text) {
    auto parsed = journeys::parse_fail_on(text);
    INFO(text);
    REQUIRE(std::holds_alternative<FailOnRule>(parsed));
    return std::get<FailOnRule>(parsed);
}

std::string error_of(const std::string& text) {
    auto parsed = journeys::parse_fail_on(text);
    INFO(text);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
}

journeys::ProgramDiff with(journeys::Delta entries, journeys::Delta sent, uint64_t diverged = 0) {
    journeys::ProgramDiff diff;
    diff.entries = entries;
    diff.sent = sent;
    diff.diverged = diverged;
    return diff;
}

bool trips(const std::string& rule, const journeys::ProgramDiff& diff) {
    return journeys::check_fail_on(parse(rule), diff).tripped;
}

}  // namespace

TEST_CASE("fail-on: the forms of a rule", "[fail-on]") {
    const FailOnRule percent = parse("messages>+10%");
    CHECK(percent.metric == FailOnRule::Metric::Messages);
    CHECK(percent.op == FailOnRule::Op::Greater);
    CHECK(percent.compare == FailOnRule::Compare::Percent);
    CHECK(percent.amount == 10);

    const FailOnRule change = parse("entries>=-5000");
    CHECK(change.metric == FailOnRule::Metric::Entries);
    CHECK(change.op == FailOnRule::Op::GreaterOrEqual);
    CHECK(change.compare == FailOnRule::Compare::Change);
    CHECK(change.amount == -5000);

    const FailOnRule value = parse("diverged<=12.5");
    CHECK(value.metric == FailOnRule::Metric::Diverged);
    CHECK(value.op == FailOnRule::Op::LessOrEqual);
    CHECK(value.compare == FailOnRule::Compare::Value);
    CHECK(value.amount == 12.5);

    CHECK(parse("conversions<-3%").compare == FailOnRule::Compare::Percent);
    CHECK(parse("conversions<-3%").amount == -3);
    CHECK(parse("messages>5%").compare == FailOnRule::Compare::Percent);  // a percentage is always a change
}

TEST_CASE("fail-on: what is not a rule", "[fail-on]") {
    CHECK_THAT(error_of("messages"), Catch::Contains("no comparison"));
    CHECK_THAT(error_of("letters>+1"), Catch::Contains("unknown metric 'letters'"));
    CHECK_THAT(error_of(">+1"), Catch::Contains("unknown metric ''"));
    CHECK_THAT(error_of("messages>"), Catch::Contains("must be a number"));
    CHECK_THAT(error_of("messages>+"), Catch::Contains("must be a number"));
    CHECK_THAT(error_of("messages>+%"), Catch::Contains("must be a number"));
    CHECK_THAT(error_of("messages>ten"), Catch::Contains("must be a number"));
    CHECK_THAT(error_of("messages> +10%"), Catch::Contains("must be a number"));  // one shell word, no spaces
    CHECK_THAT(error_of("messages>+10%%"), Catch::Contains("must be a number"));
    CHECK_THAT(error_of("messages=>10"), Catch::Contains("unknown metric 'messages='"));
    CHECK_THAT(error_of("messages>>10"), Catch::Contains("must be a number"));
    CHECK_THAT(error_of("messages>+-10"), Catch::Contains("must be a number"));
    CHECK_THAT(error_of("messages>inf"), Catch::Contains("must be a number"));
}

TEST_CASE("fail-on: a signed amount compares the change", "[fail-on]") {
    // entries 10000 -> 15001: +5001
    const auto diff = with({10'000, 15'001}, {0, 0});
    CHECK(trips("entries>+5000", diff));
    CHECK_FALSE(trips("entries>+5001", diff));
    CHECK(trips("entries>=+5001", diff));
    CHECK_FALSE(trips("entries<-1", diff));
    // messages 200 -> 100: -100
    const auto fewer = with({0, 0}, {200, 100});
    CHECK(trips("messages<-99", fewer));
    CHECK_FALSE(trips("messages<-100", fewer));
    CHECK(trips("messages<=-100", fewer));
}

TEST_CASE("fail-on: a percentage compares the change relative to base", "[fail-on]") {
    // messages 120 -> 135: +15, +12.5%
    const auto diff = with({0, 0}, {120, 135});
    CHECK(trips("messages>+10%", diff));
    CHECK_FALSE(trips("messages>+12.5%", diff));
    CHECK(trips("messages>=+12.5%", diff));
    CHECK_FALSE(trips("messages>+20%", diff));
    const auto check = journeys::check_fail_on(parse("messages>+10%"), diff);
    CHECK(check.explanation == "messages: 120 -> 135, +15 (+12.5%) > +10%");
    const auto held = journeys::check_fail_on(parse("messages>+20%"), diff);
    CHECK(held.explanation == "messages: 120 -> 135, +15 (+12.5%) not > +20%");
}

TEST_CASE("fail-on: from a base of 0, any increase is over every percentage", "[fail-on]") {
    CHECK(trips("messages>+1000%", with({0, 0}, {0, 1})));
    CHECK_FALSE(trips("messages>+0%", with({0, 0}, {0, 0})));
    CHECK(trips("messages>=+0%", with({0, 0}, {0, 0})));
    CHECK_FALSE(trips("messages<-50%", with({0, 0}, {0, 1})));
}

TEST_CASE("fail-on: an unsigned amount compares head's value", "[fail-on]") {
    CHECK(trips("diverged>0", with({0, 0}, {0, 0}, 3)));
    CHECK_FALSE(trips("diverged>0", with({0, 0}, {0, 0}, 0)));
    // entries 10 -> 4: head's value is 4, whatever the change
    CHECK(trips("entries<5", with({10, 4}, {0, 0})));
    CHECK_FALSE(trips("entries>5", with({10, 4}, {0, 0})));
    const auto check = journeys::check_fail_on(parse("diverged>0"), with({0, 0}, {0, 0}, 3));
    CHECK(check.explanation == "diverged: 0 -> 3, +3 > 0");
}
