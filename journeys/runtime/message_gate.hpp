// Where a send step's message meets the outside world: the step machine
// hands the gate the step and the bound scope and gets back the verdict
// (allowed, or which policy held or refused it) with the address and, when
// wanted, the rendered content. The machine decides what the verdict means
// for the instance (wait for the release, go on); the gate decides how a
// message is checked and recorded.
//
// PolicyGate is the gate dry-run uses and send/run will: the address (or
// the whole message) rendered by render_message, then check_policies with
// the frequency ledger, which reserves an allowed message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/expr/expression.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/messages/message.hpp"
#include "journeys/policy/policy.hpp"

namespace journeyctl::journeys::runtime {

struct MessageVerdict {
    PolicyDecision decision;
    std::optional<std::string> to;
    std::optional<Message> content;  // when the gate renders content
};

class MessageGate {
public:
    virtual ~MessageGate() = default;
    // `activation` has the profile's variables bound at `t`.
    virtual MessageVerdict check(const CompiledStep& step, const core::expr::Activation& activation,
                                 std::string_view profile_key, core::expr::Timestamp t) = 0;
};

struct PolicyGateInputs {
    const CompiledPolicies* policies = nullptr;
    const SuppressionList* suppression = nullptr;  // null: no list
    MessageTemplates* templates = nullptr;
    FrequencyLedger* ledger = nullptr;
    bool render_content = false;  // render the whole message, not only its address
};

class PolicyGate final : public MessageGate {
public:
    explicit PolicyGate(const PolicyGateInputs& inputs);
    MessageVerdict check(const CompiledStep& step, const core::expr::Activation& activation,
                         std::string_view profile_key, core::expr::Timestamp t) override;

private:
    PolicyGateInputs m_inputs;
    PolicyScratch m_scratch;
};

}  // namespace journeyctl::journeys::runtime
