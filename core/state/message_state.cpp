#include "core/state/message_state.hpp"

#include <array>

namespace journeyctl::core::state {

namespace {

constexpr std::array<std::string_view, k_message_state_count> k_names{
    "started", "sent", "failed", "retryable", "ambiguous", "deferred",
};

}  // namespace

std::string_view message_state_name(MessageState state) { return k_names[static_cast<size_t>(state)]; }

std::optional<MessageState> parse_message_state(std::string_view name) {
    for (size_t i = 0; i < k_names.size(); ++i) {
        if (k_names[i] == name) return static_cast<MessageState>(i);
    }
    return std::nullopt;
}

MessageState state_for_rerun(MessageState stored) {
    return stored == MessageState::Started ? MessageState::Ambiguous : stored;
}

bool may_start(std::optional<MessageState> stored, ResendUnknown resend) {
    if (!stored) return true;
    switch (state_for_rerun(*stored)) {
        case MessageState::Retryable:
        case MessageState::Deferred: return true;
        case MessageState::Ambiguous: return resend == ResendUnknown::Yes;
        case MessageState::Sent:
        case MessageState::Failed:
        case MessageState::Started: return false;
    }
    return false;
}

}  // namespace journeyctl::core::state
