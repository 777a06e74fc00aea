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

#include "journeys/model/expression_env.hpp"
#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys::validation {

using core::data::SniffedKind;
using core::expr::Type;
using core::expr::TypeKind;

namespace {

// The profile record, or nullopt when the data's fields cannot be known.
std::optional<Type> profile_record(Context& cx) {
    const auto& source = cx.ws.config.profiles;
    if (!source.present || source.file.empty()) return std::nullopt;
    ProfileType profile = profile_type(cx.ws);
    if (!profile.known) {
        // The sniffer names the file by its full path; diagnostics name
        // files relative to the workspace, as the reader wrote them.
        const std::string file = (cx.ws.root / source.file.value).string();
        std::string why = profile.problem;
        for (std::size_t at = why.find(file); at != std::string::npos; at = why.find(file, at))
            why.replace(at, file.size(), source.file.value);
        cx.report_at(std::string(core::workspace::k_config_file), source.file, "no-data",
                     "cannot read the profile fields of " + in_quotes(source.file.value) + " (" + why +
                         "): profile fields are not checked",
                     Severity::Note);
        return std::nullopt;
    }
    return profile.type;
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
