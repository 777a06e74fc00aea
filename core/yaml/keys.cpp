#include "core/yaml/keys.hpp"

namespace journeyctl::core::yaml {

std::string_view value_kind_name(ValueKind kind) {
    switch (kind) {
        case ValueKind::String: return "string";
        case ValueKind::Name: return "name";
        case ValueKind::Int: return "int";
        case ValueKind::Bool: return "bool";
        case ValueKind::Duration: return "duration";
        case ValueKind::Expression: return "expression";
        case ValueKind::Template: return "template";
        case ValueKind::Enum: return "enum";
        case ValueKind::Path: return "path";
        case ValueKind::Url: return "url";
        case ValueKind::Secret: return "secret";
        case ValueKind::Rate: return "rate";
        case ValueKind::ClockTime: return "time";
        case ValueKind::Cron: return "cron";
        case ValueKind::Zone: return "zone";
        case ValueKind::Object: return "object";
        case ValueKind::Map: return "map";
        case ValueKind::List: return "list";
    }
    return "string";
}

std::string_view value_kind_description(ValueKind kind) {
    switch (kind) {
        case ValueKind::String: return "a string";
        case ValueKind::Name: return "a name ([a-z][a-z0-9_-]*)";
        case ValueKind::Int: return "a whole number";
        case ValueKind::Bool: return "true or false";
        case ValueKind::Duration: return "a duration such as 30s, 15m, 12h, 3d or 2w";
        case ValueKind::Expression: return "an expression";
        case ValueKind::Template: return "a template text";
        case ValueKind::Enum: return "one of the listed values";
        case ValueKind::Path: return "a file path";
        case ValueKind::Url: return "an http:// or https:// URL";
        case ValueKind::Secret: return "a string (usually ${VAR})";
        case ValueKind::Rate: return "a rate such as 100/s, 600/m or 1000/h";
        case ValueKind::ClockTime: return "a time of day such as \"09:00\"";
        case ValueKind::Cron: return "a cron schedule such as \"0 9 * * MON\"";
        case ValueKind::Zone: return "a time zone such as Europe/Paris";
        case ValueKind::Object: return "a mapping";
        case ValueKind::Map: return "a mapping";
        case ValueKind::List: return "a list";
    }
    return "a string";
}

bool is_scalar_kind(ValueKind kind) {
    return kind != ValueKind::Object && kind != ValueKind::Map && kind != ValueKind::List;
}

const KeySpec* KeyTable::find(std::string_view key) const {
    for (const KeySpec& spec : keys) {
        if (spec.name == key) return &spec;
    }
    return nullptr;
}

std::vector<std::string_view> KeyTable::key_names() const {
    std::vector<std::string_view> names;
    names.reserve(keys.size());
    for (const KeySpec& spec : keys) names.push_back(spec.name);
    return names;
}

KeySpec item_spec(const KeySpec& container) {
    KeySpec spec = container;
    spec.kind = container.item;
    spec.required = true;
    spec.item = ValueKind::String;
    return spec;
}

}  // namespace journeyctl::core::yaml
