// The scope expressions are checked in, built once per validation (so a
// thousand journeys cost one sniff of the data):
//
//   profile  a record of the profile file's fields: sniffed kinds from its
//            first rows (core/data/sniff.hpp), overridden by the types
//            declared under data.profiles.fields, the key field a string
//            (as loading reads it), plus every field a
//            journey's `update` sets (dyn when the data does not have it).
//            Selecting another field is an error. When there is no profile
//            file, or it cannot be read, profile is map(string, dyn) and
//            nothing about its fields is checked (one note says so).
//   events   list of map(string, dyn). Events of different types carry
//            different fields, and a sample cannot prove that a field never
//            occurs, so an event is a map: `e.type`, `e.time` and any
//            `e.properties.value` check as dyn rather than giving false
//            errors.
//   event    the same map, in triggered journeys and wait_for's where.
//   journey  record {id: string, entered_at: timestamp, step: string}.
//   now      timestamp; inSegment(string) -> bool in segments and journeys.
#include <filesystem>

#include "journeys/validate_internal.hpp"

namespace journeyctl::journeys::validation {

using core::data::SniffedKind;
using core::expr::Type;
using core::expr::TypeKind;

namespace {

Type type_of(SniffedKind kind) {
    switch (kind) {
        case SniffedKind::Int: return Type::of(TypeKind::Int);
        case SniffedKind::Double: return Type::of(TypeKind::Double);
        case SniffedKind::Bool: return Type::of(TypeKind::Bool);
        case SniffedKind::Timestamp: return Type::of(TypeKind::Timestamp);
        case SniffedKind::String: return Type::of(TypeKind::String);
        case SniffedKind::List: return Type::list(Type::dyn());
        case SniffedKind::Map: return Type::map(Type::of(TypeKind::String), Type::dyn());
        case SniffedKind::Dyn: return Type::dyn();
    }
    return Type::dyn();
}

Type type_of(core::workspace::FieldType type) {
    using core::workspace::FieldType;
    switch (type) {
        case FieldType::Int: return Type::of(TypeKind::Int);
        case FieldType::Double: return Type::of(TypeKind::Double);
        case FieldType::String: return Type::of(TypeKind::String);
        case FieldType::Bool: return Type::of(TypeKind::Bool);
        case FieldType::Timestamp: return Type::of(TypeKind::Timestamp);
    }
    return Type::dyn();
}

void set_field(std::vector<std::pair<std::string, Type>>& fields, const std::string& name, Type type) {
    for (auto& f : fields) {
        if (f.first == name) {
            f.second = std::move(type);
            return;
        }
    }
    fields.emplace_back(name, std::move(type));
}

// The profile record, or nullopt when the data's fields cannot be known.
std::optional<Type> profile_record(Context& cx) {
    const auto& source = cx.ws.config.profiles;
    if (!source.present || source.file.empty()) return std::nullopt;
    const std::filesystem::path file = cx.ws.root / source.file.value;
    const auto sample = core::data::sniff_file(file);
    if (!sample.readable || sample.fields.empty()) {
        // The sniffer names the file by its full path; diagnostics name
        // files relative to the workspace, as the reader wrote them.
        std::string why = sample.readable ? "it has no fields" : sample.error;
        for (std::size_t at = why.find(file.string()); at != std::string::npos; at = why.find(file.string(), at))
            why.replace(at, file.string().size(), source.file.value);
        cx.report_at(std::string(core::workspace::k_config_file), source.file, "no-data",
                     "cannot read the profile fields of " + in_quotes(source.file.value) + " (" + why +
                         "): profile fields are not checked",
                     Severity::Note);
        return std::nullopt;
    }
    std::vector<std::pair<std::string, Type>> fields;
    for (const auto& f : sample.fields) fields.emplace_back(f.name, type_of(f.kind));
    for (const auto& decl : source.fields) {
        if (!decl.name.empty()) set_field(fields, decl.name.value, type_of(decl.type.value));
    }
    // Loading reads the key as a string whatever its cells look like
    // (core/data/dataset.cpp), so "00042" stays itself and keys compare as text.
    if (!source.key.empty()) set_field(fields, source.key.value, Type::of(TypeKind::String));
    for (const Journey& journey : cx.ws.journeys) {
        for (const Step& step : journey.steps) {
            const auto* update = std::get_if<UpdateAction>(&step.action);
            if (!update) continue;
            for (const auto& [name, value] : update->fields) {
                bool known = false;
                for (const auto& f : fields) known = known || f.first == name.value;
                if (!known && !name.empty()) fields.emplace_back(name.value, Type::dyn());
            }
        }
    }
    return Type::record("profile", std::move(fields));
}

void sample_events(Context& cx) {
    const auto& source = cx.ws.config.events;
    if (!source.present || source.file.empty()) return;
    core::data::SniffOptions options;
    options.values_of = std::string(source.type_field_name());
    auto sample = core::data::sniff_file(cx.ws.root / source.file.value, options);
    if (sample.readable) cx.scope.events_sample = std::move(sample);
}

core::expr::FunctionDecl in_segment_function() {
    core::expr::FunctionDecl decl;
    decl.name = "inSegment";
    decl.parameters = {Type::of(TypeKind::String)};
    decl.result = Type::of(TypeKind::Bool);
    // Validation only checks; evaluation supplies its own implementation.
    decl.implementation = [](std::span<const core::expr::Value>, const core::expr::Activation&) {
        return core::expr::Value::error("inSegment is not available here");
    };
    return decl;
}

}  // namespace

void build_scope(Context& cx) {
    Scope& scope = cx.scope;
    if (auto record = profile_record(cx)) {
        scope.profile = std::move(*record);
        scope.profile_known = true;
    } else {
        scope.profile = Type::map(Type::of(TypeKind::String), Type::dyn());
    }
    sample_events(cx);
    scope.event = Type::map(Type::of(TypeKind::String), Type::dyn());
    const Type journey = Type::record("journey", {{"id", Type::of(TypeKind::String)},
                                                  {"entered_at", Type::of(TypeKind::Timestamp)},
                                                  {"step", Type::of(TypeKind::String)}});

    scope.workspace_env = core::expr::Environment::standard();
    scope.workspace_env.declare("profile", scope.profile);
    scope.workspace_env.declare("events", Type::list(scope.event));
    scope.segment_env = scope.workspace_env;
    scope.segment_env.add_function(in_segment_function());
    scope.journey_env = scope.segment_env;
    scope.journey_env.declare("journey", journey);
    scope.event_env = scope.journey_env;
    scope.event_env.declare("event", scope.event);
    scope.template_env = scope.event_env;
}

}  // namespace journeyctl::journeys::validation
