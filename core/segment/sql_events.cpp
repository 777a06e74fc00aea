// `events` in SQL: each use of the profile's events is a correlated
// subquery over `events evN WHERE evN.<key> = profiles.<key> AND
// evN.<time> <= now` (the events as of now), narrowed by the filters
// applied to it.
//
// CEL's macros treat errors differently, and the SQL follows each one
// (P is the predicate, E "some event makes the range itself an error"):
//   exists(e, P)      true if P is true for some event, even when others
//                     fail; else an error if P failed for one; else false:
//                     CASE WHEN E THEN NULL WHEN EXISTS(.. P) THEN TRUE
//                          WHEN EXISTS(.. P IS NULL) THEN NULL ELSE FALSE END
//   all(e, P)         the same with false deciding: NOT EXISTS(.. NOT P)
//   exists_one(e, P)  any failure is an error, else COUNT(*) = 1
//   filter(e, P)      any failure is an error (E grows by "P IS NULL")
//   map(e, f)         any failure of f is an error
//   size(), sum(), min(), max()
//                     COUNT(*), COALESCE(SUM(f), 0), MIN(f), MAX(f); an
//                     empty min/max is an error, as MIN's NULL is.
// When P cannot be NULL (e.type == "purchase" && e.time >= now - 90d),
// the error tests vanish and a plain EXISTS or COUNT(*) remains.
#include "core/segment/sql_internal.hpp"

namespace journeyctl::core::segment::sql_detail {

using expr::MacroKind;
using expr::Node;

namespace {

std::string join_and(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : " AND ") + p;
    return out;
}

}  // namespace

Frag column_frag(const Dialect& dialect, const std::string& table, const SqlColumn& column, bool nullable);

Frag Compiler::events_range(const Node& node) {
    (void)node;
    Frag f;
    f.kind = Kind::Events;
    f.events = std::make_shared<EventSet>();
    f.events->alias = new_alias();
    return f;
}

std::string Compiler::subquery_from(const EventSet& set) const {
    // The data as of `now`: the events after it have not happened yet, as
    // segment export and a dry-run occurrence at that instant see them.
    std::vector<std::string> parts{set.alias + "." + m_dialect.quote(m_schema.event_key) +
                                       " = profiles." + m_dialect.quote(m_schema.profile_key),
                                   set.alias + "." + m_dialect.quote(m_schema.event_time) +
                                       " <= " + m_dialect.timestamp_literal(m_options.now)};
    parts.insert(parts.end(), set.conditions.begin(), set.conditions.end());
    return "FROM events " + set.alias + " WHERE " + join_and(parts);
}

std::string Compiler::set_error(const EventSet& set) const {
    if (set.error_tests.empty()) return "";
    EventSet bare{set.alias, {}, {}};
    std::string tests;
    for (const std::string& t : set.error_tests) tests += (tests.empty() ? "" : " OR ") + parens(t);
    return "EXISTS (SELECT 1 " + subquery_from(bare) + " AND " + parens(tests) + ")";
}

Frag Compiler::event_field(const Frag& row, std::string_view name, bool test_only, const Node& at) {
    (void)at;
    std::string column_name(name);
    if (name == "type") column_name = m_schema.event_type;
    if (name == "time") column_name = m_schema.event_time;
    const bool required = column_name == m_schema.event_key || column_name == m_schema.event_type ||
                          column_name == m_schema.event_time;
    const SqlColumn* column = m_schema.event_column(column_name);
    SqlColumn fallback{column_name, SqlColumnType::Unknown};
    if (column == nullptr) {
        if (column_name == m_schema.event_type || column_name == m_schema.event_key) fallback.type = SqlColumnType::String;
        if (column_name == m_schema.event_time) fallback.type = SqlColumnType::Timestamp;
    }
    const bool known = column != nullptr || required || m_schema.event_columns.empty();
    if (test_only) {
        Frag f;
        f.kind = Kind::Bool;
        f.sql = required ? "TRUE" : known ? row.alias + "." + m_dialect.quote(column_name) + " IS NOT NULL" : "FALSE";
        return f;
    }
    if (!known) {
        Frag f;
        f.kind = Kind::Unknown;
        f.sql = "NULL";
        f.nullable = true;
        return f;
    }
    return column_frag(m_dialect, row.alias, column ? *column : fallback, !required);
}

