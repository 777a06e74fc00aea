// Key tables to JSON Schema. Each ValueKind maps to one schema fragment; a
// scalar kind that may also be written as an object (`wait: 3d` or
// `wait: { until: "09:00" }`) becomes an anyOf of both. Patterns follow the
// loader's parsers (core/yaml/reader.cpp, expr::time::parse_duration) so a
// value the schema accepts is one the loader reads; checks that need the
// whole workspace (a template naming a real channel) stay validate's.
#include "core/workspace/schema.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/workspace/keys.hpp"

namespace journeyctl::core::workspace {

using yaml::KeySpec;
using yaml::KeyTable;
using yaml::ValueKind;

namespace {

constexpr std::string_view k_name_pattern = "^[a-z][a-z0-9_-]*$";
// Positive durations: one or more number+unit terms (Go-style, plus d and w).
constexpr std::string_view k_duration_pattern =
    "^\\+?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h|d|w))+$";
constexpr std::string_view k_rate_pattern = "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)/[smh]$";
constexpr std::string_view k_clock_pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
constexpr std::string_view k_cron_pattern =
    "^([ \\t]*[^ \\t]+([ \\t]+[^ \\t]+){4}[ \\t]*|@(hourly|daily|weekly|monthly|yearly|annually|midnight))$";
constexpr std::string_view k_url_pattern = "^(https?://|\\$\\{)";
constexpr std::string_view k_not_blank_pattern = "[^ \\t\\r\\n]";

SchemaJson string_schema(std::string_view pattern) {
    SchemaJson schema = {{"type", "string"}};
    if (!pattern.empty()) schema["pattern"] = pattern;
    return schema;
}

SchemaJson enum_schema(std::span<const std::string_view> values) {
    SchemaJson list = SchemaJson::array();
    for (std::string_view v : values) list.push_back(v);
    return {{"enum", list}};
}

// The schema of a scalar of this kind, without description.
SchemaJson scalar_schema(const KeySpec& spec) {
    switch (spec.kind) {
        case ValueKind::Int: return {{"type", "integer"}};
        case ValueKind::Bool: return {{"type", "boolean"}};
        case ValueKind::Enum: return enum_schema(spec.values);
        case ValueKind::Expression: {
            // A literal is an expression too (`where: true`, `score: 0`);
            // YAML-to-JSON converters turn those into booleans and numbers.
            // anyOf rather than a type list, which strict validators flag.
            return {{"anyOf", {string_schema(k_not_blank_pattern), {{"type", "boolean"}}, {{"type", "number"}}}}};
        }
        default: return string_schema(value_pattern(spec.kind));
    }
}

// A key's schema with the key's description first; it replaces a nested
// table's own description, which says less about this use of it.
SchemaJson described(const KeySpec& spec, const SchemaJson& schema) {
    SchemaJson property = {{"description", spec.description}};
    for (const auto& [name, value] : schema.items()) {
        if (name != "description") property[name] = value;
    }
    return property;
}

}  // namespace

std::string_view value_pattern(ValueKind kind) {
    switch (kind) {
        case ValueKind::Name: return k_name_pattern;
        case ValueKind::Duration: return k_duration_pattern;
        case ValueKind::Rate: return k_rate_pattern;
        case ValueKind::ClockTime: return k_clock_pattern;
        case ValueKind::Cron: return k_cron_pattern;
        case ValueKind::Url: return k_url_pattern;
        case ValueKind::Path:
        case ValueKind::Expression:
        case ValueKind::Zone: return k_not_blank_pattern;
        default: return {};
    }
}

SchemaJson value_schema(const KeySpec& spec, const SchemaRefiner& refine) {
    SchemaJson schema;
    switch (spec.kind) {
        case ValueKind::Object:
            schema = object_schema(*spec.object, refine);
            break;
        case ValueKind::List:
            schema = {{"type", "array"}, {"items", value_schema(yaml::item_spec(spec), refine)}};
            break;
        case ValueKind::Map: {
            schema = {{"type", "object"}};
            if (spec.key_kind == ValueKind::Name) schema["propertyNames"] = {{"pattern", k_name_pattern}};
            schema["additionalProperties"] = value_schema(yaml::item_spec(spec), refine);
            break;
        }
        default:
            if (spec.object != nullptr) {
                schema = {{"anyOf", {scalar_schema(spec), object_schema(*spec.object, refine)}}};
            } else {
                schema = scalar_schema(spec);
            }
            break;
    }
    return schema;
}

SchemaJson object_schema(const KeyTable& table, const SchemaRefiner& refine) {
    SchemaJson schema = {{"type", "object"}};
    if (!table.description.empty()) schema["description"] = table.description;
    SchemaJson properties = SchemaJson::object();
    SchemaJson required = SchemaJson::array();
    for (const KeySpec& spec : table.keys) {
        properties[std::string(spec.name)] = described(spec, value_schema(spec, refine));
        if (spec.required) required.push_back(spec.name);
    }
    schema["properties"] = std::move(properties);
    if (!required.empty()) schema["required"] = std::move(required);
    schema["additionalProperties"] = false;
    if (refine) refine(table, schema);
    return schema;
}

namespace {

// A channel: the common keys and every provider's settings as properties,
// then per provider (if provider is X) its required settings and no other
// provider's.
// "^(smtp://|smtps://|\$\{)": what base_url may start with.
std::string base_url_pattern(std::span<const std::string_view> schemes) {
    std::string pattern = "^(";
    for (const std::string_view scheme : schemes) pattern += std::string(scheme) + "|";
    return pattern + "\\$\\{)";
}

void refine_channel(SchemaJson& schema) {
    const KeyTable& settings = all_provider_settings();
    for (const KeySpec& spec : settings.keys) {
        schema["properties"][std::string(spec.name)] = described(spec, value_schema(spec));
    }
    // Every provider's schemes here; each provider's own below.
    std::vector<std::string_view> schemes;
    for (const ProviderSpec& provider : providers()) {
        for (const std::string_view scheme : base_url_schemes(provider.name)) {
            if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) schemes.push_back(scheme);
        }
    }
    schema["properties"]["base_url"]["pattern"] = base_url_pattern(schemes);
    SchemaJson rules = SchemaJson::array();
    for (const ProviderSpec& provider : providers()) {
        SchemaJson then = SchemaJson::object();
        SchemaJson required = SchemaJson::array();
        for (const KeySpec& spec : provider.settings->keys) {
            if (spec.required) required.push_back(spec.name);
        }
        if (!required.empty()) then["required"] = std::move(required);
        then["properties"]["base_url"] = string_schema(base_url_pattern(base_url_schemes(provider.name)));
        SchemaJson forbidden = SchemaJson::object();
        for (const KeySpec& spec : settings.keys) {
            if (provider.settings->find(spec.name) == nullptr) forbidden[std::string(spec.name)] = false;
        }
        then["properties"].update(forbidden);
        rules.push_back({{"if", {{"properties", {{"provider", {{"const", provider.name}}}}}, {"required", SchemaJson::array({"provider"})}}},
                         {"then", std::move(then)}});
    }
    schema["allOf"] = std::move(rules);
}

void refine_workspace_table(const KeyTable& table, SchemaJson& schema) {
    if (&table == &channel_keys()) {
        refine_channel(schema);
    } else if (table.name == "frequency cap") {
        schema["properties"]["max"]["minimum"] = 1;  // the loader rejects 0 and below
    }
}

}  // namespace

SchemaJson workspace_schema() {
    SchemaJson schema = {{"$schema", k_schema_dialect},
                         {"title", "journeyctl workspace (journeyctl.yaml)"}};
    schema.update(object_schema(workspace_keys(), refine_workspace_table));
    return schema;
}

}  // namespace journeyctl::core::workspace
