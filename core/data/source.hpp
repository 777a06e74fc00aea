// What loading needs to know about the data files: where each file is,
// which field is the profile key, which fields hold an event's type and
// time, and the types declared for some fields. core/data knows nothing of
// journeyctl.yaml: the workspace model fills this in
// (core/workspace/data_sources.hpp), and tests, fuzz targets and
// benchmarks describe their files directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace journeyctl::core::data {

// A column's type. Dyn holds per-cell values (JSON objects and arrays,
// fields whose kinds vary); a declared field is never Dyn.
enum class ColumnType : uint8_t { Int, Double, Bool, String, Timestamp, Dyn };

struct DeclaredField {
    std::string name;
    ColumnType type = ColumnType::String;
};

struct DataSource {
    std::string file;                   // relative to the load's root, or absolute
    std::string key;                    // the profile key field
    std::string type_field = "type";    // events: the field holding the type
    std::string time_field = "time";    // events: the field holding the time
    std::vector<DeclaredField> fields;  // declared types, file order
};

// An absent source is not configured. Loading treats one with an empty
// `file` as absent too, but schema_of (core/segment/sql.hpp) still reads
// its key and field names.
struct DataSources {
    std::optional<DataSource> profiles;
    std::optional<DataSource> events;
};

}  // namespace journeyctl::core::data
