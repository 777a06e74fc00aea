// The policy gate (see message_gate.hpp).
#include "journeys/runtime/message_gate.hpp"

namespace journeyctl::journeys::runtime {

PolicyGate::PolicyGate(const PolicyGateInputs& inputs) : m_inputs(inputs), m_scratch(*inputs.policies) {}

MessageVerdict PolicyGate::check(const CompiledStep& step, const core::expr::Activation& activation,
                                 std::string_view profile_key, core::expr::Timestamp t) {
    MessageVerdict verdict;
    const RenderInputs render{m_inputs.templates, &activation};
    if (m_inputs.render_content) {
        verdict.content = render_message(*step.message_template, *step.channel, render);
        verdict.to = verdict.content->to;
    } else {
        verdict.to = message_address(*step.channel, render);
    }
    PolicyInputs inputs;
    inputs.policies = m_inputs.policies;
    inputs.suppression = m_inputs.suppression;
    inputs.ledger = m_inputs.ledger;
    inputs.activation = &activation;
    inputs.scratch = &m_scratch;
    inputs.channel = step.channel->name.value;
    inputs.channel_kind = step.channel->kind;
    if (verdict.to) inputs.address = *verdict.to;
    inputs.profile_key = profile_key;
    inputs.now = t;
    verdict.decision = check_policies(inputs);  // an allowed message is reserved in the ledger
    return verdict;
}

}  // namespace journeyctl::journeys::runtime
