// What the SQL compiler's parts share (internal to core/segment): the
// typed SQL fragment every node compiles to, and the per-dialect spelling
// of literals, JSON access and string functions.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/ast.hpp"
#include "core/segment/sql.hpp"

namespace journeyctl::core::segment::sql_detail {

// What a fragment stands for. Events is a (filtered) range of the profile's
// events, EventValues a `.map()` over one, EventRow the loop variable of an
// events macro; those three only ever appear inside a macro or size()/sum().
enum class Kind : uint8_t {
    Bool, Int, Double, String, Timestamp, Duration, Null, Json, List, Unknown, Events, EventValues, EventRow
};

// A filtered range of the current profile's events, as a subquery over
// `events <alias>`: the rows meeting every condition; the range is a CEL
// error when some row meets one of error_tests (a filter predicate that
// was an error for an event the earlier filters kept).
struct EventSet {
    std::string alias;
    std::vector<std::string> conditions;
    std::vector<std::string> error_tests;
};

struct Frag {
    Kind kind = Kind::Unknown;
    std::string sql;        // the SQL text (Json: the JSON-holding expression)
    bool nullable = false;  // may be NULL, i.e. a CEL error
    std::optional<expr::Value> constant;  // known while compiling (literals, now - 90d)
    std::string json_path;                // Json: "$", "$.a.b"
    std::vector<expr::Value> items;       // List: the constant items
    std::shared_ptr<EventSet> events;     // Events, EventValues
    std::shared_ptr<Frag> value;          // EventValues: the transform, over events->alias
    std::string alias;                    // EventRow
};

// A construct with no SQL form; compile_segment_sql turns it into SqlError.
struct Unsupported : std::runtime_error {
    Unsupported(const expr::Node& node, const std::string& message)
        : std::runtime_error(message), span(node.span) {}
    expr::SourceSpan span;
};

enum class JsonKind : uint8_t { Number, Integer, Real, String, Bool, Null, Object };

// The dialect's spelling of everything that differs between engines.
class Dialect {
public:
    explicit Dialect(SqlDialect d) : m_d(d) {}
    SqlDialect id() const { return m_d; }
    std::string_view name() const { return sql_dialect_name(m_d); }

    std::string quote(std::string_view identifier) const;
    std::string string_literal(std::string_view text) const;  // throws std::invalid_argument on NUL
    std::string int_literal(int64_t value) const;
    std::string double_literal(double value) const;  // throws std::invalid_argument on inf/nan
    std::string bool_literal(bool value) const;
    std::string timestamp_literal(expr::Timestamp t) const;

    // A JSON path for the dialect's functions: "$", then one step per key.
    std::string json_path_append(std::string_view path, std::string_view key) const;
    std::string json_present(const std::string& column, const std::string& path) const;
    std::string json_is(const std::string& column, const std::string& path, JsonKind kind) const;
    // The value as an SQL scalar of the kind (Number and Real as double).
    std::string json_value(const std::string& column, const std::string& path, JsonKind kind) const;

    std::string contains(const std::string& s, const std::string& part) const;
    std::string starts_with(const std::string& s, const std::string& part) const;
    std::string ends_with(const std::string& s, const std::string& part) const;
    std::optional<std::string> matches(const std::string& s, const std::string& pattern) const;
    std::string length(const std::string& s) const;
    // lowerAscii()/upperAscii(): ASCII letters only, others as they are.
    std::string ascii_case(const std::string& s, bool lower) const;
    std::string concat(const std::string& a, const std::string& b) const;
    std::string int_divide(const std::string& a, const std::string& b) const;
    // `a < b` on strings by UTF-8 bytes (code points), whatever the collation.
    std::string string_compare(const std::string& a, std::string_view op, const std::string& b) const;

private:
    SqlDialect m_d;
};

// `text` in parentheses unless it is one word or already enclosed.
std::string parens(const std::string& text);

// Whether a method is one of the timestamp accessors (getHours, ...).
bool is_time_accessor(std::string_view name);

// Compiles one `where` (and the segments it inlines) into SQL; one
// compiler per query, so that event aliases stay unique.
class Compiler {
public:
    Compiler(const SqlSchema& schema, const SqlOptions& options)
        : m_schema(schema), m_options(options), m_dialect(options.dialect) {}
    // The whole query; throws Unsupported (with m_error_segment set).
    std::string query(const expr::Program& where);
    const std::string& error_segment() const { return m_error_segment; }

    // sql_compile.cpp
    Frag compile(const expr::Node& node);
    Frag condition(const expr::Node& node);  // as a Bool fragment
    Frag to_bool(const Frag& f, const expr::Node& at);
    // A dyn (Json or Unknown) value read as `kind`: NULL when it is absent
    // or of another kind.
    Frag as_kind(const Frag& f, Kind kind, const expr::Node& at);
    [[noreturn]] void unsupported(const expr::Node& node, const std::string& why = "");
    const Dialect& dialect() const { return m_dialect; }

    // sql_events.cpp
    Frag events_range(const expr::Node& node);
    Frag macro(const expr::Node& node);
    Frag events_count(const Frag& range, const expr::Node& at);
    Frag events_aggregate(const Frag& values, std::string_view function, const expr::Node& at);
    Frag event_field(const Frag& row, std::string_view name, bool test_only, const expr::Node& at);

    // sql_time_fields.cpp: getFullYear() ... getMilliseconds(), with an
    // optional zone.
    Frag time_field(const expr::Node& node);

private:
    Frag literal(const expr::Node& node);
    Frag ident(const expr::Node& node);
    Frag select(const expr::Node& node, std::string_view field, const expr::Node& base);
    Frag has(const expr::Node& node);
    Frag profile_field(std::string_view name, const expr::Node& at);
    Frag json_child(const Frag& json, std::string_view key);
    Frag logic(const expr::Node& node);
    Frag conditional(const expr::Node& node);
    Frag coalesce(const expr::Node& node);
    Frag negate(const expr::Node& node);
    Frag binary(const expr::Node& node);
    Frag compare(const Frag& a, const Frag& b, expr::BinaryOp op, const expr::Node& at);
    Frag compare_json(const Frag& json, const Frag& other, expr::BinaryOp op, bool json_left, const expr::Node& at);
    Frag membership(const Frag& a, const Frag& list, const expr::Node& at);
    Frag arithmetic(const Frag& a, const Frag& b, expr::BinaryOp op, const expr::Node& at);
    Frag time_arithmetic(const Frag& a, const Frag& b, expr::BinaryOp op, const expr::Node& at);
    Frag call(const expr::Node& node);
    Frag string_test(const expr::Node& node, const Frag& self, const Frag& arg);
    Frag in_segment(const expr::Node& node);
    std::string snippet(const expr::Node& node) const;

    std::string subquery_from(const EventSet& set) const;
    std::string set_error(const EventSet& set) const;
    std::string new_alias() { return "ev" + std::to_string(++m_aliases); }

    const SqlSchema& m_schema;
    const SqlOptions& m_options;
    Dialect m_dialect;
    std::string m_source;          // the text being compiled, for messages
    std::string m_segment;         // its segment's name; empty: the main one
    std::string m_error_segment;
    std::vector<std::string> m_inlining;  // segments being inlined (cycles)
    std::vector<std::pair<std::string, std::string>> m_vars;  // macro variable -> event alias
    int m_aliases = 0;
};

}  // namespace journeyctl::core::segment::sql_detail
