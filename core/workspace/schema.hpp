// JSON Schema (draft 2020-12) generated from the key tables
// (core/yaml/keys.hpp), so an editor's completion and checks say what the
// loader accepts. The generic part turns any KeyTable into an object schema
// (properties with descriptions, required keys, additionalProperties false
// for unknown keys, value syntaxes as patterns); workspace_schema() adds
// what the tables say only in words: each provider's required settings and
// that a channel takes no other provider's settings. The journey, segment
// and template schemas live beside their tables, in journeys/model/schema.hpp.
#pragma once

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/yaml/keys.hpp"

namespace journeyctl::core::workspace {

// Ordered, so the printed schema follows the tables' order and is the same
// on every run.
using SchemaJson = nlohmann::ordered_json;

inline constexpr std::string_view k_schema_dialect = "https://json-schema.org/draft/2020-12/schema";

// Called for every object schema made from a table, after its properties
// and required keys: adds the constraints a table cannot express ("exactly
// one action") to `schema`.
using SchemaRefiner = std::function<void(const yaml::KeyTable& table, SchemaJson& schema)>;

// The schema of one value written under `spec` (a key's value, or an item's
// when given item_spec(container)).
SchemaJson value_schema(const yaml::KeySpec& spec, const SchemaRefiner& refine = {});
// An object with the table's keys and nothing else.
SchemaJson object_schema(const yaml::KeyTable& table, const SchemaRefiner& refine = {});

// The regular expression (ECMA-262, as JSON Schema uses) a scalar of this
// kind matches; empty when any text is accepted.
std::string_view value_pattern(yaml::ValueKind kind);

// The whole document for journeyctl.yaml, with "$schema" and a title.
SchemaJson workspace_schema();

}  // namespace journeyctl::core::workspace
