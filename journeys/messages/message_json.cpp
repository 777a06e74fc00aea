#include "journeys/messages/message_json.hpp"

#include <stdexcept>

#include "core/workspace/keys.hpp"

namespace journeyctl::journeys {

namespace {

using nlohmann::json;

void put_optional(json& j, const char* key, const std::optional<std::string>& value) {
    if (value) j[key] = *value;
}

std::optional<std::string> get_optional(const json& j, const char* key) {
    if (!j.contains(key)) return std::nullopt;
    return j.at(key).get<std::string>();
}

core::workspace::ChannelKind channel_kind_from(const std::string& name) {
    using core::workspace::ChannelKind;
    for (ChannelKind kind :
         {ChannelKind::Email, ChannelKind::Sms, ChannelKind::Push, ChannelKind::Webhook, ChannelKind::DirectMail}) {
        if (core::workspace::channel_kind_name(kind) == name) return kind;
    }
    throw std::invalid_argument("unknown channel kind '" + name + "'");
}

}  // namespace

json message_to_json(const Message& m) {
    json j{{"channel", m.channel}, {"kind", std::string(core::workspace::channel_kind_name(m.kind))}};
    put_optional(j, "to", m.to);
    put_optional(j, "from", m.from);
    put_optional(j, "subject", m.subject);
    put_optional(j, "text", m.text);
    put_optional(j, "html", m.html);
    put_optional(j, "body", m.body);
    put_optional(j, "title", m.title);
    if (!m.data.empty()) j["data"] = m.data;
    if (!m.headers.empty()) j["headers"] = m.headers;
    return j;
}

Message message_from_json(const json& j) {
    Message m;
    m.channel = j.at("channel").get<std::string>();
    m.kind = channel_kind_from(j.at("kind").get<std::string>());
    m.to = get_optional(j, "to");
    m.from = get_optional(j, "from");
    m.subject = get_optional(j, "subject");
    m.text = get_optional(j, "text");
    m.html = get_optional(j, "html");
    m.body = get_optional(j, "body");
    m.title = get_optional(j, "title");
    if (j.contains("data")) m.data = j.at("data").get<std::vector<std::pair<std::string, std::string>>>();
    if (j.contains("headers")) m.headers = j.at("headers").get<std::vector<std::pair<std::string, std::string>>>();
    return m;
}

}  // namespace journeyctl::journeys
