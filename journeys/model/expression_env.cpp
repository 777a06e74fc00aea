// The profile record type of a workspace and the segment engine over its
// segments (see expression_env.hpp).
#include "journeys/model/expression_env.hpp"

#include <algorithm>

#include "core/data/sniff.hpp"
#include "core/expr/parser.hpp"

namespace journeyctl::journeys {

using core::expr::Type;
using core::expr::TypeKind;

namespace {

Type type_of(core::data::SniffedKind kind) {
    using core::data::SniffedKind;
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

void set_field(std::vector<std::pair<std::string, Type>>& fields, const std::string& name, Type type, bool replace) {
    for (auto& field : fields) {
        if (field.first == name) {
            if (replace) field.second = std::move(type);
            return;
        }
    }
    fields.emplace_back(name, std::move(type));
}

}  // namespace

ProfileType profile_type(const Workspace& workspace) {
    ProfileType result;
    result.type = Type::map(Type::of(TypeKind::String), Type::dyn());
    const auto& source = workspace.config.profiles;
    if (!source.present || source.file.empty()) {
        result.problem = "the workspace has no profile file";
        return result;
    }
    const auto sample = core::data::sniff_file(workspace.root / source.file.value);
    if (!sample.readable || sample.fields.empty()) {
        result.problem = sample.readable ? "it has no fields" : sample.error;
        return result;
    }
    std::vector<std::pair<std::string, Type>> fields;
    for (const auto& field : sample.fields) fields.emplace_back(field.name, type_of(field.kind));
    for (const auto& decl : source.fields) {
        if (!decl.name.empty()) set_field(fields, decl.name.value, type_of(decl.type.value), true);
    }
    // Loading reads the key as a string whatever its cells look like
    // (core/data/dataset.cpp), so "00042" stays itself and keys compare as text.
    if (!source.key.empty()) set_field(fields, source.key.value, Type::of(TypeKind::String), true);
    for (const Journey& journey : workspace.journeys) {
        for (const Step& step : journey.steps) {
            const auto* update = std::get_if<UpdateAction>(&step.action);
            if (update == nullptr) continue;
            for (const auto& [name, value] : update->fields) {
                if (!name.empty()) set_field(fields, name.value, Type::dyn(), false);
            }
        }
    }
    result.type = Type::record("profile", std::move(fields));
    result.known = true;
    return result;
}

core::segment::Engine segment_engine(const Workspace& workspace) {
    std::vector<core::segment::SegmentDef> defs;
    for (const Segment& segment : workspace.segments) defs.push_back({segment.name.value, segment.where.value});
    return core::segment::Engine(std::move(defs), profile_type(workspace).type);
}

core::diag::Diagnostic segment_diagnostic(const Workspace& workspace, const core::segment::CompileProblem& problem) {
    core::diag::Diagnostic d;
    d.message = problem.message;
    d.code = !problem.code.empty()                                   ? problem.code
             : problem.message.rfind("there is no segment", 0) == 0 ? "unknown-segment"
                                                                     : "expr-type";
    const Segment* segment = workspace.segment(problem.segment);
    if (segment == nullptr) return d;
    if (!core::expr::parse(segment->where.value).root) d.code = "expr-syntax";
    const Text& where = segment->where;
    const std::size_t visible_end = where.value.find_last_not_of(" \t\r\n") + 1;
    const std::size_t start = std::min<std::size_t>(problem.span.offset, visible_end);
    const auto pos = where.at(start);
    d.path = segment->file;
    d.line = pos.line;
    d.column = pos.column;
    const auto newline = where.value.find('\n', start);
    const std::size_t line_end = newline == std::string::npos ? where.value.size() : newline;
    d.length = std::max<uint32_t>(1, static_cast<uint32_t>(std::min<std::size_t>(problem.span.length, line_end - start)));
    return d;
}

}  // namespace journeyctl::journeys
