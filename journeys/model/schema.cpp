#include "journeys/model/schema.hpp"

#include <string>

#include "journeys/model/keys.hpp"

namespace journeyctl::journeys {

using core::yaml::KeyTable;

namespace {

constexpr std::string_view k_kinds[] = {"workspace", "journey", "segment", "template"};

SchemaJson no_keys(std::initializer_list<std::string_view> keys) {
    SchemaJson properties = SchemaJson::object();
    for (std::string_view key : keys) properties[std::string(key)] = false;
    return properties;
}

SchemaJson required(std::initializer_list<std::string_view> keys) {
    SchemaJson list = SchemaJson::array();
    for (std::string_view key : keys) list.push_back(key);
    return list;
}

void refine_step(SchemaJson& schema) {
    SchemaJson one_action = SchemaJson::array();
    for (std::string_view action : step_action_keys()) {
        one_action.push_back({{"required", SchemaJson::array({action})}});
    }
    schema["oneOf"] = std::move(one_action);
    schema["properties"]["exit"]["const"] = true;
    schema["properties"]["branch"]["minItems"] = 1;
    schema["properties"]["split"]["minItems"] = 1;
    schema["properties"]["update"]["minProperties"] = 1;
    // After exit, branch and split the next step is decided by the action.
    SchemaJson no_goto = {{"properties", no_keys({"goto"})}};
    schema["dependentSchemas"] = {{"exit", no_goto}, {"branch", no_goto}, {"split", no_goto}};
}

void refine_journey_table(const KeyTable& table, SchemaJson& schema) {
    if (&table == &step_keys()) {
        refine_step(schema);
    } else if (&table == &journey_keys()) {
        schema["properties"]["steps"]["minItems"] = 1;
    } else if (table.name == "entry") {
        schema["oneOf"] = {
            {{"required", required({"segment"})}, {"properties", no_keys({"event", "where"})}},
            {{"required", required({"event"})}, {"properties", no_keys({"segment", "schedule"})}},
        };
    } else if (table.name == "branch case") {
        schema["oneOf"] = {
            {{"required", required({"when", "goto"})}, {"properties", no_keys({"else"})}},
            {{"required", required({"else"})}, {"properties", no_keys({"when", "goto"})}},
        };
    } else if (table.name == "wait_for") {
        schema["dependentRequired"] = {{"on_timeout", required({"timeout"})}};
    } else if (table.name == "split arm") {
        schema["properties"]["weight"]["minimum"] = 1;
    } else if (&table == &template_keys()) {
        schema["dependentSchemas"] = {{"html_file", {{"properties", no_keys({"html"})}}},
                                      {"text_file", {{"properties", no_keys({"text"})}}}};
    }
}

SchemaJson document(std::string_view title, const KeyTable& table) {
    SchemaJson schema = {{"$schema", core::workspace::k_schema_dialect}, {"title", title}};
    schema.update(core::workspace::object_schema(table, refine_journey_table));
    return schema;
}

}  // namespace

std::span<const std::string_view> schema_kinds() { return k_kinds; }

std::optional<SchemaJson> schema_for(std::string_view kind) {
    if (kind == "workspace") return core::workspace::workspace_schema();
    if (kind == "journey") return document("journeyctl journey (journeys/NAME.yaml)", journey_keys());
    if (kind == "segment") return document("journeyctl segment (segments/NAME.yaml)", segment_keys());
    if (kind == "template") return document("journeyctl template (templates/NAME.yaml)", template_keys());
    return std::nullopt;
}

SchemaJson combined_schema() {
    SchemaJson defs = SchemaJson::object();
    SchemaJson one_of = SchemaJson::array();
    for (std::string_view kind : k_kinds) {
        SchemaJson schema = *schema_for(kind);
        // Only a document's root names the dialect.
        schema.erase("$schema");
        defs[std::string(kind)] = std::move(schema);
        one_of.push_back({{"$ref", "#/$defs/" + std::string(kind)}});
    }
    return {{"$schema", core::workspace::k_schema_dialect},
            {"title", "journeyctl files (journeyctl.yaml, journeys, segments, templates)"},
            {"oneOf", std::move(one_of)},
            {"$defs", std::move(defs)}};
}

}  // namespace journeyctl::journeys
