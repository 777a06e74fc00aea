// check_policies: the five checks of formats.md in order, each returning
// early with its outcome and a reason worded for `dry-run --trace`.
#include "journeys/policy/policy.hpp"

#include <variant>

#include "core/expr/time.hpp"
#include "core/util/escape.hpp"
#include "journeys/messages/address.hpp"

namespace journeyctl::journeys {

namespace time = core::expr::time;
using core::expr::Evaluator;
using core::expr::Value;

namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string first_error(const core::expr::CompileResult& result) {
    for (const auto& d : result.diagnostics) {
        if (!d.is_warning) return d.message;
    }
    return "does not compile";
}

// Evaluates with the scratch's evaluator, or a temporary one.
Value evaluate(const std::shared_ptr<const core::expr::Program>& program, Evaluator* scratch,
               const core::expr::Activation& activation) {
    if (scratch != nullptr) return scratch->evaluate(activation);
    Evaluator evaluator(program);
    return evaluator.evaluate(activation);
}

PolicyDecision decided(Verdict verdict, std::string reason) {
    PolicyDecision d;
    d.verdict = verdict;
    d.reason = std::move(reason);
    return d;
}

// Step 3. Returns the decision when the profile does not consent.
std::optional<PolicyDecision> check_consent(const PolicyInputs& in) {
    const auto& rules = in.policies->consent();
    for (size_t i = 0; i < rules.size(); ++i) {
        const auto& rule = rules[i];
        if (rule.channel != in.channel) continue;
        const std::string name = "consent rule " + quoted(rule.source);
        std::string failure;
        if (!rule.program) {
            failure = name + " does not compile: " + rule.compile_error;
        } else if (in.activation == nullptr) {
            failure = name + " has no profile to read";
        } else {
            const Value v = evaluate(rule.program, in.scratch ? in.scratch->consent(i) : nullptr, *in.activation);
            if (v.kind() == Value::Kind::Bool) {
                if (v.as_bool()) return std::nullopt;
                return decided(Verdict::SuppressedConsent, name + " is false");
            }
            failure = v.is_error() ? name + " failed: " + std::string(v.as_string())
                                   : name + " gave " + v.to_cel_literal() + ", not a bool";
        }
        PolicyDecision d = decided(Verdict::SuppressedConsent, std::move(failure));
        d.consent_error = true;
        return d;
    }
    return std::nullopt;  // no rule for the channel: consenting
}

// Step 5, after every other check passed.
PolicyDecision check_quiet_hours(const PolicyInputs& in) {
    const auto& quiet = *in.policies->quiet();
    PolicyDecision d = decided(Verdict::Allowed, "every check passed");
    std::optional<Value> zone_value;
    if (quiet.zone_source) {
        if (!quiet.zone_program) {
            zone_value = Value::error("does not compile: " + quiet.zone_compile_error);
        } else if (in.activation == nullptr) {
            zone_value = Value::error("no profile to read");
        } else {
            zone_value = evaluate(quiet.zone_program, in.scratch ? in.scratch->zone() : nullptr, *in.activation);
        }
    }
    // No zone expression: the workspace zone is the configured choice, not
    // a fallback.
    ZoneChoice zone = quiet.zone_source ? choose_zone(&*zone_value, in.policies->workspace_zone())
                                        : choose_zone(nullptr, in.policies->workspace_zone());
    if (!quiet.zone_source) zone.fell_back = false;
    d.zone = zone.zone;
    d.zone_fallback = zone.fell_back;
    const auto end = quiet_period_end(quiet.window, in.now, zone.zone);
    if (!end) return d;

    std::string where = "quiet hours " + format_clock(quiet.window.start_minutes) + "-" +
                        format_clock(quiet.window.end_minutes) + " in " + zone.zone;
    if (zone.fell_back) where += " (the workspace zone: " + zone.why + ")";
    if (quiet.then == core::workspace::QuietThen::Skip) {
        d.verdict = Verdict::SkippedQuietHours;
        d.reason = where + ": skipped";
    } else {
        d.verdict = Verdict::DelayedQuietHours;
        d.release = *end;
        d.reason = where + ": held until " + time::format_timestamp(*end);
    }
    return d;
}

}  // namespace

CompiledPolicies::CompiledPolicies(const core::workspace::Policies& policies, std::string workspace_zone,
                                   const core::expr::Environment& env)
    : m_caps(caps_from_config(policies.frequency)), m_workspace_zone(std::move(workspace_zone)) {
    for (const auto& rule : policies.consent) {
        Rule compiled;
        compiled.channel = rule.channel.value;
        compiled.source = rule.expression.value;
        auto result = core::expr::compile(rule.expression.value, env, {.expect_bool = true});
        compiled.program = result.program;
        if (!result.ok()) {
            compiled.compile_error = first_error(result);
            m_problems.push_back("consent rule for " + quoted(compiled.channel) + ": " + compiled.compile_error);
        }
        m_consent.push_back(std::move(compiled));
    }
    if (const auto& quiet = policies.quiet_hours) {
        Quiet compiled;
        compiled.window = QuietWindow::from_config(*quiet);
        compiled.then = quiet->then.value;
        if (quiet->zone) {
            compiled.zone_source = quiet->zone->value;
            auto result = core::expr::compile(quiet->zone->value, env);
            compiled.zone_program = result.program;
            if (!result.ok()) {
                compiled.zone_compile_error = first_error(result);
                m_problems.push_back("quiet hours zone: " + compiled.zone_compile_error);
            }
        }
        m_quiet = std::move(compiled);
    }
}

