// A rendered Message as JSON and back: an instance holding a message for
// quiet hours keeps it so (runtime/instance.cpp), and a run's outbox keeps
// the messages it decided until delivery has settled them, maybe in a
// later process after a crash. Render problems are for display and not
// kept: a message with problems is never sent.
#pragma once

#include <nlohmann/json.hpp>

#include "journeys/messages/message.hpp"

namespace journeyctl::journeys {

nlohmann::json message_to_json(const Message& message);
// Throws nlohmann::json::exception or std::invalid_argument for JSON that
// message_to_json did not write.
Message message_from_json(const nlohmann::json& json);

}  // namespace journeyctl::journeys
