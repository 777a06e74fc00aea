// The message policies of journeyctl.yaml in one place, so that dry-run,
// send and run decide alike: `check_policies` applies the checks of
// formats.md ("Message outcomes") in their order and the first that
// applies decides:
//   1. an address: the channel's `to` is absent or empty   -> no_address
//      and has no control character (CR, LF, NUL...)      -> invalid_address
//   2. the suppression list (address, then profile key)    -> suppressed_list
//   3. consent for the channel                             -> suppressed_consent
//   4. frequency caps, in file order                       -> suppressed_frequency
//   5. quiet hours in the profile's zone                   -> delayed_quiet_hours
//                                                             (with the release
//                                                             instant) or
//                                                             skipped_quiet_hours
// and otherwise `allowed` (every check passed). The verdict is the
// policies' word only: whether an allowed message is then sent, fails or
// ends ambiguous is the delivery's outcome, reported later. An allowed
// message is reserved in the frequency ledger by the same call (check and
// record in one step: FrequencyLedger::reserve), so that no other message
// can slip under the cap in between. The caller re-runs every check at
// the release instant of a delayed message.
//
// Consent: a channel without a rule consents (validation warns about it).
// A rule that does not compile, fails, or gives anything but a bool does
// not consent — a profile is contacted only on a definite true — and the
// decision marks it so runs can count such profiles.
//
//   CompiledPolicies policies(config.policies, config.zone(), env);  // once
//   PolicyScratch scratch(policies);                                  // per thread
//   PolicyDecision d = check_policies({.policies = &policies, ..., .scratch = &scratch});
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expression.hpp"
#include "core/workspace/model.hpp"
#include "journeys/policy/frequency.hpp"
#include "journeys/policy/policy_outcome.hpp"
#include "journeys/policy/quiet_hours.hpp"
#include "journeys/policy/suppression.hpp"

namespace journeyctl::journeys {

class CompiledPolicies {
public:
    // Compiles each consent rule (expect_bool) and the quiet-hours zone
    // expression against `env` (which declares `profile` and `now`).
    CompiledPolicies(const core::workspace::Policies& policies, std::string workspace_zone,
                     const core::expr::Environment& env);

    struct Rule {
        std::string channel;
        std::string source;
        std::shared_ptr<const core::expr::Program> program;  // null: did not compile
        std::string compile_error;                           // the first error, when null
    };
    struct Quiet {
        QuietWindow window;
        core::workspace::QuietThen then = core::workspace::QuietThen::Delay;
        std::optional<std::string> zone_source;                    // absent: workspace zone
        std::shared_ptr<const core::expr::Program> zone_program;  // null: none or did not compile
        std::string zone_compile_error;
    };

    const std::vector<Rule>& consent() const { return m_consent; }
    const Rule* consent_rule(std::string_view channel) const;
    const std::vector<Cap>& caps() const { return m_caps; }
    const std::optional<Quiet>& quiet() const { return m_quiet; }
    const std::string& workspace_zone() const { return m_workspace_zone; }
    // Expressions that did not compile ("consent rule for 'email': ...");
    // validation reports them with positions, these are for the trace.
    const std::vector<std::string>& problems() const { return m_problems; }

private:
    std::vector<Rule> m_consent;
    std::vector<Cap> m_caps;
    std::optional<Quiet> m_quiet;
    std::string m_workspace_zone;
    std::vector<std::string> m_problems;
};

// Evaluators for one thread (they keep scratch space between calls).
class PolicyScratch {
public:
    explicit PolicyScratch(const CompiledPolicies& policies);
    ~PolicyScratch();
    core::expr::Evaluator* consent(size_t rule_index);
    core::expr::Evaluator* zone();

private:
    std::vector<std::unique_ptr<core::expr::Evaluator>> m_consent;
    std::unique_ptr<core::expr::Evaluator> m_zone;
};

// What the policies say about one message (the failed, cancelled and sent
// outcomes are not theirs to give). The refusals have the outcome names.
enum class Verdict : uint8_t {
    Allowed,
    NoAddress,
    InvalidAddress,
    SuppressedList,
    SuppressedConsent,
    SuppressedFrequency,
    SkippedQuietHours,
    DelayedQuietHours,
};
inline constexpr size_t k_verdict_count = 8;
std::string_view verdict_name(Verdict verdict);  // "allowed", then as outcome_name
// The outcome a verdict ends the attempt in, or none for Allowed (delivery decides).
std::optional<Outcome> refusal_outcome(Verdict verdict);

struct PolicyInputs {
    const CompiledPolicies* policies = nullptr;
    const SuppressionList* suppression = nullptr;  // null: no list
    // Reserves an allowed message; null: nothing sent yet, nothing recorded.
    FrequencyLedger* ledger = nullptr;
    // The profile's expression variables (profile, now, ...) for consent
    // rules and the zone; null makes every rule fail (no consent).
    const core::expr::Activation* activation = nullptr;
    PolicyScratch* scratch = nullptr;  // null: evaluators made for this call
    std::string_view channel;
    core::workspace::ChannelKind channel_kind = core::workspace::ChannelKind::Email;  // which address rule applies
    std::optional<std::string_view> address;  // the rendered `to`
    std::string_view profile_key;
    core::expr::Timestamp now;
};

struct PolicyDecision {
    Verdict verdict = Verdict::Allowed;
    std::optional<core::expr::Timestamp> release;  // DelayedQuietHours: when to check again
    std::string reason;                            // for dry-run --trace
    bool consent_error = false;  // the consent rule failed or was not a bool (counted)
    bool zone_fallback = false;  // quiet hours used the workspace zone (counted)
    std::string zone;            // the zone quiet hours were judged in, when they were
    bool allowed() const { return verdict == Verdict::Allowed; }
};

PolicyDecision check_policies(const PolicyInputs& inputs);

// Per-verdict counts plus the counted anomalies, for run summaries.
struct PolicyTally {
    int64_t by_verdict[k_verdict_count] = {};
    int64_t consent_errors = 0;
    int64_t zone_fallbacks = 0;
    void add(const PolicyDecision& decision);
    int64_t count(Verdict verdict) const { return by_verdict[static_cast<size_t>(verdict)]; }
};

}  // namespace journeyctl::journeys
