#include "journeys/sending/outgoing.hpp"

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "journeys/messages/eml.hpp"

namespace journeyctl::journeys {

core::delivery::OutgoingMessage outgoing_message(const Message& message, const core::delivery::ChannelConfig& channel,
                                                 const OutgoingInputs& inputs) {
    core::delivery::OutgoingMessage out;
    out.idempotency_key = inputs.idempotency_key;
    out.profile_key = inputs.profile_key;
    out.kind = channel.kind;
    out.to = message.to.value_or("");
    if (message.from) {
        auto from = core::workspace::try_resolve_secret(*message.from, *inputs.env);
        if (auto* error = std::get_if<core::workspace::SecretError>(&from)) {
            throw core::ConfigError(fmt::format("channel '{}' from: {}", channel.name, error->message));
        }
        out.from = std::get<std::string>(std::move(from));
    }
    out.subject = message.subject;
    out.text = message.text;
    out.html = message.html;
    out.body = message.body;
    out.title = message.title;
    out.data = message.data;
    out.headers = message.headers;
    if (channel.kind == core::delivery::MessageKind::Email) {
        Message resolved = message;
        resolved.from = out.from;
        out.rfc5322 = to_eml(resolved, {.now = inputs.now,
                                        .journey = inputs.batch,
                                        .template_name = inputs.template_name,
                                        .profile_key = inputs.profile_key});
    }
    return out;
}

}  // namespace journeyctl::journeys