Frag Compiler::macro(const Node& node) {
    const Frag range = compile(*node.children[0]);
    if (range.kind != Kind::Events) {
        unsupported(node, "macros work on events, or events filtered by filter(), in SQL");
    }
    EventSet set = *range.events;
    m_vars.emplace_back(node.name, set.alias);
    auto narrow = [&](const Frag& p) {
        if (p.nullable) {
            std::vector<std::string> parts = set.conditions;
            parts.push_back(parens(p.sql) + " IS NULL");
            set.error_tests.push_back(join_and(parts));
        }
        set.conditions.push_back(p.sql);  // OR is always parenthesized: safe after AND
    };
    Frag out;
    switch (node.macro) {
        case MacroKind::Filter:
        case MacroKind::Map:
        case MacroKind::MapFilter: {
            if (node.macro != MacroKind::Map) narrow(condition(*node.children[1]));
            if (node.macro == MacroKind::Filter) {
                out.kind = Kind::Events;
            } else {
                out.kind = Kind::EventValues;
                const Node& transform = *node.children[node.macro == MacroKind::Map ? 1 : 2];
                out.value = std::make_shared<Frag>(compile(transform));
            }
            out.events = std::make_shared<EventSet>(set);
            break;
        }
        case MacroKind::Exists:
        case MacroKind::All:
        case MacroKind::ExistsOne: {
            const Frag p = condition(*node.children[1]);
            const std::string from = subquery_from(set);
            const std::string error = set_error(set);
            const std::string failed = "EXISTS (SELECT 1 " + from + " AND " + parens(p.sql) + " IS NULL)";
            // In an AND list a condition needs no parentheses: OR is
            // always parenthesized, and everything else binds tighter.
            std::string sql;
            if (node.macro == MacroKind::ExistsOne) {
                sql = "(SELECT COUNT(*) " + from + " AND " + p.sql + ") = 1";
                if (p.nullable) sql = "CASE WHEN " + failed + " THEN NULL ELSE " + sql + " END";
            } else {
                const bool exists = node.macro == MacroKind::Exists;
                const std::string hit = "EXISTS (SELECT 1 " + from + " AND " +
                                        (exists ? p.sql : "NOT " + parens(p.sql)) + ")";
                if (!p.nullable) {
                    sql = exists ? hit : "NOT " + hit;
                } else {
                    sql = "CASE WHEN " + hit + " THEN " + (exists ? "TRUE" : "FALSE") + " WHEN " + failed +
                          " THEN NULL ELSE " + (exists ? "FALSE" : "TRUE") + " END";
                }
            }
            if (!error.empty()) {
                sql = sql.starts_with("CASE ") ? "CASE WHEN " + error + " THEN NULL " + sql.substr(5)
                                               : "CASE WHEN " + error + " THEN NULL ELSE " + sql + " END";
            }
            out.kind = Kind::Bool;
            out.sql = sql;
            out.nullable = p.nullable || !error.empty();
            break;
        }
    }
    m_vars.pop_back();
    return out;
}

Frag Compiler::events_count(const Frag& range, const Node& at) {
    (void)at;
    EventSet set = *range.events;
    if (range.kind == Kind::EventValues && range.value->nullable) {
        // The mapped value is an error when absent (for a dyn value: its
        // JSON path has nothing, whatever the column holds).
        const Frag& v = *range.value;
        std::vector<std::string> parts = set.conditions;
        parts.push_back(v.kind == Kind::Json && v.json_path != "$"
                            ? "NOT " + parens(m_dialect.json_present(v.sql, v.json_path))
                            : parens(v.sql) + " IS NULL");
        set.error_tests.push_back(join_and(parts));
    }
    Frag f;
    f.kind = Kind::Int;
    f.sql = "(SELECT COUNT(*) " + subquery_from(set) + ")";
    const std::string error = set_error(set);
    if (!error.empty()) {
        f.sql = "CASE WHEN " + error + " THEN NULL ELSE " + f.sql + " END";
        f.nullable = true;
    }
    return f;
}

Frag Compiler::events_aggregate(const Frag& values, std::string_view function, const Node& at) {
    if (values.kind != Kind::EventValues) unsupported(at, std::string(function) + "() works on events.map(...) in SQL");
    Frag v = *values.value;
    const bool sum = function == "sum";
    if (v.kind == Kind::Json) v = as_kind(v, Kind::Double, at);
    const bool ok = v.kind == Kind::Int || v.kind == Kind::Double || v.kind == Kind::Unknown ||
                    (!sum && (v.kind == Kind::Timestamp || v.kind == Kind::String));
    if (!ok) unsupported(at, sum ? "sum() adds numbers in SQL" : "min() and max() compare numbers, strings or timestamps");
    EventSet set = *values.events;
    if (v.nullable) {
        std::vector<std::string> parts = set.conditions;
        parts.push_back(parens(v.sql) + " IS NULL");
        set.error_tests.push_back(join_and(parts));
    }
    Frag f;
    f.kind = v.kind == Kind::Unknown ? Kind::Double : v.kind;
    const std::string from = subquery_from(set);
    if (sum) {
        f.sql = "(SELECT COALESCE(SUM(" + v.sql + "), 0) " + from + ")";
    } else {
        f.sql = "(SELECT " + std::string(function == "min" ? "MIN(" : "MAX(") + v.sql + ") " + from + ")";
        f.nullable = true;  // empty: an error
    }
    const std::string error = set_error(set);
    if (!error.empty()) {
        f.sql = "CASE WHEN " + error + " THEN NULL ELSE " + f.sql + " END";
        f.nullable = true;
    }
    return f;
}

}  // namespace journeyctl::core::segment::sql_detail
