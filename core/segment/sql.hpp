// `segment sql`: a segment's checked `where` expression compiled into one SQL
// query over two tables, `profiles` and `events`, for SQLite, PostgreSQL,
// DuckDB or Spark SQL. Running the query over the tables that
// `data export` writes (SQLite) selects exactly the profiles that
// `segment export` selects.
//
// How CEL's semantics are kept (documented in journeyctl-segment(1)):
//   * a CEL error (an absent field, a type mismatch inside dyn data, a
//     division by zero) is SQL NULL. SQL's AND/OR/NOT on NULL are Kleene's
//     three-valued logic, which is exactly CEL's commutative && / || / !
//     on errors, and WHERE drops a NULL row as journeyctl drops a profile
//     whose condition is an error;
//   * every fragment knows whether it may be NULL, so the common case
//     (`e.type == "purchase"`, never NULL) compiles to a plain EXISTS or
//     COUNT(*), and only predicates that can fail get the extra "did any
//     event make this an error" test that CEL's macros need;
//   * dyn values (event properties, JSON columns) are read with the
//     dialect's JSON functions and guarded by their JSON type, so that
//     `e.properties.amount > 50` is NULL (an error) for a string amount, as
//     in CEL, rather than SQLite's text-versus-number ordering.
// `now` is a literal: the instant given with --now, or the clock when the
// SQL is generated. The events after it are left out of every events
// subquery, as segment export hides them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expression.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::data {
class Dataset;
struct DataSources;
}

namespace journeyctl::core::segment {

enum class SqlDialect : uint8_t { Sqlite, Postgres, Duckdb, Spark };
std::string_view sql_dialect_name(SqlDialect dialect);  // "sqlite", ...
std::optional<SqlDialect> parse_sql_dialect(std::string_view name);

// The type of a column in the SQL tables. Json holds any JSON value as
// text (SQLite, Spark) or as the engine's JSON type; Unknown is a column
// whose type journeyctl does not know (no data file to look at): it is
// used as the expression around it wants.
enum class SqlColumnType : uint8_t { Int, Double, Bool, String, Timestamp, Json, Unknown };
std::string_view sql_column_type_name(SqlColumnType type, SqlDialect dialect);  // "INTEGER", "BIGINT", ...

struct SqlColumn {
    std::string name;
    SqlColumnType type = SqlColumnType::Unknown;
};

// The two tables. Column names are the data's field names.
struct SqlSchema {
    std::string profile_key;                 // the profiles' key column
    std::vector<SqlColumn> profile_columns;  // every profile field, key first
    bool profile_columns_known = false;      // false: a field not listed is an Unknown column
    std::string event_key;                   // events: which profile
    std::string event_type;                  // events: the type column (`e.type`)
    std::string event_time;                  // events: the time column (`e.time`)
    std::vector<SqlColumn> event_columns;    // key, type, time, then the other fields

    const SqlColumn* profile_column(std::string_view name) const;
    const SqlColumn* event_column(std::string_view name) const;
};

// The layout of a loaded dataset: column types from the loaded columns
// (dyn ones, such as event properties, are Json).
SqlSchema schema_of(const data::Dataset& dataset, const data::DataSources& sources);
// The layout known from the sources' description alone: key, type and time
// columns, declared field types; other fields are Unknown.
SqlSchema schema_of(const data::DataSources& sources);

// The environment a segment is checked in for SQL: `now`, `profile` (a
// record of the schema's profile columns when known), `events` and
// inSegment(string).
expr::Environment sql_environment(const SqlSchema& schema);

// CREATE TABLE statements (and the index on events' key) for the dialect.
std::string create_tables_sql(const SqlSchema& schema, SqlDialect dialect);

// How SQLite stores a timestamp: UTC, fixed width, nanoseconds, so that
// text order is time order: "2026-11-01T00:00:00.000000000Z".
std::string sqlite_timestamp_text(expr::Timestamp t);

// Another segment's compiled `where`, for inSegment("name"); null when
// there is no such segment.
using SegmentLookup = std::function<std::shared_ptr<const expr::Program>(std::string_view name)>;

struct SqlOptions {
    SqlDialect dialect = SqlDialect::Sqlite;
    expr::Timestamp now;
    SegmentLookup segments;
};

// A construct with no SQL form: where (in the expression text of
// `segment`, the compiled one or one inlined through inSegment) and what.
struct SqlError {
    std::string segment;  // empty: the segment being compiled
    expr::SourceSpan span;
    std::string message;  // "'x.matches(...)' has no SQL form in sqlite (...)"
};

struct SqlResult {
    std::string sql;  // SELECT <key> FROM profiles WHERE ...
    std::optional<SqlError> error;
    bool ok() const { return !error.has_value(); }
};

// Compiles a checked `where` expression. Never throws on an unsupported
// construct: the error says which one.
SqlResult compile_segment_sql(const expr::Program& where, const SqlSchema& schema, const SqlOptions& options);

}  // namespace journeyctl::core::segment
