// The SQL compiler's walk over a checked expression: literals, profile
// fields, logic, comparisons, arithmetic and function calls. Each node
// becomes a typed fragment (sql_internal.hpp) whose NULL stands for CEL's
// error; events macros are in sql_events.cpp.
//
// The rules that make the SQL select what the evaluator selects:
//   * && || ! map to AND OR NOT: Kleene logic on NULL is CEL's logic on
//     errors (`false && error` is false, `true && error` an error);
//   * `c ? a : b` is CASE WHEN c THEN a WHEN NOT c THEN b END, so that an
//     error in c is an error, not b;
//   * `a ?? b` is COALESCE(a, b): absent, null and error all give b;
//   * values of different types are unequal (==) and unordered (<: error);
//     int and double compare by value;
//   * a dyn value (Json) is first tested for its JSON type, so that text
//     never compares with a number the SQL way.
#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/segment/sql_internal.hpp"

namespace journeyctl::core::segment::sql_detail {

using expr::BinaryOp;
using expr::Node;
using expr::NodeKind;
using expr::Value;

namespace {

Frag bool_frag(std::string sql, bool nullable) {
    Frag f;
    f.kind = Kind::Bool;
    f.sql = std::move(sql);
    f.nullable = nullable;
    return f;
}

Frag null_frag(Kind kind = Kind::Unknown) {
    Frag f;
    f.kind = kind;
    f.sql = "NULL";
    f.nullable = true;
    return f;
}

bool is_number(Kind k) { return k == Kind::Int || k == Kind::Double; }
bool is_dyn(Kind k) { return k == Kind::Json || k == Kind::Unknown; }

const char* op_text(BinaryOp op) {
    switch (op) {
        case BinaryOp::Eq: return "=";
        case BinaryOp::Ne: return "<>";
        case BinaryOp::Lt: return "<";
        case BinaryOp::Le: return "<=";
        case BinaryOp::Gt: return ">";
        case BinaryOp::Ge: return ">=";
        case BinaryOp::Add: return "+";
        case BinaryOp::Sub: return "-";
        case BinaryOp::Mul: return "*";
        case BinaryOp::Div: return "/";
        case BinaryOp::Mod: return "%";
        case BinaryOp::In: return "IN";
    }
    return "?";
}

Kind kind_of(SqlColumnType type) {
    switch (type) {
        case SqlColumnType::Int: return Kind::Int;
        case SqlColumnType::Double: return Kind::Double;
        case SqlColumnType::Bool: return Kind::Bool;
        case SqlColumnType::String: return Kind::String;
        case SqlColumnType::Timestamp: return Kind::Timestamp;
        case SqlColumnType::Json: return Kind::Json;
        case SqlColumnType::Unknown: return Kind::Unknown;
    }
    return Kind::Unknown;
}

JsonKind json_kind_for(Kind kind) {
    switch (kind) {
        case Kind::Int: return JsonKind::Integer;
        case Kind::Double: return JsonKind::Real;
        case Kind::String: return JsonKind::String;
        case Kind::Bool: return JsonKind::Bool;
        default: return JsonKind::Number;
    }
}

}  // namespace

Frag column_frag(const Dialect& dialect, const std::string& table, const SqlColumn& column, bool nullable) {
    Frag f;
    f.kind = kind_of(column.type);
    f.sql = table + "." + dialect.quote(column.name);
    f.nullable = nullable;
    if (f.kind == Kind::Json) f.json_path = "$";
    return f;
}

std::string Compiler::snippet(const Node& node) const {
    // A node's span is its naming token: widen it to the whole subtree.
    uint32_t begin = node.span.offset;
    uint32_t end = node.span.offset + node.span.length;
    auto widen = [&](auto& self, const Node& n) -> void {
        begin = std::min(begin, n.span.offset);
        end = std::max(end, n.span.offset + n.span.length);
        for (const auto& child : n.children) self(self, *child);
    };
    widen(widen, node);
    if (node.kind == NodeKind::Call || node.kind == NodeKind::Macro) {
        // The closing parenthesis (and for f(), both) follow the last child.
        size_t next = m_source.find_first_not_of(" \t\r\n", end);
        if (next != std::string::npos && m_source[next] == '(') next = m_source.find_first_not_of(" \t\r\n", next + 1);
        if (next != std::string::npos && m_source[next] == ')') end = static_cast<uint32_t>(next + 1);
    }
    if (begin >= m_source.size()) return "?";
    std::string text = m_source.substr(begin, end - begin);
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

void Compiler::unsupported(const Node& node, const std::string& why) {
    std::string message = fmt::format("'{}' has no SQL form in {}", snippet(node), m_dialect.name());
    if (!why.empty()) message += " (" + why + ")";
    m_error_segment = m_segment;
    throw Unsupported(node, message);
}

Frag Compiler::condition(const Node& node) { return to_bool(compile(node), node); }

Frag Compiler::to_bool(const Frag& f, const Node& at) {
    switch (f.kind) {
        case Kind::Bool:
        case Kind::Unknown: return bool_frag(f.sql, f.nullable);
        case Kind::Json: return as_kind(f, Kind::Bool, at);
        case Kind::Events:
        case Kind::EventValues:
        case Kind::EventRow: unsupported(at, "a list or an event is not a condition");
        default: return null_frag(Kind::Bool);  // a non-bool condition is an error
    }
}

Frag Compiler::as_kind(const Frag& f, Kind kind, const Node& at) {
    if (f.kind == Kind::Unknown) {
        Frag out = f;
        out.kind = kind;
        return out;
    }
    if (f.kind != Kind::Json) {
        if (f.kind == kind || (is_number(f.kind) && kind == Kind::Double)) return f;
        if (f.kind == Kind::Null) return null_frag(kind);
        unsupported(at, "it mixes values of different types");
    }
    if (kind == Kind::Timestamp) unsupported(at, "dyn values are not read as timestamps in SQL");
    const JsonKind jk = kind == Kind::Double ? JsonKind::Number : json_kind_for(kind);
    Frag out;
    out.kind = kind;
    out.nullable = true;
    out.sql = "CASE WHEN " + m_dialect.json_is(f.sql, f.json_path, jk) + " THEN " +
              m_dialect.json_value(f.sql, f.json_path, jk) + " END";
    return out;
}

Frag Compiler::compile(const Node& node) {
    switch (node.kind) {
        case NodeKind::Literal: return literal(node);
        case NodeKind::Ident: return ident(node);
        case NodeKind::Select:
            if (node.test_only) return has(node);
            return select(node, node.name, *node.children[0]);
        case NodeKind::Index: {
            const Node& key = *node.children[1];
            if (key.kind != NodeKind::Literal || key.literal.kind() != Value::Kind::String) {
                unsupported(node, "only a quoted field name can index in SQL");
            }
            return select(node, key.literal.as_string(), *node.children[0]);
        }
        case NodeKind::Call: return call(node);
        case NodeKind::List: {
            Frag f;
            f.kind = Kind::List;
            for (const auto& child : node.children) {
                if (child->kind != NodeKind::Literal) unsupported(node, "list items must be literals");
                f.items.push_back(child->literal);
            }
            return f;
        }
        case NodeKind::Map: unsupported(node, "maps have no SQL form");
        case NodeKind::Conditional: return conditional(node);
        case NodeKind::And:
        case NodeKind::Or:
        case NodeKind::Not: return logic(node);
        case NodeKind::Negate: return negate(node);
        case NodeKind::Binary: return binary(node);
        case NodeKind::Coalesce: return coalesce(node);
        case NodeKind::Macro: return macro(node);
    }
    unsupported(node);
}

Frag Compiler::literal(const Node& node) {
    const Value& v = node.literal;
    Frag f;
    f.constant = v;
    try {
        switch (v.kind()) {
            case Value::Kind::Null: f.kind = Kind::Null; f.sql = "NULL"; return f;
            case Value::Kind::Bool: f.kind = Kind::Bool; f.sql = m_dialect.bool_literal(v.as_bool()); return f;
            case Value::Kind::Int: f.kind = Kind::Int; f.sql = m_dialect.int_literal(v.as_int()); return f;
            case Value::Kind::Uint:
                if (v.as_uint() > static_cast<uint64_t>(INT64_MAX)) unsupported(node, "too large for SQL");
                f.kind = Kind::Int;
                f.sql = m_dialect.int_literal(static_cast<int64_t>(v.as_uint()));
                return f;
            case Value::Kind::Double: f.kind = Kind::Double; f.sql = m_dialect.double_literal(v.as_double()); return f;
            case Value::Kind::String: f.kind = Kind::String; f.sql = m_dialect.string_literal(v.as_string()); return f;
            case Value::Kind::Timestamp:
                f.kind = Kind::Timestamp;
                f.sql = m_dialect.timestamp_literal(v.as_timestamp());
                return f;
            case Value::Kind::Duration: f.kind = Kind::Duration; return f;
            default: break;
        }
    } catch (const std::invalid_argument& e) {
        unsupported(node, e.what());
    }
    unsupported(node);
}

Frag Compiler::ident(const Node& node) {
    for (auto it = m_vars.rbegin(); it != m_vars.rend(); ++it) {
        if (it->first == node.name) {
            Frag f;
            f.kind = Kind::EventRow;
            f.alias = it->second;
            return f;
        }
    }
    if (node.name == "now") {
        Frag f;
        f.kind = Kind::Timestamp;
        f.constant = Value::timestamp(m_options.now);
        f.sql = m_dialect.timestamp_literal(m_options.now);
        return f;
    }
    if (node.name == "events") return events_range(node);
    unsupported(node, node.name == "profile" ? "use its fields" : "only profile, events and now exist in SQL");
}

Frag Compiler::profile_field(std::string_view name, const Node& at) {
    (void)at;
    if (const SqlColumn* column = m_schema.profile_column(name)) {
        return column_frag(m_dialect, "profiles", *column, name != m_schema.profile_key);
    }
    if (m_schema.profile_columns_known) return null_frag();  // no profile has it: an error for all
    return column_frag(m_dialect, "profiles", SqlColumn{std::string(name), SqlColumnType::Unknown}, true);
}

Frag Compiler::json_child(const Frag& json, std::string_view key) {
    Frag f = json;
    f.kind = Kind::Json;
    f.nullable = true;
    if (f.json_path.empty()) f.json_path = "$";
    f.json_path = m_dialect.json_path_append(f.json_path, key);
    return f;
}

Frag Compiler::select(const Node& node, std::string_view field, const Node& base_node) {
    if (base_node.kind == NodeKind::Ident && base_node.name == "profile") {
        bool shadowed = false;
        for (const auto& var : m_vars) shadowed = shadowed || var.first == "profile";
        if (!shadowed) return profile_field(field, node);
    }
    const Frag base = compile(base_node);
    if (base.kind == Kind::EventRow) return event_field(base, field, false, node);
    if (is_dyn(base.kind)) return json_child(base, field);
    unsupported(node, "only fields of profile, of an event and of their dyn values are selected in SQL");
}

Frag Compiler::has(const Node& node) {
    const Node& base_node = *node.children[0];
    if (base_node.kind == NodeKind::Ident && base_node.name == "profile") {
        const Frag f = profile_field(node.name, node);
        if (f.sql == "NULL") return bool_frag("FALSE", false);
        if (!f.nullable) return bool_frag("TRUE", false);
        return bool_frag(f.sql + " IS NOT NULL", false);
    }
    const Frag base = compile(base_node);
    if (base.kind == Kind::EventRow) return event_field(base, node.name, true, node);
    if (!is_dyn(base.kind)) unsupported(node);
    const std::string path = base.json_path.empty() ? "$" : base.json_path;
    const std::string child = m_dialect.json_path_append(path, node.name);
    // has() of a field of something that is not a map is an error.
    return bool_frag("CASE WHEN " + m_dialect.json_is(base.sql, path, JsonKind::Object) + " THEN " +
                         m_dialect.json_present(base.sql, child) + " END",
                     true);
}

Frag Compiler::logic(const Node& node) {
    if (node.kind == NodeKind::Not) {
        const Frag a = condition(*node.children[0]);
        return bool_frag("NOT " + parens(a.sql), a.nullable);
    }
    const Frag a = condition(*node.children[0]);
    const Frag b = condition(*node.children[1]);
    const char* op = node.kind == NodeKind::And ? " AND " : " OR ";
    return bool_frag("(" + a.sql + op + b.sql + ")", a.nullable || b.nullable);
}

Frag Compiler::conditional(const Node& node) {
    const Frag c = condition(*node.children[0]);
    Frag a = compile(*node.children[1]);
    Frag b = compile(*node.children[2]);
    auto plain = [](Kind k) { return k != Kind::Events && k != Kind::EventValues && k != Kind::EventRow && k != Kind::List && k != Kind::Duration; };
    if (!plain(a.kind) || !plain(b.kind)) unsupported(node, "its branches must be plain values");
    if (a.kind != b.kind) {
        if (a.kind == Kind::Json && b.kind != Kind::Null && b.kind != Kind::Unknown) a = as_kind(a, b.kind, node);
        if (b.kind == Kind::Json && a.kind != Kind::Null && a.kind != Kind::Unknown) b = as_kind(b, a.kind, node);
    }
    Frag f;
    f.kind = a.kind == Kind::Null ? b.kind : a.kind;
    if (is_number(a.kind) && is_number(b.kind) && a.kind != b.kind) f.kind = Kind::Double;
    f.nullable = c.nullable || a.nullable || b.nullable;
    f.sql = "CASE WHEN " + c.sql + " THEN " + a.sql +
            (c.nullable ? " WHEN NOT " + parens(c.sql) + " THEN " : " ELSE ") + b.sql + " END";
    return f;
}

Frag Compiler::coalesce(const Node& node) {
    Frag a = compile(*node.children[0]);
    const Frag b = compile(*node.children[1]);
    if (b.kind == Kind::Events || b.kind == Kind::EventValues || b.kind == Kind::EventRow || b.kind == Kind::List ||
        b.kind == Kind::Duration) {
        unsupported(node);
    }
    if (!a.nullable && a.kind != Kind::Null) return a;
    Frag f;
    f.kind = b.kind == Kind::Null ? a.kind : b.kind;
    f.nullable = b.nullable;
    if (a.kind == Kind::Json && b.kind != Kind::Json && b.kind != Kind::Null && b.kind != Kind::Unknown) {
        // Absent or JSON null: the right side; a value of another type
        // stays an error for whatever uses it.
        const JsonKind jk = is_number(b.kind) ? JsonKind::Number : json_kind_for(b.kind);
        if (is_number(b.kind)) f.kind = Kind::Double;  // an int default does not make 26.93 an error
        f.sql = "CASE WHEN " + m_dialect.json_is(a.sql, a.json_path, jk) + " THEN " +
                m_dialect.json_value(a.sql, a.json_path, jk) + " WHEN NOT " +
                parens(m_dialect.json_present(a.sql, a.json_path)) + " OR " +
                m_dialect.json_is(a.sql, a.json_path, JsonKind::Null) + " THEN " + b.sql + " END";
        f.nullable = true;
        return f;
    }
    if (a.kind == Kind::Json || b.kind == Kind::Json) unsupported(node, "both sides must have the same type");
    if (a.kind != b.kind && a.kind != Kind::Null && b.kind != Kind::Null && a.kind != Kind::Unknown &&
        b.kind != Kind::Unknown && !(is_number(a.kind) && is_number(b.kind))) {
        unsupported(node, "both sides must have the same type");
    }
    if (is_number(a.kind) && is_number(b.kind) && a.kind != b.kind) f.kind = Kind::Double;
    f.sql = "COALESCE(" + a.sql + ", " + b.sql + ")";
    return f;
}

Frag Compiler::negate(const Node& node) {
    Frag a = compile(*node.children[0]);
    if (a.kind == Kind::Duration && a.constant) {
        auto r = expr::time::negate(a.constant->as_duration());
        if (const auto* d = std::get_if<expr::Duration>(&r)) {
            a.constant = Value::duration(*d);
            return a;
        }
        unsupported(node);
    }
    if (a.kind == Kind::Json) a = as_kind(a, Kind::Double, node);
    if (!is_number(a.kind) && a.kind != Kind::Unknown) unsupported(node);
    Frag f = a;
    f.constant.reset();
    f.sql = "(-" + parens(a.sql) + ")";
    return f;
}

Frag Compiler::binary(const Node& node) {
    const Frag a = compile(*node.children[0]);
    const Frag b = compile(*node.children[1]);
    switch (node.op) {
        case BinaryOp::In: return membership(a, b, node);
        case BinaryOp::Eq:
        case BinaryOp::Ne:
        case BinaryOp::Lt:
        case BinaryOp::Le:
        case BinaryOp::Gt:
        case BinaryOp::Ge: return compare(a, b, node.op, node);
        default: return arithmetic(a, b, node.op, node);
    }
}

Frag Compiler::compare(const Frag& a, const Frag& b, BinaryOp op, const Node& at) {
    auto scalar = [](Kind k) {
        return k == Kind::Bool || k == Kind::Int || k == Kind::Double || k == Kind::String || k == Kind::Timestamp ||
               k == Kind::Null || k == Kind::Json || k == Kind::Unknown;
    };
    if (!scalar(a.kind) || !scalar(b.kind)) unsupported(at, "it compares lists, events or durations");
    const bool equality = op == BinaryOp::Eq || op == BinaryOp::Ne;
    const bool nullable = a.nullable || b.nullable;
    const std::string either_null = parens(a.sql) + " IS NULL OR " + parens(b.sql) + " IS NULL";
    // null: equal only to null; ordering it is an error.
    if (a.kind == Kind::Null || b.kind == Kind::Null) {
        if (!equality) return null_frag(Kind::Bool);
        const Frag& other = a.kind == Kind::Null ? b : a;
        const bool eq = op == BinaryOp::Eq;
        if (other.kind == Kind::Null) return bool_frag(m_dialect.bool_literal(eq), false);
        if (other.kind == Kind::Json) {
            return bool_frag("CASE WHEN " + m_dialect.json_is(other.sql, other.json_path, JsonKind::Null) + " THEN " +
                                 m_dialect.bool_literal(eq) + " WHEN " +
                                 m_dialect.json_present(other.sql, other.json_path) + " THEN " +
                                 m_dialect.bool_literal(!eq) + " END",
                             true);
        }
        if (!other.nullable) return bool_frag(m_dialect.bool_literal(!eq), false);
        return bool_frag("CASE WHEN " + parens(other.sql) + " IS NOT NULL THEN " + m_dialect.bool_literal(!eq) + " END",
                         true);
    }
    if (a.kind == Kind::Json && b.kind == Kind::Json) unsupported(at, "it compares two dyn values");
    if (a.kind == Kind::Json) return compare_json(a, b, op, true, at);
    if (b.kind == Kind::Json) return compare_json(b, a, op, false, at);
    const bool same = a.kind == b.kind || (is_number(a.kind) && is_number(b.kind)) || is_dyn(a.kind) || is_dyn(b.kind);
    if (!same) {
        // Values of different types: unequal, and not ordered (an error).
        if (!equality) return null_frag(Kind::Bool);
        const std::string result = m_dialect.bool_literal(op == BinaryOp::Ne);
        if (!nullable) return bool_frag(result, false);
        return bool_frag("CASE WHEN " + either_null + " THEN NULL ELSE " + result + " END", true);
    }
    if (!equality && (a.kind == Kind::String || b.kind == Kind::String)) {
        return bool_frag(m_dialect.string_compare(a.sql, op_text(op), b.sql), nullable);
    }
    return bool_frag(parens(a.sql) + " " + op_text(op) + " " + parens(b.sql), nullable);
}

Frag Compiler::compare_json(const Frag& json, const Frag& other, BinaryOp op, bool json_left, const Node& at) {
    if (other.kind == Kind::Timestamp) unsupported(at, "dyn values are not compared with timestamps in SQL");
    const JsonKind jk = other.kind == Kind::Int || other.kind == Kind::Double ? JsonKind::Number
                        : other.kind == Kind::String                         ? JsonKind::String
                        : other.kind == Kind::Bool                           ? JsonKind::Bool
                                                                             : JsonKind::Number;
    const std::string value = m_dialect.json_value(json.sql, json.json_path, jk);
    const std::string& left = json_left ? value : other.sql;
    const std::string& right = json_left ? other.sql : value;
    const bool equality = op == BinaryOp::Eq || op == BinaryOp::Ne;
    const std::string test = jk == JsonKind::String && !equality
                                 ? m_dialect.string_compare(left, op_text(op), right)
                                 : parens(left) + " " + op_text(op) + " " + parens(right);
    std::string sql = "CASE ";
    if (other.nullable) sql += "WHEN " + parens(other.sql) + " IS NULL THEN NULL ";
    sql += "WHEN " + m_dialect.json_is(json.sql, json.json_path, jk) + " THEN " + test;
    if (equality) {
        // Present but of another type: unequal (null too).
        sql += " WHEN " + m_dialect.json_present(json.sql, json.json_path) + " THEN " +
               m_dialect.bool_literal(op == BinaryOp::Ne);
    }
    return bool_frag(sql + " END", true);
}

Frag Compiler::membership(const Frag& a, const Frag& list, const Node& at) {
    if (list.kind != Kind::List) unsupported(at, "`in` needs a list of literals in SQL");
    // Items that could equal `a` (numbers with numbers, strings with strings).
    auto item_kind = [](const Value& v) {
        switch (v.kind()) {
            case Value::Kind::Int:
            case Value::Kind::Uint:
            case Value::Kind::Double: return Kind::Double;
            case Value::Kind::String: return Kind::String;
            case Value::Kind::Bool: return Kind::Bool;
            case Value::Kind::Null: return Kind::Null;
            default: return Kind::List;
        }
    };
    auto items_sql = [&](Kind kind) {
        std::string out;
        for (const Value& v : list.items) {
            if (item_kind(v) != kind) continue;
            Node lit;
            lit.literal = v;
            lit.span = at.span;
            out += (out.empty() ? "" : ", ") + literal(lit).sql;
        }
        return out;
    };
    for (const Value& v : list.items) {
        if (item_kind(v) == Kind::List) unsupported(at, "list items must be numbers, strings or bools");
    }
    if (a.kind == Kind::Json) {
        std::string sql = "CASE";
        for (auto [kind, jk] : {std::pair{Kind::Double, JsonKind::Number}, std::pair{Kind::String, JsonKind::String},
                                std::pair{Kind::Bool, JsonKind::Bool}, std::pair{Kind::Null, JsonKind::Null}}) {
            const std::string items = items_sql(kind);
            if (items.empty()) continue;
            sql += " WHEN " + m_dialect.json_is(a.sql, a.json_path, jk) + " THEN " +
                   (kind == Kind::Null ? std::string("TRUE")
                                       : m_dialect.json_value(a.sql, a.json_path, jk) + " IN (" + items + ")");
        }
        sql += " WHEN " + m_dialect.json_present(a.sql, a.json_path) + " THEN FALSE END";
        return bool_frag(sql, true);
    }
    if (a.kind == Kind::Events || a.kind == Kind::EventValues || a.kind == Kind::EventRow || a.kind == Kind::List ||
        a.kind == Kind::Duration || a.kind == Kind::Timestamp) {
        unsupported(at, "`in` tests numbers, strings or bools in SQL");
    }
    const Kind want = is_number(a.kind) ? Kind::Double : a.kind;
    std::string items = a.kind == Kind::Unknown ? "" : items_sql(want);
    if (a.kind == Kind::Unknown) {
        for (Kind k : {Kind::Double, Kind::String, Kind::Bool}) {
            const std::string more = items_sql(k);
            if (!more.empty()) items += (items.empty() ? "" : ", ") + more;
        }
    }
    if (items.empty()) {
        if (!a.nullable) return bool_frag("FALSE", false);
        return bool_frag("CASE WHEN " + parens(a.sql) + " IS NOT NULL THEN FALSE END", true);
    }
    return bool_frag(parens(a.sql) + " IN (" + items + ")", a.nullable);
}

Frag Compiler::arithmetic(const Frag& a_in, const Frag& b_in, BinaryOp op, const Node& at) {
    if (a_in.kind == Kind::Timestamp || b_in.kind == Kind::Timestamp || a_in.kind == Kind::Duration ||
        b_in.kind == Kind::Duration) {
        return time_arithmetic(a_in, b_in, op, at);
    }
    Frag a = a_in;
    Frag b = b_in;
    // A dyn operand takes the other's type (CEL has no int + double).
    if (a.kind == Kind::Json && b.kind != Kind::Json) a = as_kind(a, b.kind == Kind::Unknown ? Kind::Double : b.kind, at);
    if (b.kind == Kind::Json && a.kind != Kind::Json) b = as_kind(b, a.kind == Kind::Unknown ? Kind::Double : a.kind, at);
    if (a.kind == Kind::Json) unsupported(at, "both operands are dyn");
    if (a.kind == Kind::Unknown) a.kind = b.kind == Kind::Unknown ? Kind::Double : b.kind;
    if (b.kind == Kind::Unknown) b.kind = a.kind;
    Frag f;
    f.nullable = a.nullable || b.nullable;
    if (a.kind == Kind::String && b.kind == Kind::String && op == BinaryOp::Add) {
        f.kind = Kind::String;
        f.sql = "(" + m_dialect.concat(a.sql, b.sql) + ")";
        return f;
    }
    if (!is_number(a.kind) || !is_number(b.kind)) unsupported(at, "arithmetic works on numbers (and + on strings)");
    if (a.kind != b.kind) return null_frag(Kind::Double);  // CEL: no int/double mix, an error
    f.kind = a.kind;
    if (op == BinaryOp::Div && a.kind == Kind::Int) {
        f.sql = "(" + m_dialect.int_divide(a.sql, b.sql) + ")";
        f.nullable = true;
    } else if (op == BinaryOp::Mod) {
        if (a.kind == Kind::Double) return null_frag(Kind::Double);  // CEL has no double modulus
        f.sql = "(" + parens(a.sql) + " % NULLIF(" + b.sql + ", 0))";
        f.nullable = true;
    } else {
        f.sql = "(" + parens(a.sql) + " " + op_text(op) + " " + parens(b.sql) + ")";
    }
    return f;
}

Frag Compiler::time_arithmetic(const Frag& a, const Frag& b, BinaryOp op, const Node& at) {
    using expr::time::TimeError;
    if (op != BinaryOp::Add && op != BinaryOp::Sub) unsupported(at);
    // Constants fold: `now - 90d` is a timestamp literal.
    if (a.constant && b.constant) {
        const Value& x = *a.constant;
        const Value& y = *b.constant;
        Frag f;
        auto finish_ts = [&](const expr::time::TimeResult<expr::Timestamp>& r) {
            if (std::holds_alternative<TimeError>(r)) return null_frag(Kind::Timestamp);
            f.kind = Kind::Timestamp;
            f.constant = Value::timestamp(std::get<expr::Timestamp>(r));
            f.sql = m_dialect.timestamp_literal(f.constant->as_timestamp());
            return f;
        };
        auto finish_dur = [&](const expr::time::TimeResult<expr::Duration>& r) {
            if (std::holds_alternative<TimeError>(r)) return null_frag(Kind::Duration);
            f.kind = Kind::Duration;
            f.constant = Value::duration(std::get<expr::Duration>(r));
            return f;
        };
        if (a.kind == Kind::Timestamp && b.kind == Kind::Duration) {
            return finish_ts(op == BinaryOp::Add ? expr::time::add(x.as_timestamp(), y.as_duration())
                                                 : expr::time::subtract(x.as_timestamp(), y.as_duration()));
        }
        if (a.kind == Kind::Duration && b.kind == Kind::Timestamp && op == BinaryOp::Add) {
            return finish_ts(expr::time::add(y.as_timestamp(), x.as_duration()));
        }
        if (a.kind == Kind::Duration && b.kind == Kind::Duration) {
            return finish_dur(op == BinaryOp::Add ? expr::time::add(x.as_duration(), y.as_duration())
                                                  : expr::time::subtract(x.as_duration(), y.as_duration()));
        }
        unsupported(at);
    }
    // A timestamp column moved by a constant duration.
    const bool ts_left = a.kind == Kind::Timestamp && b.kind == Kind::Duration && b.constant;
    const bool ts_right = op == BinaryOp::Add && b.kind == Kind::Timestamp && a.kind == Kind::Duration && a.constant;
    if (!ts_left && !ts_right) unsupported(at, "only a timestamp plus or minus a duration literal");
    if (m_dialect.id() == SqlDialect::Sqlite) {
        unsupported(at, "SQLite stores timestamps as text: move the constant side instead, e.g. e.time >= now - 3d");
    }
    const Frag& ts = ts_left ? a : b;
    const expr::Duration d = (ts_left ? b : a).constant->as_duration();
    const std::string seconds = d.nanos == 0 ? std::to_string(d.seconds)
                                             : fmt::format("{}.{:06}", d.seconds, std::abs(d.nanos) / 1000);
    const std::string interval = m_dialect.id() == SqlDialect::Spark ? "INTERVAL '" + seconds + "' SECOND"
                                                                     : "INTERVAL '" + seconds + " seconds'";
    Frag f;
    f.kind = Kind::Timestamp;
    f.nullable = ts.nullable;
    f.sql = "(" + parens(ts.sql) + (op == BinaryOp::Add ? " + " : " - ") + interval + ")";
    return f;
}

}  // namespace journeyctl::core::segment::sql_detail
