#include "core/workspace/data_sources.hpp"

namespace journeyctl::core::workspace {
namespace {

data::ColumnType column_type_of(FieldType type) {
    switch (type) {
        case FieldType::Int: return data::ColumnType::Int;
        case FieldType::Double: return data::ColumnType::Double;
        case FieldType::String: return data::ColumnType::String;
        case FieldType::Bool: return data::ColumnType::Bool;
        case FieldType::Timestamp: return data::ColumnType::Timestamp;
    }
    return data::ColumnType::String;
}

std::optional<data::DataSource> describe(const DataSource& source) {
    if (!source.present) return std::nullopt;
    data::DataSource out;
    out.file = source.file.value;
    out.key = source.key.value;
    out.type_field = std::string(source.type_field_name());
    out.time_field = std::string(source.time_field_name());
    for (const FieldDecl& decl : source.fields) out.fields.push_back({decl.name.value, column_type_of(decl.type.value)});
    return out;
}

}  // namespace

data::DataSources data_sources(const WorkspaceConfig& config) {
    return {describe(config.profiles), describe(config.events)};
}

}  // namespace journeyctl::core::workspace
