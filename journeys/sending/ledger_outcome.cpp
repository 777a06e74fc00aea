#include "journeys/sending/ledger_outcome.hpp"

#include "core/util/escape.hpp"

namespace journeyctl::journeys {

using core::delivery::Disposition;
using core::state::MessageState;

MessageState ledger_state(Disposition disposition) {
    switch (disposition) {
        case Disposition::Sent: return MessageState::Sent;
        case Disposition::Retry: return MessageState::Retryable;
        case Disposition::Permanent: return MessageState::Failed;
        case Disposition::Ambiguous: return MessageState::Ambiguous;
    }
    return MessageState::Ambiguous;
}

std::string without_secrets(std::string text, const core::delivery::ChannelConfig& channel) {
    for (const std::string& secret : channel.secrets) {
        if (secret.empty()) continue;
        for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
            text.replace(at, secret.size(), "[redacted]");
            at += 10;
        }
    }
    return core::util::escape_controls(text);
}

}  // namespace journeyctl::journeys
