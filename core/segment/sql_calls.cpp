// Function calls in SQL (size, the string tests, matches, case changes,
// sum/min/max, timestamp()/duration() of literals, inSegment; the
// timestamp accessors are in sql_time_fields.cpp) and the
// query around the compiled condition.
//
// inSegment("vip") inlines vip's own condition, compiled with the same
// rules, so the query stays one statement. Its errors name vip and point
// into vip's `where`.
#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/segment/engine.hpp"
#include "core/segment/sql_internal.hpp"

namespace journeyctl::core::segment {

using expr::Node;
using expr::NodeKind;
using expr::Value;

namespace sql_detail {

Frag Compiler::call(const Node& node) {
    const std::string& fn = node.name;
    if (!node.has_target) {
        if (fn == "inSegment") return in_segment(node);
        if ((fn == "timestamp" || fn == "duration") && node.children.size() == 1 &&
            node.children[0]->kind == NodeKind::Literal && node.children[0]->literal.kind() == Value::Kind::String) {
            const std::string_view text = node.children[0]->literal.as_string();
            Frag f;
            if (fn == "timestamp") {
                auto r = expr::time::parse_timestamp(text);
                if (!std::holds_alternative<expr::Timestamp>(r)) unsupported(node, "not a valid timestamp");
                f.kind = Kind::Timestamp;
                f.constant = Value::timestamp(std::get<expr::Timestamp>(r));
                f.sql = m_dialect.timestamp_literal(f.constant->as_timestamp());
            } else {
                auto r = expr::time::parse_duration(text);
                if (!std::holds_alternative<expr::Duration>(r)) unsupported(node, "not a valid duration");
                f.kind = Kind::Duration;
                f.constant = Value::duration(std::get<expr::Duration>(r));
            }
            return f;
        }
        if (fn != "size" || node.children.size() != 1) unsupported(node);
    }
    if (is_time_accessor(fn)) return time_field(node);
    const Frag self = compile(*node.children[0]);
    const size_t arity = node.children.size() - 1;
    if (fn == "size" && arity == 0) {
        if (self.kind == Kind::Events || self.kind == Kind::EventValues) return events_count(self, node);
        if (self.kind == Kind::List) {
            Frag f;
            f.kind = Kind::Int;
            f.sql = m_dialect.int_literal(static_cast<int64_t>(self.items.size()));
            return f;
        }
        const Frag s = as_kind(self, Kind::String, node);
        Frag f;
        f.kind = Kind::Int;
        f.sql = m_dialect.length(s.sql);
        f.nullable = s.nullable;
        return f;
    }
    if ((fn == "contains" || fn == "startsWith" || fn == "endsWith" || fn == "matches") && arity == 1) {
        return string_test(node, self, compile(*node.children[1]));
    }
    if ((fn == "lowerAscii" || fn == "upperAscii") && arity == 0) {
        Frag f = as_kind(self, Kind::String, node);
        f.constant.reset();
        f.sql = m_dialect.ascii_case(f.sql, fn == "lowerAscii");
        return f;
    }
    if ((fn == "sum" || fn == "min" || fn == "max") && arity == 0) return events_aggregate(self, fn, node);
    unsupported(node);
}

Frag Compiler::string_test(const Node& node, const Frag& self_in, const Frag& arg_in) {
    const Frag s = as_kind(self_in, Kind::String, node);
    const Frag part = as_kind(arg_in, Kind::String, node);
    Frag f;
    f.kind = Kind::Bool;
    f.nullable = s.nullable || part.nullable;
    const std::string& fn = node.name;
    if (fn == "contains") {
        f.sql = m_dialect.contains(s.sql, part.sql);
    } else if (fn == "startsWith") {
        f.sql = m_dialect.starts_with(s.sql, part.sql);
    } else if (fn == "endsWith") {
        f.sql = m_dialect.ends_with(s.sql, part.sql);
    } else {
        auto sql = m_dialect.matches(s.sql, part.sql);
        if (!sql) unsupported(node, "SQLite has no built-in regular expressions");
        f.sql = *sql;
    }
    f.sql = "(" + f.sql + ")";
    return f;
}

Frag Compiler::in_segment(const Node& node) {
    if (node.children.size() != 1 || node.children[0]->kind != NodeKind::Literal ||
        node.children[0]->literal.kind() != Value::Kind::String) {
        unsupported(node, "inSegment takes a segment name in quotes");
    }
    const std::string name(node.children[0]->literal.as_string());
    for (const std::string& open : m_inlining) {
        if (open == name) unsupported(node, "segment '" + name + "' uses itself through inSegment");
    }
    if (name == m_segment || (m_segment.empty() && !m_inlining.empty() && m_inlining.front() == name)) {
        unsupported(node, "segment '" + name + "' uses itself through inSegment");
    }
    if (m_inlining.size() >= static_cast<size_t>(k_max_segment_nesting)) {
        unsupported(node, fmt::format("inSegment(\"{}\") nests too deeply (more than {} segments inside each other)",
                                      name, k_max_segment_nesting));
    }
    std::shared_ptr<const expr::Program> program = m_options.segments ? m_options.segments(name) : nullptr;
    if (!program) unsupported(node, "there is no segment '" + name + "' that compiles");
    std::string saved_source = std::move(m_source);
    std::string saved_segment = std::move(m_segment);
    auto saved_vars = std::move(m_vars);
    m_source = program->source();
    m_segment = name;
    m_vars.clear();
    m_inlining.push_back(name);
    Frag f = condition(program->root());
    m_inlining.pop_back();
    m_source = std::move(saved_source);
    m_segment = std::move(saved_segment);
    m_vars = std::move(saved_vars);
    return f;
}

std::string Compiler::query(const expr::Program& where) {
    m_source = where.source();
    m_segment.clear();
    // A top-level chain of && becomes one condition a line: AND of SQL
    // is && of CEL, NULLs included.
    std::vector<const Node*> conjuncts;
    auto flatten = [&](auto& self, const Node& n) -> void {
        if (n.kind == NodeKind::And) {
            self(self, *n.children[0]);
            self(self, *n.children[1]);
        } else {
            conjuncts.push_back(&n);
        }
    };
    flatten(flatten, where.root());
    std::string conditions;
    for (const Node* n : conjuncts) {
        conditions += (conditions.empty() ? "" : "\n  AND ") + condition(*n).sql;
    }
    return "SELECT profiles." + m_dialect.quote(m_schema.profile_key) + "\nFROM profiles\nWHERE " + conditions;
}

}  // namespace sql_detail

SqlResult compile_segment_sql(const expr::Program& where, const SqlSchema& schema, const SqlOptions& options) {
    sql_detail::Compiler compiler(schema, options);
    SqlResult result;
    try {
        result.sql = compiler.query(where);
    } catch (const sql_detail::Unsupported& e) {
        result.error = SqlError{compiler.error_segment(), e.span, e.what()};
    }
    return result;
}

}  // namespace journeyctl::core::segment
