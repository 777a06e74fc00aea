// A rendered Message made into what delivery sends: the idempotency key,
// the resolved `from`, and for email the RFC 5322 form (journeys/messages/
// eml.hpp) that SMTP and raw sends carry, built from the same message that
// `render --format eml` shows, and the List-Unsubscribe headers that the
// JSON APIs carry in their own fields.
#pragma once

#include <string>

#include "core/delivery/channel.hpp"
#include "core/delivery/message.hpp"
#include "core/expr/value.hpp"
#include "core/workspace/secret.hpp"
#include "journeys/messages/message.hpp"

namespace journeyctl::journeys {

struct OutgoingInputs {
    std::string idempotency_key;
    std::string profile_key;
    std::string batch;          // named in the Message-ID's hash, as a journey is
    std::string template_name;
    core::expr::Timestamp now;  // the Date header
    const core::workspace::Env* env = nullptr;  // resolves `from`
};

// The message must have an address that passed the policies (check_policies'
// invalid_address refuses the others). ConfigError when `from` names an
// unset variable.
core::delivery::OutgoingMessage outgoing_message(const Message& message, const core::delivery::ChannelConfig& channel,
                                                 const OutgoingInputs& inputs);

}  // namespace journeyctl::journeys
