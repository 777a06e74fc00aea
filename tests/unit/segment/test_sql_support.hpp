// Shared by the SQL compiler's unit tests: a fixed table layout, and a
// helper that checks an expression and compiles it for one dialect.
#pragma once

#include <string>

#include "core/expr/expression.hpp"
#include "core/expr/time.hpp"
#include "core/segment/sql.hpp"

namespace journeyctl::test {

inline core::segment::SqlSchema sql_test_schema() {
    using core::segment::SqlColumnType;
    core::segment::SqlSchema schema;
    schema.profile_key = "customer_id";
    schema.profile_columns = {{"customer_id", SqlColumnType::String}, {"age", SqlColumnType::Int},
                              {"tier", SqlColumnType::String},        {"email_opt_in", SqlColumnType::Bool},
                              {"score", SqlColumnType::Double},       {"signup_at", SqlColumnType::Timestamp},
                              {"prefs", SqlColumnType::Json}};
    schema.profile_columns_known = true;
    schema.event_key = "customer_id";
    schema.event_type = "event";
    schema.event_time = "ts";
    schema.event_columns = {{"customer_id", SqlColumnType::String}, {"event", SqlColumnType::String},
                            {"ts", SqlColumnType::Timestamp},       {"channel", SqlColumnType::String},
                            {"properties", SqlColumnType::Json}};
    return schema;
}

// The SQL for `where`, or "error: <message>" (with "@line:column").
inline std::string sql_for(const std::string& where,
                           core::segment::SqlDialect dialect = core::segment::SqlDialect::Sqlite,
                           const core::segment::SegmentLookup& segments = {}) {
    const core::segment::SqlSchema schema = sql_test_schema();
    const core::expr::Environment env = core::segment::sql_environment(schema);
    core::expr::CompileOptions options;
    options.expect_bool = true;
    const core::expr::CompileResult compiled = core::expr::compile(where, env, options);
    if (!compiled.ok()) return "compile error: " + compiled.diagnostics.front().message;
    core::segment::SqlOptions sql_options;
    sql_options.dialect = dialect;
    sql_options.now = std::get<core::expr::Timestamp>(core::expr::time::parse_timestamp("2026-11-01T00:00:00Z"));
    sql_options.segments = segments;
    const core::segment::SqlResult result = core::segment::compile_segment_sql(*compiled.program, schema, sql_options);
    if (!result.ok()) {
        return "error: " + result.error->message + " @" + std::to_string(result.error->span.line) + ":" +
               std::to_string(result.error->span.column) +
               (result.error->segment.empty() ? "" : " in " + result.error->segment);
    }
    return result.sql;
}

}  // namespace journeyctl::test
