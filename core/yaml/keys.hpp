// The key tables: for each kind of YAML file (workspace, journey, segment,
// template) one static table says which keys exist, what each holds, whether
// it is required, what it means, and which values it allows. The loaders read
// through it (core/yaml/reader.hpp: unknown keys with "did you mean", missing
// keys, value kinds), and the JSON Schema generator and the man page walk the
// same tables, so documentation and behaviour cannot drift apart.
//
// Tables are constexpr data: a KeyTable holds a span of KeySpecs, and a
// KeySpec of an object, or of a list or map of objects, points at the
// KeyTable of that object.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace journeyctl::core::yaml {

enum class ValueKind : uint8_t {
    String,      // any text
    Name,        // [a-z][a-z0-9_-]*: a name defined or referred to
    Int,         // a whole number
    Bool,        // true | false
    Duration,    // 30s, 15m, 12h, 3d, 2w, 1d12h
    Expression,  // text in the expression language
    Template,    // text with {{ }} interpolation
    Enum,        // one of KeySpec::values
    Path,        // a file path (relative to the workspace, or to the file)
    Url,         // http:// or https://, may hold ${VAR}
    Secret,      // text whose ${VAR} references name secrets
    Rate,        // N/s, N/m or N/h
    ClockTime,   // HH:MM, 24-hour
    Cron,        // five cron fields, or @hourly/@daily/@weekly/@monthly
    Zone,        // an IANA zone ("Europe/Paris") or a fixed offset
    Object,      // a mapping with the keys of KeySpec::object
    Map,         // a mapping from free keys to values of KeySpec::item
    List,        // a sequence of values of KeySpec::item
};

std::string_view value_kind_name(ValueKind kind);
// "a duration such as 30s, 15m, 12h, 3d or 2w": for messages.
std::string_view value_kind_description(ValueKind kind);
bool is_scalar_kind(ValueKind kind);

struct KeyTable;

struct KeySpec {
    std::string_view name;
    ValueKind kind = ValueKind::String;
    bool required = false;
    std::string_view description;
    // Enum (or a List/Map whose item is Enum): the allowed values.
    std::span<const std::string_view> values = {};
    // Object: its keys. List/Map with item Object: each item's keys. A
    // scalar kind with an object: the value may also be written as that
    // object (`wait: 3d` or `wait: { until: "09:00" }`).
    const KeyTable* object = nullptr;
    // List/Map: the kind of each item.
    ValueKind item = ValueKind::String;
    // Map: what its free keys are ("channel name", "field name"); they are
    // Names when key_kind is Name.
    ValueKind key_kind = ValueKind::String;
};

struct KeyTable {
    std::string_view name;         // "journey", "step", "channel"
    std::string_view description;  // one line, for docs
    std::span<const KeySpec> keys;

    const KeySpec* find(std::string_view key) const;
    std::vector<std::string_view> key_names() const;
};

// Builders for table rows, so tables read as one line a key:
//   key("timeout", ValueKind::Duration, false, "Leave after this long (default 90d)")
constexpr KeySpec key(std::string_view name, ValueKind kind, bool required, std::string_view description) {
    KeySpec spec;
    spec.name = name;
    spec.kind = kind;
    spec.required = required;
    spec.description = description;
    return spec;
}
constexpr KeySpec enum_key(std::string_view name, std::span<const std::string_view> values, bool required,
                           std::string_view description) {
    KeySpec spec = key(name, ValueKind::Enum, required, description);
    spec.values = values;
    return spec;
}
// An Object key, or a scalar key that may also be written as an object.
constexpr KeySpec object_key(std::string_view name, ValueKind kind, const KeyTable& object, bool required,
                             std::string_view description) {
    KeySpec spec = key(name, kind, required, description);
    spec.object = &object;
    return spec;
}
constexpr KeySpec list_key(std::string_view name, ValueKind item, bool required, std::string_view description,
                           const KeyTable* item_object = nullptr) {
    KeySpec spec = key(name, ValueKind::List, required, description);
    spec.item = item;
    spec.object = item_object;
    return spec;
}
constexpr KeySpec map_key(std::string_view name, ValueKind key_kind, ValueKind item, bool required,
                          std::string_view description, std::span<const std::string_view> item_values = {},
                          const KeyTable* item_object = nullptr) {
    KeySpec spec = key(name, ValueKind::Map, required, description);
    spec.key_kind = key_kind;
    spec.item = item;
    spec.values = item_values;
    spec.object = item_object;
    return spec;
}

// A key that is an enum or an object (`reentry: never` or `reentry: { after: 30d }`).
constexpr KeySpec with_values(KeySpec spec, std::span<const std::string_view> values) {
    spec.values = values;
    return spec;
}

// The spec of one item of a List or Map spec (kind = item, same values and
// object), so items are read with the same functions as keys.
KeySpec item_spec(const KeySpec& container);

}  // namespace journeyctl::core::yaml
