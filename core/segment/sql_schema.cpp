// The SQL tables' layout: which columns `profiles` and `events` have and
// their types in each dialect, taken from a loaded dataset (what `data
// export` writes) or from the configuration alone; the CREATE TABLE
// statements; and the environment a segment is checked in for SQL.
//
//   field type   sqlite             postgres           duckdb     spark
//   int          INTEGER            BIGINT             BIGINT     BIGINT
//   double       REAL               DOUBLE PRECISION   DOUBLE     DOUBLE
//   bool         INTEGER (0/1)      BOOLEAN            BOOLEAN    BOOLEAN
//   string       TEXT               TEXT               VARCHAR    STRING
//   timestamp    TEXT (UTC, fixed)  TIMESTAMP (UTC)    TIMESTAMP  TIMESTAMP
//   dyn (JSON)   TEXT (JSON)        JSONB              JSON       STRING (JSON)
#include "core/data/dataset.hpp"
#include "core/segment/sql.hpp"

namespace journeyctl::core::segment {

namespace {

SqlColumnType column_type(data::ColumnType type) {
    switch (type) {
        case data::ColumnType::Int: return SqlColumnType::Int;
        case data::ColumnType::Double: return SqlColumnType::Double;
        case data::ColumnType::Bool: return SqlColumnType::Bool;
        case data::ColumnType::String: return SqlColumnType::String;
        case data::ColumnType::Timestamp: return SqlColumnType::Timestamp;
        case data::ColumnType::Dyn: return SqlColumnType::Json;
    }
    return SqlColumnType::Json;
}

SqlColumnType declared_type(data::ColumnType type) {
    switch (type) {
        case data::ColumnType::Int: return SqlColumnType::Int;
        case data::ColumnType::Double: return SqlColumnType::Double;
        case data::ColumnType::String: return SqlColumnType::String;
        case data::ColumnType::Bool: return SqlColumnType::Bool;
        case data::ColumnType::Timestamp: return SqlColumnType::Timestamp;
        case data::ColumnType::Dyn: break;  // never declared
    }
    return SqlColumnType::Unknown;
}

expr::Type expr_type(SqlColumnType type) {
    using expr::Type;
    using expr::TypeKind;
    switch (type) {
        case SqlColumnType::Int: return Type::of(TypeKind::Int);
        case SqlColumnType::Double: return Type::of(TypeKind::Double);
        case SqlColumnType::Bool: return Type::of(TypeKind::Bool);
        case SqlColumnType::String: return Type::of(TypeKind::String);
        case SqlColumnType::Timestamp: return Type::of(TypeKind::Timestamp);
        default: return Type::dyn();
    }
}

const SqlColumn* find(const std::vector<SqlColumn>& columns, std::string_view name) {
    for (const SqlColumn& c : columns) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

// Key, type and time first, in that order; then the rest in table order.
void order_event_columns(SqlSchema& schema) {
    std::vector<SqlColumn> ordered;
    for (const std::string* name : {&schema.event_key, &schema.event_type, &schema.event_time}) {
        if (const SqlColumn* c = find(schema.event_columns, *name)) ordered.push_back(*c);
    }
    for (const SqlColumn& c : schema.event_columns) {
        if (c.name != schema.event_key && c.name != schema.event_type && c.name != schema.event_time) {
            ordered.push_back(c);
        }
    }
    schema.event_columns = std::move(ordered);
}

}  // namespace

std::string_view sql_column_type_name(SqlColumnType type, SqlDialect dialect) {
    const bool lite = dialect == SqlDialect::Sqlite;
    switch (type) {
        case SqlColumnType::Int: return lite ? "INTEGER" : "BIGINT";
        case SqlColumnType::Double:
            return lite ? "REAL" : dialect == SqlDialect::Postgres ? "DOUBLE PRECISION" : "DOUBLE";
        case SqlColumnType::Bool: return lite ? "INTEGER" : "BOOLEAN";
        case SqlColumnType::String:
        case SqlColumnType::Unknown:
            return dialect == SqlDialect::Spark ? "STRING" : dialect == SqlDialect::Duckdb ? "VARCHAR" : "TEXT";
        // An instant: zone-aware where the engine has it (Spark's TIMESTAMP is).
        case SqlColumnType::Timestamp:
            return lite ? "TEXT" : dialect == SqlDialect::Spark ? "TIMESTAMP" : "TIMESTAMPTZ";
        case SqlColumnType::Json:
            return dialect == SqlDialect::Postgres ? "JSONB"
                   : dialect == SqlDialect::Duckdb ? "JSON"
                   : dialect == SqlDialect::Spark  ? "STRING"
                                                   : "TEXT";
    }
    return "TEXT";
}

const SqlColumn* SqlSchema::profile_column(std::string_view name) const { return find(profile_columns, name); }
const SqlColumn* SqlSchema::event_column(std::string_view name) const { return find(event_columns, name); }

namespace {

// Events name their profile by their own key field, else the profiles' key;
// their type and time fields default to `type` and `time`.
void name_event_fields(SqlSchema& schema, const data::DataSources& sources) {
    const bool own_key = sources.events && !sources.events->key.empty();
    schema.event_key = own_key ? sources.events->key : schema.profile_key;
    schema.event_type = sources.events ? sources.events->type_field : "type";
    schema.event_time = sources.events ? sources.events->time_field : "time";
}

}  // namespace

SqlSchema schema_of(const data::Dataset& dataset, const data::DataSources& sources) {
    SqlSchema schema;
    const auto& profile_columns = dataset.profiles().columns();
    schema.profile_key = profile_columns.at(dataset.key_field()).name();
    schema.profile_columns.push_back({schema.profile_key, column_type(profile_columns[dataset.key_field()].type())});
    for (const data::Column& c : profile_columns) {
        if (c.name() != schema.profile_key) schema.profile_columns.push_back({c.name(), column_type(c.type())});
    }
    schema.profile_columns_known = true;
    name_event_fields(schema, sources);
    const data::Table& events = dataset.events();
    const auto& event_columns = events.columns();
    // The type and time fields may be aliases (`type` for a source field
    // `event`): name the columns they read.
    if (dataset.event_type_field() < events.field_count()) {
        schema.event_type = events.field_column(dataset.event_type_field()).name();
    }
    if (dataset.event_time_field() < events.field_count()) {
        schema.event_time = events.field_column(dataset.event_time_field()).name();
    }
    for (const data::Column& c : event_columns) schema.event_columns.push_back({c.name(), column_type(c.type())});
    order_event_columns(schema);
    return schema;
}

SqlSchema schema_of(const data::DataSources& sources) {
    SqlSchema schema;
    if (sources.profiles) schema.profile_key = sources.profiles->key;
    schema.profile_columns.push_back({schema.profile_key, SqlColumnType::String});
    const std::vector<data::DeclaredField> none;
    for (const data::DeclaredField& decl : sources.profiles ? sources.profiles->fields : none) {
        if (decl.name == schema.profile_key) {
            schema.profile_columns.front().type = declared_type(decl.type);
        } else {
            schema.profile_columns.push_back({decl.name, declared_type(decl.type)});
        }
    }
    name_event_fields(schema, sources);
    // Events' other fields stay unknown: an empty list means "any field".
    return schema;
}

expr::Environment sql_environment(const SqlSchema& schema) {
    using expr::Type;
    using expr::TypeKind;
    expr::Environment env = expr::Environment::standard();
    if (schema.profile_columns_known) {
        std::vector<std::pair<std::string, Type>> fields;
        for (const SqlColumn& c : schema.profile_columns) fields.emplace_back(c.name, expr_type(c.type));
        env.declare("profile", Type::record("profile", std::move(fields)));
    } else {
        env.declare("profile", Type::map(Type::of(TypeKind::String), Type::dyn()));
    }
    env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
    expr::FunctionDecl in_segment;
    in_segment.name = "inSegment";
    in_segment.parameters = {Type::of(TypeKind::String)};
    in_segment.result = Type::of(TypeKind::Bool);
    // Only checked here: the SQL compiler inlines the other segment.
    in_segment.implementation = [](std::span<const expr::Value>, const expr::Activation&) {
        return expr::Value::error("inSegment is compiled into SQL, not evaluated");
    };
    env.add_function(std::move(in_segment));
    return env;
}

std::string create_tables_sql(const SqlSchema& schema, SqlDialect dialect) {
    auto quote = [&](std::string_view name) {
        const char q = dialect == SqlDialect::Spark ? '`' : '"';
        std::string out(1, q);
        for (char c : name) {
            if (c == q) out += q;
            out += c;
        }
        return out + q;
    };
    const bool constraints = dialect != SqlDialect::Spark;
    std::string sql = "CREATE TABLE profiles (";
    for (size_t i = 0; i < schema.profile_columns.size(); ++i) {
        const SqlColumn& c = schema.profile_columns[i];
        sql += (i == 0 ? "\n  " : ",\n  ") + quote(c.name) + " " + std::string(sql_column_type_name(c.type, dialect));
        if (constraints && c.name == schema.profile_key) sql += " PRIMARY KEY";
    }
    sql += "\n);\nCREATE TABLE events (";
    for (size_t i = 0; i < schema.event_columns.size(); ++i) {
        const SqlColumn& c = schema.event_columns[i];
        sql += (i == 0 ? "\n  " : ",\n  ") + quote(c.name) + " " + std::string(sql_column_type_name(c.type, dialect));
        const bool required = c.name == schema.event_key || c.name == schema.event_type || c.name == schema.event_time;
        if (constraints && required) sql += " NOT NULL";
    }
    sql += "\n);\n";
    if (constraints) {
        sql += "CREATE INDEX events_by_key ON events (" + quote(schema.event_key) + ", " + quote(schema.event_time) + ");\n";
    }
    return sql;
}

}  // namespace journeyctl::core::segment
