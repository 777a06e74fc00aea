// The timestamp accessors in SQL: getFullYear, getMonth, getDayOfMonth,
// getDate, getDayOfWeek, getDayOfYear, getHours, getMinutes, getSeconds
// and getMilliseconds, in UTC or in the zone given as a string literal.
//
// The time is first turned into the wall clock of the zone, then the field
// is read from it with CEL's numbering (months and days of the year from
// 0, Sunday 0):
//   * PostgreSQL and DuckDB: `col AT TIME ZONE 'Europe/Paris'` (a zone-aware
//     column gives the zone's wall clock whatever the session's zone);
//   * Spark: from_utc_timestamp(to_utc_timestamp(col, current_timezone()),
//     zone), since its functions read a TIMESTAMP in the session's zone;
//   * SQLite stores UTC text, which its date functions read: UTC and fixed
//     offsets ("+05:30": a shift in seconds) work, an IANA zone (whose
//     offset changes with DST) has no SQL form there.
// A fixed offset is a shift of the UTC wall clock in every dialect: the
// engines read "+05:30" as a POSIX zone, whose sign is the other way round.
// A constant time (`now.getHours()`) is computed while compiling.
#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/segment/sql_internal.hpp"

namespace journeyctl::core::segment::sql_detail {

using expr::Node;
using expr::Value;
using Field = expr::time::Field;

namespace {

std::optional<Field> accessor(std::string_view name) {
    static const std::pair<std::string_view, Field> k_names[] = {
        {"getFullYear", Field::FullYear}, {"getMonth", Field::Month},     {"getDayOfMonth", Field::DayOfMonth},
        {"getDate", Field::Date},         {"getDayOfWeek", Field::DayOfWeek}, {"getDayOfYear", Field::DayOfYear},
        {"getHours", Field::Hours},       {"getMinutes", Field::Minutes}, {"getSeconds", Field::Seconds},
        {"getMilliseconds", Field::Milliseconds}};
    for (const auto& [n, field] : k_names) {
        if (n == name) return field;
    }
    return std::nullopt;
}

Frag int_frag(std::string sql, bool nullable) {
    Frag f;
    f.kind = Kind::Int;
    f.sql = std::move(sql);
    f.nullable = nullable;
    return f;
}

// SQLite: strftime over the UTC text, shifted by a fixed offset.
std::string sqlite_field(const std::string& time, Field field, int64_t offset) {
    if (field == Field::Milliseconds) return "CAST(substr(" + time + ", 21, 3) AS INTEGER)";
    std::string wall = "substr(" + time + ", 1, 19)";
    if (offset != 0) wall = fmt::format("datetime({}, '{:+} seconds')", wall, offset);
    auto part = [&](std::string_view format) { return fmt::format("CAST(strftime('{}', {}) AS INTEGER)", format, wall); };
    switch (field) {
        case Field::FullYear: return part("%Y");
        case Field::Month: return "(" + part("%m") + " - 1)";
        case Field::DayOfMonth: return "(" + part("%d") + " - 1)";
        case Field::Date: return part("%d");
        case Field::DayOfWeek: return part("%w");
        case Field::DayOfYear: return "(" + part("%j") + " - 1)";
        case Field::Hours: return part("%H");
        case Field::Minutes: return part("%M");
        case Field::Seconds: return part("%S");
        case Field::Milliseconds: break;
    }
    return "NULL";
}

// The zone's wall clock of a zone-aware time, as the dialect's TIMESTAMP.
std::string wall_clock(const Dialect& dialect, const std::string& time, std::string_view zone,
                       std::optional<int64_t> offset) {
    const bool spark = dialect.id() == SqlDialect::Spark;
    if (!offset) {
        const std::string name = dialect.string_literal(zone);
        if (spark) return "from_utc_timestamp(to_utc_timestamp(" + time + ", current_timezone()), " + name + ")";
        return "(" + parens(time) + " AT TIME ZONE " + name + ")";
    }
    std::string utc = spark ? "to_utc_timestamp(" + time + ", current_timezone())"
                            : "(" + parens(time) + " AT TIME ZONE 'UTC')";
    if (*offset == 0) return utc;
    const std::string interval =
        spark ? fmt::format("INTERVAL '{}' SECOND", *offset) : fmt::format("INTERVAL '{} seconds'", *offset);
    return "(" + utc + " + " + interval + ")";
}

std::string engine_field(const Dialect& dialect, const std::string& wall, Field field) {
    if (dialect.id() == SqlDialect::Postgres) {
        auto part = [&](std::string_view unit) { return fmt::format("CAST(EXTRACT({} FROM {}) AS BIGINT)", unit, wall); };
        switch (field) {
            case Field::FullYear: return part("YEAR");
            case Field::Month: return "(" + part("MONTH") + " - 1)";
            case Field::DayOfMonth: return "(" + part("DAY") + " - 1)";
            case Field::Date: return part("DAY");
            case Field::DayOfWeek: return part("DOW");
            case Field::DayOfYear: return "(" + part("DOY") + " - 1)";
            case Field::Hours: return part("HOUR");
            case Field::Minutes: return part("MINUTE");
            case Field::Seconds: return "CAST(FLOOR(EXTRACT(SECOND FROM " + wall + ")) AS BIGINT)";
            case Field::Milliseconds:
                return "MOD(CAST(FLOOR(EXTRACT(MILLISECONDS FROM " + wall + ")) AS BIGINT), 1000)";
        }
    }
    const bool spark = dialect.id() == SqlDialect::Spark;
    auto call = [&](std::string_view fn) { return std::string(fn) + "(" + wall + ")"; };
    switch (field) {
        case Field::FullYear: return call("year");
        case Field::Month: return "(" + call("month") + " - 1)";
        case Field::DayOfMonth: return "(" + call(spark ? "dayofmonth" : "day") + " - 1)";
        case Field::Date: return call(spark ? "dayofmonth" : "day");
        case Field::DayOfWeek: return spark ? "(" + call("dayofweek") + " - 1)" : call("dayofweek");
        case Field::DayOfYear: return "(" + call("dayofyear") + " - 1)";
        case Field::Hours: return call("hour");
        case Field::Minutes: return call("minute");
        case Field::Seconds: return call("second");
        case Field::Milliseconds:
            return spark ? "CAST(date_format(" + wall + ", 'SSS') AS BIGINT)" : "(" + call("millisecond") + " % 1000)";
    }
    return "NULL";
}

}  // namespace

bool is_time_accessor(std::string_view name) { return accessor(name).has_value(); }

Frag Compiler::time_field(const Node& node) {
    const Field field = *accessor(node.name);
    const size_t arity = node.children.size() - 1;
    const Frag self = compile(*node.children[0]);
    std::string zone;
    if (arity == 1) {
        const Frag z = compile(*node.children[1]);
        if (!z.constant || z.constant->kind() != Value::Kind::String) {
            unsupported(node, "the time zone must be a string literal in SQL");
        }
        zone = std::string(z.constant->as_string());
    } else if (arity > 1) {
        unsupported(node);
    }
    if (self.constant && self.constant->kind() == Value::Kind::Duration && arity == 0) {
        const auto r = expr::time::get_duration_field(self.constant->as_duration(), field);
        if (const auto* value = std::get_if<int64_t>(&r)) return int_frag(m_dialect.int_literal(*value), false);
        return int_frag("NULL", true);
    }
    if (self.kind != Kind::Timestamp) unsupported(node, "the accessors read timestamps in SQL");
    if (self.constant) {
        const auto r = expr::time::get_field(self.constant->as_timestamp(), field, zone);
        if (const auto* value = std::get_if<int64_t>(&r)) {
            Frag f = int_frag(m_dialect.int_literal(*value), false);
            f.constant = Value::integer(*value);
            return f;
        }
        return int_frag("NULL", true);
    }
    if (!expr::time::is_valid_zone(zone)) return int_frag("NULL", true);  // an error for every profile, as in CEL
    const std::optional<int64_t> offset = expr::time::fixed_zone_offset(zone);
    if (m_dialect.id() == SqlDialect::Sqlite) {
        if (!offset) {
            unsupported(node, "SQLite knows no time zones; UTC and fixed offsets such as \"+05:30\" work");
        }
        return int_frag(sqlite_field(self.sql, field, *offset), self.nullable);
    }
    return int_frag(engine_field(m_dialect, wall_clock(m_dialect, self.sql, zone, offset), field), self.nullable);
}

}  // namespace journeyctl::core::segment::sql_detail
