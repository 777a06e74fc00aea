// JSON Schemas of journey, segment and template files, generated from their
// key tables (journeys/model/keys.hpp) by core/workspace/schema.hpp's walker, plus
// the rules the loader enforces beyond the tables: a step has exactly one
// action, an entry is either scheduled (segment) or triggered (event), a
// branch case is {when, goto} or {else}, `exit` is only true, `goto` means
// nothing on exit/branch/split steps, `on_timeout` needs a `timeout`.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/workspace/schema.hpp"

namespace journeyctl::journeys {

using core::workspace::SchemaJson;

// workspace, journey, segment, template: the arguments `journeyctl schema`
// takes, in that order.
std::span<const std::string_view> schema_kinds();

// The document for one kind (with "$schema" and "title"); nothing for an
// unknown kind.
std::optional<SchemaJson> schema_for(std::string_view kind);

// All four kinds in one document: each under "$defs", and the document
// accepts a file that is exactly one of them, so one schema can be
// associated with every journeyctl YAML file.
SchemaJson combined_schema();

}  // namespace journeyctl::journeys
