// check_policies: each check of formats.md in order with the first that
// applies deciding (every row also fails the later checks, so a wrong
// order shows), exact reasons for --trace, consent errors and zone
// fallbacks marked and tallied, delay vs skip, and outcome names.
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/expr/json_value.hpp"
#include "core/expr/time.hpp"
#include "journeys/policy/policy.hpp"

using namespace journeyctl;
using core::expr::Duration;
using core::expr::Timestamp;
using journeys::Outcome;
using journeys::Verdict;

namespace {

namespace expr = core::expr;

Timestamp at(const char* text) {
    auto r = expr::time::parse_timestamp(text);
    REQUIRE(std::holds_alternative<Timestamp>(r));
    return std::get<Timestamp>(r);
}

expr::Environment environment() {
    expr::Environment env = expr::Environment::standard();
    env.declare("profile", expr::Type::map(expr::Type::of(expr::TypeKind::String), expr::Type::dyn()));
    return env;
}

core::workspace::Text text(std::string value) {
    core::workspace::Text t;
    t.value = std::move(value);
    return t;
}

// consent: email and sms; caps: email 3 per 7d, any 2 per 1d; quiet hours
// 21:00-08:00 in profile.timezone; workspace zone Europe/Paris.
core::workspace::Policies policies(core::workspace::QuietThen then, const char* consent_email = "profile.email_opt_in") {
    core::workspace::Policies p;
    p.consent.push_back({text("email"), text(consent_email)});
    p.consent.push_back({text("sms"), text("profile.sms_opt_in")});
    p.frequency.resize(2);
    p.frequency[0].channel = text("email");
    p.frequency[0].max.value = 3;
    p.frequency[0].per.value = Duration{7 * 86'400, 0};
    p.frequency[1].channel = text("any");
    p.frequency[1].max.value = 2;
    p.frequency[1].per.value = Duration{86'400, 0};
    core::workspace::QuietHours quiet;
    quiet.start_minutes = 21 * 60;
    quiet.end_minutes = 8 * 60;
    quiet.zone = text("profile.timezone");
    quiet.then.value = then;
    p.quiet_hours = quiet;
    return p;
}

struct Case {
    const char* name;
    nlohmann::json profile;
    const char* channel = "email";
    std::optional<std::string> address = std::string("ann@example.com");
    const char* key = "c-1";
    std::vector<std::pair<const char*, const char*>> sent = {};  // channel, time
    const char* now = "2026-11-01T09:00:00Z";
    Verdict verdict = Verdict::Allowed;
    const char* reason = "every check passed";
    const char* release = "";
    bool consent_error = false;
    bool zone_fallback = false;
};

struct Checker {
    expr::Environment env = environment();
    journeys::CompiledPolicies compiled;
    journeys::SuppressionList suppression;
    explicit Checker(core::workspace::QuietThen then, const char* consent_email = "profile.email_opt_in")
        : compiled(policies(then, consent_email), "Europe/Paris", env) {
        suppression.add("Blocked@Example.com");
        suppression.add("c-9");
    }

    journeys::PolicyDecision check(const Case& c, journeys::PolicyScratch* scratch) const {
        journeys::InMemoryFrequencyLedger ledger;
        for (const auto& [channel, time] : c.sent) ledger.record_sent(c.key, channel, at(time));
        expr::Activation activation(env);
        activation.set(*env.slot_of("profile"), expr::value_from_json(c.profile));
        activation.set(*env.slot_of("now"), expr::Value::timestamp(at(c.now)));
        journeys::PolicyInputs in;
        in.policies = &compiled;
        in.suppression = &suppression;
        in.ledger = &ledger;
        in.activation = &activation;
        in.scratch = scratch;
        in.channel = c.channel;
        // The test's channels are named after their kind.
        in.channel_kind = std::string_view(c.channel) == "sms"    ? core::workspace::ChannelKind::Sms
                          : std::string_view(c.channel) == "push" ? core::workspace::ChannelKind::Push
                                                : core::workspace::ChannelKind::Email;
        if (c.address) in.address = *c.address;
        in.profile_key = c.key;
        in.now = at(c.now);
        return journeys::check_policies(in);
    }
};

const nlohmann::json k_ok = {{"email_opt_in", true}, {"sms_opt_in", true}, {"timezone", "Europe/Paris"}};
// Fails every check after the address: suppressed key is separate (c-9).
const nlohmann::json k_bad = {{"email_opt_in", false}, {"sms_opt_in", false}, {"timezone", "America/New_York"}};
const std::vector<std::pair<const char*, const char*>> k_three_emails{
    {"email", "2026-10-26T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}};

void run(const Checker& checker, const std::vector<Case>& cases) {
    journeys::PolicyScratch scratch(checker.compiled);
    for (const Case& c : cases) {
        for (journeys::PolicyScratch* s : {&scratch, static_cast<journeys::PolicyScratch*>(nullptr)}) {
            INFO(c.name << (s ? " (scratch)" : " (no scratch)"));
            const auto d = checker.check(c, s);
            CHECK(journeys::verdict_name(d.verdict) == journeys::verdict_name(c.verdict));
            CHECK(d.reason == c.reason);
            CHECK((d.release ? expr::time::format_timestamp(*d.release) : std::string()) == c.release);
            CHECK(d.consent_error == c.consent_error);
            CHECK(d.zone_fallback == c.zone_fallback);
        }
    }
}

}  // namespace

TEST_CASE("policies: the checks in order, the first that applies decides", "[policy]") {
    const Checker checker(core::workspace::QuietThen::Delay);
    const std::vector<Case> cases{
        {.name = "every check passes", .profile = k_ok},
        {.name = "no address beats everything", .profile = k_bad, .address = std::nullopt, .key = "c-9",
         .sent = k_three_emails, .now = "2026-11-01T04:00:00Z", .verdict = Verdict::NoAddress,
         .reason = "no address: the channel 'email' gives none"},
        {.name = "an empty address is no address", .profile = k_ok, .address = std::string(),
         .verdict = Verdict::NoAddress, .reason = "no address: the channel 'email' gives none"},
        {.name = "a line break in the address beats the suppression list", .profile = k_bad,
         .address = std::string("blocked@EXAMPLE.com\nBcc: victim@example.com"), .key = "c-9",
         .verdict = Verdict::InvalidAddress,
         .reason = "invalid address \"blocked@EXAMPLE.com\\nBcc: victim@example.com\": a line feed (LF) at byte 20"},
        {.name = "a second recipient in an email address", .profile = k_ok,
         .address = std::string("ann@example.com, victim@example.com"), .verdict = Verdict::InvalidAddress,
         .reason = "invalid address \"ann@example.com, victim@example.com\": a comma at byte 16: an email address is "
                   "one mailbox"},
        {.name = "a phone number is not held to the email rule", .profile = k_ok, .channel = "sms",
         .address = std::string("+33 1 23 45 67 89")},
        {.name = "a NUL in a phone number", .profile = k_ok, .channel = "sms",
         .address = std::string("+3312\0" "34", 8), .verdict = Verdict::InvalidAddress,
         .reason = "invalid address \"+3312\\x0034\": a NUL byte at byte 6"},
        {.name = "suppressed address beats consent", .profile = k_bad, .address = std::string("blocked@EXAMPLE.com"),
         .sent = k_three_emails, .verdict = Verdict::SuppressedList,
         .reason = "address 'blocked@EXAMPLE.com' is on the suppression list"},
        {.name = "suppressed profile key", .profile = k_bad, .key = "c-9", .verdict = Verdict::SuppressedList,
         .reason = "profile key 'c-9' is on the suppression list"},
        {.name = "consent false beats frequency", .profile = k_bad, .sent = k_three_emails,
         .now = "2026-11-01T04:00:00Z", .verdict = Verdict::SuppressedConsent,
         .reason = "consent rule 'profile.email_opt_in' is false"},
        {.name = "consent rule of another channel", .profile = k_bad, .channel = "sms",
         .verdict = Verdict::SuppressedConsent, .reason = "consent rule 'profile.sms_opt_in' is false"},
        {.name = "consent not a bool", .profile = {{"email_opt_in", "yes"}, {"timezone", "Europe/Paris"}},
         .verdict = Verdict::SuppressedConsent,
         .reason = "consent rule 'profile.email_opt_in' gave \"yes\", not a bool", .consent_error = true},
        {.name = "consent null", .profile = {{"email_opt_in", nullptr}, {"timezone", "Europe/Paris"}},
         .verdict = Verdict::SuppressedConsent,
         .reason = "consent rule 'profile.email_opt_in' gave null, not a bool", .consent_error = true},
        {.name = "no consent rule for push: consenting", .profile = k_bad, .channel = "push",
         .verdict = Verdict::DelayedQuietHours,
         .reason = "quiet hours 21:00-08:00 in America/New_York: held until 2026-11-01T13:00:00Z",
         .release = "2026-11-01T13:00:00Z"},
        {.name = "email cap beats quiet hours",
         .profile = {{"email_opt_in", true}, {"timezone", "America/New_York"}}, .sent = k_three_emails,
         .verdict = Verdict::SuppressedFrequency,
         .reason = "frequency cap email 3 per 7d reached: 3 sent since 2026-10-25T09:00:00Z"},
        {.name = "a message exactly 7d ago no longer counts", .profile = k_ok,
         .sent = {{"email", "2026-10-25T09:00:00Z"}, {"email", "2026-10-27T09:00:00Z"}, {"email", "2026-10-28T09:00:00Z"}}},
        {.name = "any: an sms and a push in the last day cap email", .profile = k_ok,
         .sent = {{"sms", "2026-10-31T09:00:01Z"}, {"push", "2026-11-01T09:00:00Z"}},
         .verdict = Verdict::SuppressedFrequency,
         .reason = "frequency cap any 2 per 1d reached: 2 sent since 2026-10-31T09:00:00Z"},
        {.name = "any: one exactly a day ago no longer counts", .profile = k_ok,
         .sent = {{"sms", "2026-10-31T09:00:00Z"}, {"push", "2026-11-01T09:00:00Z"}}},
        {.name = "quiet hours in the profile's zone (New York, 04:00 EST)",
         .profile = {{"email_opt_in", true}, {"timezone", "America/New_York"}},
         .verdict = Verdict::DelayedQuietHours,
         .reason = "quiet hours 21:00-08:00 in America/New_York: held until 2026-11-01T13:00:00Z",
         .release = "2026-11-01T13:00:00Z"},
        {.name = "released at the end of quiet hours: every check passes",
         .profile = {{"email_opt_in", true}, {"timezone", "America/New_York"}}, .now = "2026-11-01T13:00:00Z"},
        {.name = "no zone field: the workspace zone, counted", .profile = {{"email_opt_in", true}},
         .now = "2026-11-01T21:30:00Z", .verdict = Verdict::DelayedQuietHours,
         .reason = "quiet hours 21:00-08:00 in Europe/Paris (the workspace zone: zone expression failed: no such "
                   "key: 'timezone'): held until 2026-11-02T07:00:00Z",
         .release = "2026-11-02T07:00:00Z", .zone_fallback = true},
        {.name = "null zone: the workspace zone, counted",
         .profile = {{"email_opt_in", true}, {"timezone", nullptr}}, .now = "2026-11-01T21:30:00Z",
         .verdict = Verdict::DelayedQuietHours,
         .reason = "quiet hours 21:00-08:00 in Europe/Paris (the workspace zone: no zone): held until "
                   "2026-11-02T07:00:00Z",
         .release = "2026-11-02T07:00:00Z", .zone_fallback = true},
        {.name = "unknown zone: the workspace zone, counted even when not quiet",
         .profile = {{"email_opt_in", true}, {"timezone", "Mars/Olympus"}}, .zone_fallback = true},
        {.name = "quiet across fall back in New York (22:00 EDT to 08:00 EST)",
         .profile = {{"email_opt_in", true}, {"timezone", "America/New_York"}}, .now = "2026-11-01T02:00:00Z",
         .verdict = Verdict::DelayedQuietHours,
         .reason = "quiet hours 21:00-08:00 in America/New_York: held until 2026-11-01T13:00:00Z",
         .release = "2026-11-01T13:00:00Z"},
        {.name = "quiet across spring forward in Paris (21:30 CET to 08:00 CEST)", .profile = k_ok,
         .now = "2026-03-28T20:30:00Z", .verdict = Verdict::DelayedQuietHours,
         .reason = "quiet hours 21:00-08:00 in Europe/Paris: held until 2026-03-29T06:00:00Z",
         .release = "2026-03-29T06:00:00Z"},
    };
    run(checker, cases);
}

TEST_CASE("policies: skip drops a message in quiet hours", "[policy]") {
    const Checker checker(core::workspace::QuietThen::Skip);
    run(checker, {
                     {.name = "skipped", .profile = {{"email_opt_in", true}, {"timezone", "America/New_York"}},
                      .verdict = Verdict::SkippedQuietHours,
                      .reason = "quiet hours 21:00-08:00 in America/New_York: skipped"},
                     {.name = "outside quiet hours", .profile = k_ok},
                 });
}

TEST_CASE("policies: a consent rule that does not compile or cannot be read never consents", "[policy]") {
    const Checker checker(core::workspace::QuietThen::Delay, "profile.email_opt_in &&");
    REQUIRE(checker.compiled.problems().size() == 1);
    CHECK(checker.compiled.problems()[0].starts_with("consent rule for 'email': "));
    const auto d = checker.check({.name = "x", .profile = k_ok}, nullptr);
    CHECK(d.verdict == Verdict::SuppressedConsent);
    CHECK(d.consent_error);
    CHECK(d.reason.starts_with("consent rule 'profile.email_opt_in &&' does not compile: "));

    const Checker fine(core::workspace::QuietThen::Delay);
    CHECK(fine.compiled.problems().empty());
    const auto missing = fine.check({.name = "x", .profile = {{"timezone", "Europe/Paris"}}}, nullptr);
    CHECK(missing.verdict == Verdict::SuppressedConsent);
    CHECK(missing.consent_error);
    CHECK(missing.reason.starts_with("consent rule 'profile.email_opt_in' failed: "));

    journeys::PolicyInputs in;
    in.policies = &fine.compiled;
    in.channel = "email";
    in.address = "ann@example.com";
    in.profile_key = "c-1";
    in.now = at("2026-11-01T09:00:00Z");
    const auto no_profile = journeys::check_policies(in);
    CHECK(no_profile.verdict == Verdict::SuppressedConsent);
    CHECK(no_profile.reason == "consent rule 'profile.email_opt_in' has no profile to read");
    in.channel = "push";  // no rule, no ledger, no list: only quiet hours (workspace zone, 10:00)
    const auto push = journeys::check_policies(in);
    CHECK(push.verdict == Verdict::Allowed);
    CHECK(push.zone_fallback);
    CHECK(push.zone == "Europe/Paris");
}

TEST_CASE("policies: no policies at all send everything with an address", "[policy]") {
    const expr::Environment env = environment();
    const journeys::CompiledPolicies none(core::workspace::Policies{}, "UTC", env);
    journeys::PolicyInputs in;
    in.policies = &none;
    in.channel = "email";
    in.address = "ann@example.com";
    in.profile_key = "c-1";
    in.now = at("2026-11-01T23:00:00Z");
    const auto d = journeys::check_policies(in);
    CHECK(d.verdict == Verdict::Allowed);
    CHECK_FALSE(d.zone_fallback);
    in.address.reset();
    CHECK(journeys::check_policies(in).verdict == Verdict::NoAddress);
}

TEST_CASE("policies: a quiet-hours rule without a zone expression uses the workspace zone, not counted", "[policy]") {
    const expr::Environment env = environment();
    core::workspace::Policies p;
    core::workspace::QuietHours quiet;
    quiet.start_minutes = 21 * 60;
    quiet.end_minutes = 8 * 60;
    p.quiet_hours = quiet;
    const journeys::CompiledPolicies compiled(p, "America/New_York", env);
    journeys::PolicyInputs in;
    in.policies = &compiled;
    in.channel = "sms";
    in.channel_kind = core::workspace::ChannelKind::Sms;
    in.address = "+15005550006";
    in.now = at("2026-11-01T09:00:00Z");
    const auto d = journeys::check_policies(in);
    CHECK(d.verdict == Verdict::DelayedQuietHours);
    CHECK_FALSE(d.zone_fallback);
    CHECK(d.reason == "quiet hours 21:00-08:00 in America/New_York: held until 2026-11-01T13:00:00Z");
}

TEST_CASE("policies: tally of verdicts and counted anomalies", "[policy]") {
    journeys::PolicyTally tally;
    journeys::PolicyDecision a;
    a.verdict = Verdict::SuppressedConsent;
    a.consent_error = true;
    journeys::PolicyDecision b;
    b.zone_fallback = true;
    tally.add(a);
    tally.add(b);
    tally.add(b);
    CHECK(tally.count(Verdict::SuppressedConsent) == 1);
    CHECK(tally.count(Verdict::Allowed) == 2);
    CHECK(tally.count(Verdict::SuppressedList) == 0);
    CHECK(tally.consent_errors == 1);
    CHECK(tally.zone_fallbacks == 2);
}

TEST_CASE("policies: outcome names", "[policy]") {
    const char* names[] = {"sent",       "failed",          "no_address",       "invalid_address",
                           "suppressed_list", "suppressed_consent", "suppressed_frequency",
                           "skipped_quiet_hours", "cancelled", "delayed_quiet_hours"};
    REQUIRE(journeys::all_outcomes().size() == std::size(names));
    REQUIRE(journeys::k_outcome_count == std::size(names));
    for (size_t i = 0; i < std::size(names); ++i) {
        const Outcome o = journeys::all_outcomes()[i];
        CHECK(journeys::outcome_name(o) == names[i]);
        CHECK(journeys::parse_outcome(names[i]) == o);
        CHECK(journeys::is_final(o) == (o != Outcome::DelayedQuietHours));
    }
    CHECK_FALSE(journeys::parse_outcome("Sent").has_value());
    CHECK_FALSE(journeys::parse_outcome("").has_value());
}

TEST_CASE("policies: verdict names are the outcome names, and allowed", "[policy]") {
    CHECK(journeys::verdict_name(Verdict::Allowed) == "allowed");
    CHECK_FALSE(journeys::refusal_outcome(Verdict::Allowed).has_value());
    CHECK(journeys::verdict_name(Verdict::SuppressedFrequency) == "suppressed_frequency");
    CHECK(journeys::refusal_outcome(Verdict::DelayedQuietHours) == Outcome::DelayedQuietHours);
    CHECK(journeys::verdict_name(Verdict::InvalidAddress) == "invalid_address");
}

TEST_CASE("policies: an allowed message is reserved in the ledger; a held or refused one is not", "[policy]") {
    const Checker checker(core::workspace::QuietThen::Delay);
    expr::Activation activation(checker.env);
    activation.set(*checker.env.slot_of("profile"), expr::value_from_json(k_ok));
    journeys::InMemoryFrequencyLedger ledger;
    journeys::PolicyInputs in;
    in.policies = &checker.compiled;
    in.ledger = &ledger;
    in.activation = &activation;
    in.channel = "email";
    in.address = "ann@example.com";
    in.profile_key = "c-1";
    const auto count = [&] { return ledger.count_sent("c-1", std::nullopt, at("2026-10-01T00:00:00Z"), at("2026-12-01T00:00:00Z")); };
    // Quiet hours (21:00-08:00 Paris) hold it: nothing reserved.
    in.now = at("2026-11-01T04:00:00Z");
    activation.set(*checker.env.slot_of("now"), expr::Value::timestamp(in.now));
    CHECK(journeys::check_policies(in).verdict == Verdict::DelayedQuietHours);
    CHECK(count() == 0);
    // The caps of policies() allow three emails a week: each allowed one is
    // reserved, so the fourth is refused.
    for (const char* now : {"2026-11-01T09:00:00Z", "2026-11-02T09:00:00Z", "2026-11-03T09:00:00Z", "2026-11-04T09:00:00Z"}) {
        in.now = at(now);
        activation.set(*checker.env.slot_of("now"), expr::Value::timestamp(in.now));
        INFO(now);
        const Verdict expected = count() < 3 ? Verdict::Allowed : Verdict::SuppressedFrequency;
        CHECK(journeys::check_policies(in).verdict == expected);
    }
    CHECK(count() == 3);
}
