// A condition compiled to three-valued tests on loaded rows, for the
// segment engine's shortcuts (event_scan.cpp, compiled_where.cpp); internal
// to core/segment.
//
// The tests: &&, || and ! (combining errors the way CEL's commutative
// operators do), a field compared with a value fixed for the run (==, !=,
// <, <=, >, >=; `in` a list of strings), has(), a bool field, and, in a
// `where`, any other subexpression evaluated by the evaluator (a part).
// Fields are read from a profile (`profile.tier`) or from an event
// (`e.type` in a macro over `events`), then down the keys of a map
// (`e.properties.amount`). A test that meets a case it does not settle
// exactly (a missing field, values of different kinds) gives Error, and
// where it has a part, asks the evaluator instead; an Error left at the top
// makes the caller hand the whole node back to the evaluator, so values
// and messages are always the evaluator's own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/expr/expression.hpp"
#include "core/expr/record.hpp"

namespace journeyctl::core::data {
class Column;
}

namespace journeyctl::core::segment {

enum class Tri : uint8_t { False, True, Error };

// `field op constant` (or `constant op field`: !field_first) for values of
// one kind, as the evaluator compares them; Error for values of different
// kinds (CEL's mixed rules are the evaluator's) and NaN.
Tri compare_values(expr::BinaryOp op, const expr::Value& field, const expr::Value& constant, bool field_first);

// One field of rows, read straight from its column when the source is a
// loaded table (no virtual call per row), else through the source.
class FieldReader {
public:
    explicit FieldReader(std::string name) : m_name(std::move(name)) {}
    // The cell into `out`; false when the row does not have the field.
    bool get(const expr::RecordSource* source, uint32_t row, expr::Value& out);
    // Whether this field is the source's field `index` (or an alias of it).
    bool reads(const expr::RecordSource* source, uint32_t index);
    // The loaded column it reads in the source (null: not a loaded table).
    const data::Column* column(const expr::RecordSource* source) {
        if (source != m_source) bind(source);
        return m_column;
    }

private:
    void bind(const expr::RecordSource* source);
    std::string m_name;
    const expr::RecordSource* m_source = nullptr;  // the source last seen (the same, row after row)
    std::optional<uint32_t> m_index;
    const data::Column* m_column = nullptr;
};

// The rows a predicate reads: the event (in a macro) and the profile.
struct Rows {
    const expr::RecordSource* event_source = nullptr;
    uint32_t event_row = 0;
    const expr::RecordSource* profile_source = nullptr;
    uint32_t profile_row = 0;
    const expr::Activation* activation = nullptr;
    // The profile Record of the activation's slot, if it holds one.
    void bind_profile(const expr::Activation& activation, int profile_slot);
};

class Predicate {
public:
    // What a compiled predicate may refer to.
    struct Scope {
        int event_var = -1;     // slot of the macro variable whose row is Rows::event_row
        int profile_slot = -1;  // activation slot of `profile`
        // Parts of this evaluator for subexpressions the tests do not
        // cover; none (a macro's predicate, where the variable is not in
        // the activation): such a predicate does not compile.
        expr::Evaluator* parts = nullptr;
        const expr::Node* no_part = nullptr;  // the node the shortcut is set on: never a part
    };
    // A test `e.f op T` (T a timestamp, op <, <=, > or >=) that the whole
    // predicate needs true: where it is false, so is the predicate.
    struct Bound {
        uint32_t path;
        expr::BinaryOp op;  // with the field first
        expr::Timestamp at;
    };

    // Compiles `node`; false when some part of it is not a test (and parts
    // are not allowed). `evaluator` gives the values folded for the run.
    bool compile(const expr::Node& node, const Scope& scope, const expr::Evaluator& evaluator);
    Tri test(const Rows& rows) { return run(m_root, rows); }
    // Whether any test reads a field (else it is all parts: no faster).
    bool reads_fields() const { return !m_paths.empty(); }
    const std::vector<Bound>& bounds() const { return m_bounds; }
    FieldReader& field(uint32_t path) { return m_paths[path].field; }

private:
    struct Path {
        FieldReader field;
        std::vector<std::string> keys;  // map keys below the field
        bool profile = false;           // a profile's field (else the event's)
    };
    enum class Read : uint8_t { Ok, Absent, Error };  // Absent: the last step is missing
    struct Test {
        enum class Kind : uint8_t { And, Or, Not, Compare, In, Has, Truth, Constant, Part } kind = Kind::Constant;
        uint32_t left = 0;   // And, Or, Not: operand tests
        uint32_t right = 0;
        uint32_t path = 0;   // Compare, In, Has, Truth
        expr::BinaryOp op = expr::BinaryOp::Eq;
        bool field_first = true;  // Compare: `f op c` (else `c op f`)
        expr::Value constant;     // Compare: c; In: the list
        std::vector<std::string_view> strings;  // In: the list's strings (views into `constant`)
        Tri fixed = Tri::Error;   // Constant
        // Part: the subexpression; a field test: the evaluator's answer when
        // the test gives Error (none in a macro's predicate).
        expr::Evaluator::Part part;
        // Compare or In on a dictionary-encoded string column: the result
        // for each value of the dictionary, worked out once per column.
        const data::Column* coded = nullptr;
        std::vector<Tri> by_code;
    };

    std::optional<uint32_t> add(const expr::Node& n);
    std::optional<uint32_t> add_test(const expr::Node& n);
    std::optional<uint32_t> add_binary(const expr::Node& n);
    std::optional<uint32_t> add_path(const expr::Node& n, std::string_view last);
    uint32_t push(Test t);
    bool may_part(const expr::Node& n) const { return m_scope.parts != nullptr && &n != m_scope.no_part; }
    void collect_bounds(uint32_t index);
    Read read(Path& path, const Rows& rows);
    Tri run(uint32_t index, const Rows& rows);
    Tri leaf(Test& t, const Rows& rows);
    std::optional<Tri> typed_leaf(Test& t, Path& path, const Rows& rows);
    std::optional<Tri> string_leaf(Test& t, const data::Column& column, uint32_t row);

    Scope m_scope;
    const expr::Evaluator* m_evaluator = nullptr;
    std::vector<Test> m_tests;
    std::vector<Path> m_paths;
    std::vector<Bound> m_bounds;
    uint32_t m_root = 0;
    expr::Value m_value;  // the field read last
};

}  // namespace journeyctl::core::segment
