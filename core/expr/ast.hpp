// The syntax tree of an expression, as the parser builds it and the checker
// annotates it. Macros (all, exists, exists_one, filter, map, has) have their
// own node kinds rather than CEL's generic comprehension, so the evaluator
// runs them directly and the SQL compiler can recognise them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/expr/types.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::expr {

// Where a node stands in the expression's source text. offset counts bytes
// from 0; line and column count from 1 (column in bytes), within the
// expression text itself (the caller adds the position of the expression
// inside its YAML file).
struct SourceSpan {
    uint32_t offset = 0;
    uint32_t length = 0;
    uint32_t line = 1;
    uint32_t column = 1;
};

enum class NodeKind : uint8_t {
    Literal,      // literal
    Ident,        // name
    Select,       // children[0].name; test_only for has(a.b)
    Index,        // children[0][children[1]]
    Call,         // name(args...) or children[0].name(args...) when has_target
    List,         // [children...]
    Map,          // {children[0]: children[1], children[2]: children[3], ...}
    Conditional,  // children[0] ? children[1] : children[2]
    And,          // children[0] && children[1]
    Or,           // children[0] || children[1]
    Not,          // !children[0]
    Negate,       // -children[0]
    Binary,       // children[0] op children[1]
    Coalesce,     // children[0] ?? children[1]
    Macro,        // range.macro(var, children[1] [, children[2]])
};

enum class BinaryOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, In, Add, Sub, Mul, Div, Mod };

enum class MacroKind : uint8_t {
    All,        // range.all(var, predicate)
    Exists,     // range.exists(var, predicate)
    ExistsOne,  // range.exists_one(var, predicate)
    Filter,     // range.filter(var, predicate)
    Map,        // range.map(var, transform)
    MapFilter,  // range.map(var, predicate, transform)
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
    NodeKind kind = NodeKind::Literal;
    SourceSpan span;

    Value literal;          // Literal
    std::string name;       // Ident, Select field, Call function, Macro variable
    BinaryOp op = BinaryOp::Eq;
    MacroKind macro = MacroKind::All;
    bool has_target = false;  // Call: children[0] is the receiver
    bool test_only = false;   // Select inside has()
    // Operands in the order listed beside NodeKind. Macro: children[0] is the
    // range, then the predicate and/or transform.
    std::vector<NodePtr> children;

    // Filled by the checker.
    Type type;           // static type of the node
    int32_t slot = -1;   // Ident: activation slot; Macro: slot of its variable
    int32_t overload = -1;  // Call/Binary: resolved overload id, -1 = dynamic dispatch
};

}  // namespace journeyctl::core::expr
