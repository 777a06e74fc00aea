// An instance as JSON (see instance.hpp). Timestamps and durations are
// written as their CEL text ("2026-10-05T09:00:00Z", "259200s"), which
// parses back to the same instant.
#include "journeys/runtime/instance.hpp"

#include <limits>
#include <stdexcept>
#include <string>

#include "core/expr/json_value.hpp"
#include "core/expr/time.hpp"
#include "journeys/messages/message_json.hpp"

namespace journeyctl::journeys::runtime {

namespace expr = core::expr;
using nlohmann::json;

namespace {

json time_json(Timestamp t) { return expr::time::format_timestamp(t); }

Timestamp time_from(const json& j) {
    const auto parsed = expr::time::parse_timestamp(j.get<std::string>());
    if (const auto* error = std::get_if<expr::time::TimeError>(&parsed)) throw std::invalid_argument(error->message);
    return std::get<Timestamp>(parsed);
}

json value_json(const expr::Value& value) {
    switch (value.kind()) {
        case expr::Value::Kind::Timestamp: return {{"timestamp", time_json(value.as_timestamp())}};
        case expr::Value::Kind::Duration: return {{"duration", expr::time::format_duration(value.as_duration())}};
        default: return {{"json", json::parse(value.to_json())}};
    }
}

expr::Value value_from(const json& j) {
    if (j.contains("timestamp")) return expr::Value::timestamp(time_from(j.at("timestamp")));
    if (j.contains("duration")) {
        const auto parsed = expr::time::parse_duration(j.at("duration").get<std::string>());
        if (const auto* error = std::get_if<expr::time::TimeError>(&parsed)) throw std::invalid_argument(error->message);
        return expr::Value::duration(std::get<expr::Duration>(parsed));
    }
    return expr::value_from_json(j.at("json"));
}

template <typename T>
void put_optional(json& j, const char* key, const std::optional<T>& value) {
    if (value) j[key] = *value;
}

// An unsigned integer member no larger than T holds. nlohmann's get<T>
// would convert a float or a larger number, which is undefined behaviour
// out of range: a damaged state file must be refused, not converted.
template <typename T>
T unsigned_member(const json& j, const char* key) {
    const json& value = j.at(key);
    if (!value.is_number_unsigned() || value.get<uint64_t>() > std::numeric_limits<T>::max()) {
        throw std::invalid_argument(std::string(key) + " is not an unsigned integer in range");
    }
    return static_cast<T>(value.get<uint64_t>());
}

template <typename T>
std::optional<T> get_optional(const json& j, const char* key) {
    if (!j.contains(key)) return std::nullopt;
    return j.at(key).get<T>();
}

}  // namespace

json to_json(const Instance& in) {
    json j{{"journey", in.journey}, {"version", in.version}, {"entry_id", in.entry_id}, {"active", in.active}};
    if (in.last_entry) j["last_entry"] = time_json(*in.last_entry);
    j["goals"] = json::array();
    for (const GoalWindow& g : in.goals) j["goals"].push_back({{"entered", time_json(g.entered)}, {"deadline", time_json(g.deadline)}});
    j["updates"] = json::array();
    for (const FieldUpdate& u : in.updates) j["updates"].push_back({{"field", u.field}, {"value", value_json(u.value)}});
    if (!in.active) return j;
    j["entered_at"] = time_json(in.entered_at);
    j["timeout_at"] = time_json(in.timeout_at);
    j["step"] = in.step;
    j["arrived_at"] = time_json(in.arrived_at);
    if (in.timer) j["timer"] = time_json(*in.timer);
    if (in.held) {
        json held = json::object();
        put_optional(held, "to", in.held->to);
        if (in.held->content) held["content"] = message_to_json(*in.held->content);
        j["held"] = held;
    }
    put_optional(j, "event", in.event);
    j["visits"] = json::array();
    for (const StepVisits& v : in.visits) j["visits"].push_back({{"step", v.step}, {"count", v.count}});
    return j;
}

Instance instance_from_json(const json& j) {
    Instance in;
    in.journey = j.at("journey").get<std::string>();
    in.version = unsigned_member<uint32_t>(j, "version");
    in.entry_id = unsigned_member<uint64_t>(j, "entry_id");
    in.active = j.at("active").get<bool>();
    if (j.contains("last_entry")) in.last_entry = time_from(j.at("last_entry"));
    for (const json& g : j.at("goals")) in.goals.push_back({time_from(g.at("entered")), time_from(g.at("deadline"))});
    for (const json& u : j.at("updates")) {
        in.updates.push_back({u.at("field").get<std::string>(), value_from(u.at("value"))});
    }
    if (!in.active) return in;
    in.entered_at = time_from(j.at("entered_at"));
    in.timeout_at = time_from(j.at("timeout_at"));
    in.step = j.at("step").get<std::string>();
    in.arrived_at = time_from(j.at("arrived_at"));
    if (j.contains("timer")) in.timer = time_from(j.at("timer"));
    if (j.contains("held")) {
        const json& held = j.at("held");
        HeldMessage message;
        message.to = get_optional<std::string>(held, "to");
        if (held.contains("content")) message.content = message_from_json(held.at("content"));
        in.held = std::move(message);
    }
    if (j.contains("event")) in.event = unsigned_member<uint64_t>(j, "event");
    for (const json& v : j.at("visits")) in.visits.push_back({v.at("step").get<std::string>(), unsigned_member<uint32_t>(v, "count")});
    return in;
}

}  // namespace journeyctl::journeys::runtime