const CompiledPolicies::Rule* CompiledPolicies::consent_rule(std::string_view channel) const {
    for (const Rule& rule : m_consent) {
        if (rule.channel == channel) return &rule;
    }
    return nullptr;
}

PolicyScratch::PolicyScratch(const CompiledPolicies& policies) {
    for (const auto& rule : policies.consent()) {
        m_consent.push_back(rule.program ? std::make_unique<Evaluator>(rule.program) : nullptr);
    }
    if (policies.quiet() && policies.quiet()->zone_program) {
        m_zone = std::make_unique<Evaluator>(policies.quiet()->zone_program);
    }
}

PolicyScratch::~PolicyScratch() = default;

Evaluator* PolicyScratch::consent(size_t rule_index) {
    return rule_index < m_consent.size() ? m_consent[rule_index].get() : nullptr;
}

Evaluator* PolicyScratch::zone() { return m_zone.get(); }

PolicyDecision check_policies(const PolicyInputs& in) {
    // 1. An address.
    if (!in.address || in.address->empty()) {
        return decided(Verdict::NoAddress, "no address: the channel " + quoted(in.channel) + " gives none");
    }
    // 1b. An address that can be used: a line break in it would add a
    // header to an email (issue #10), and no channel's address has one; an
    // email address is one mailbox (a comma would add a recipient).
    const auto problem = in.channel_kind == core::workspace::ChannelKind::Email ? email_address_problem(*in.address)
                                                                                 : address_problem(*in.address);
    if (problem) {
        return decided(Verdict::InvalidAddress, "invalid address \"" + core::util::escape_controls(*in.address) +
                                                    "\": " + *problem);
    }
    // 2. The suppression list.
    if (in.suppression != nullptr) {
        switch (in.suppression->match(in.address, in.profile_key)) {
            case SuppressionList::Match::Address:
                return decided(Verdict::SuppressedList, "address " + quoted(*in.address) + " is on the suppression list");
            case SuppressionList::Match::ProfileKey:
                return decided(Verdict::SuppressedList,
                               "profile key " + quoted(in.profile_key) + " is on the suppression list");
            case SuppressionList::Match::None: break;
        }
    }
    // 3. Consent.
    if (auto refused = check_consent(in)) return std::move(*refused);
    // 4. Frequency caps, then 5. quiet hours. A cap refuses before quiet
    // hours hold, but an allowed message must be reserved in the same step
    // as its caps are checked: quiet hours (which read no ledger) are
    // judged first, and a held or skipped message only counts the caps.
    std::optional<PolicyDecision> quiet;
    if (in.policies->quiet()) quiet = check_quiet_hours(in);
    const bool quiet_allows = !quiet || quiet->allowed();
    if (in.ledger != nullptr) {
        const auto reached = quiet_allows
                                 ? in.ledger->reserve(in.policies->caps(), in.profile_key, in.channel, in.now)
                                 : first_cap_reached(in.policies->caps(), *in.ledger, in.profile_key, in.channel, in.now);
        if (reached) {
            const Cap& cap = *reached->cap;
            return decided(Verdict::SuppressedFrequency,
                           "frequency cap " + (cap.any() ? std::string("any") : cap.channel) + " " +
                               std::to_string(cap.max) + " per " + format_cap_duration(cap.per) + " reached: " +
                               std::to_string(reached->count) + " sent since " +
                               time::format_timestamp(reached->window_start));
        }
    }
    if (quiet) return std::move(*quiet);
    return decided(Verdict::Allowed, "every check passed");
}

std::string_view verdict_name(Verdict verdict) {
    if (const std::optional<Outcome> outcome = refusal_outcome(verdict)) return outcome_name(*outcome);
    return "allowed";
}

std::optional<Outcome> refusal_outcome(Verdict verdict) {
    switch (verdict) {
        case Verdict::Allowed: return std::nullopt;
        case Verdict::NoAddress: return Outcome::NoAddress;
        case Verdict::InvalidAddress: return Outcome::InvalidAddress;
        case Verdict::SuppressedList: return Outcome::SuppressedList;
        case Verdict::SuppressedConsent: return Outcome::SuppressedConsent;
        case Verdict::SuppressedFrequency: return Outcome::SuppressedFrequency;
        case Verdict::SkippedQuietHours: return Outcome::SkippedQuietHours;
        case Verdict::DelayedQuietHours: return Outcome::DelayedQuietHours;
    }
    return std::nullopt;
}

void PolicyTally::add(const PolicyDecision& decision) {
    ++by_verdict[static_cast<size_t>(decision.verdict)];
    if (decision.consent_error) ++consent_errors;
    if (decision.zone_fallback) ++zone_fallbacks;
}

}  // namespace journeyctl::journeys
