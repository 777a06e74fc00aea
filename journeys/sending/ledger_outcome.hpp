// How a delivery outcome is written to the send ledger, the same for a
// `send` batch (batch_sender.cpp) and a run's outbox (running/
// outbox_sender.cpp): the state a disposition is stored as, and the
// provider's words with the channel's secrets taken out.
#pragma once

#include <string>

#include "core/delivery/channel.hpp"
#include "core/delivery/provider.hpp"
#include "core/state/message_state.hpp"

namespace journeyctl::journeys {

core::state::MessageState ledger_state(core::delivery::Disposition disposition);

// The provider's words may quote the request; a secret of the channel
// must not reach the report or the ledger even then. Control characters
// are escaped.
std::string without_secrets(std::string text, const core::delivery::ChannelConfig& channel);

}  // namespace journeyctl::journeys
