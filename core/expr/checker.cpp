// The type checker (see checker.hpp). One recursive pass over the tree that
// the parser built (its depth is bounded there): identifiers get their
// activation slots, macro variables get slots after the environment's (one
// per nesting level, so nested macros never share one and siblings reuse
// it), and every node gets its static type following CEL's overloads.
// A node that failed to check gets type dyn so that one mistake yields one
// message. Type names used as values (`int`, `google.protobuf.Timestamp`)
// are rewritten into type literals so the evaluator needs no special case.
// Literal arguments are validated early: timestamp("..."), duration("..."),
// time zone names and regular expressions.
#include "core/expr/checker.hpp"

#include <algorithm>
#include <string>

#include <re2/re2.h>

#include "core/expr/checker_functions.hpp"
#include "core/expr/cost.hpp"
#include "core/expr/time.hpp"

namespace journeyctl::core::expr {
namespace {

using checking::join;

bool is_number(TypeKind k) { return k == TypeKind::Int || k == TypeKind::Uint || k == TypeKind::Double; }
bool is_bool_like(const Type& t) { return t.kind() == TypeKind::Bool || t.is_dyn(); }
Type kind_type(TypeKind k) { return Type::of(k); }

// Whether == may compare the two (CEL's heterogeneous equality stays within
// numbers; null compares with anything).
bool comparable(const Type& a, const Type& b) {
    if (a.is_dyn() || b.is_dyn() || a.kind() == TypeKind::Null || b.kind() == TypeKind::Null) return true;
    if (is_number(a.kind()) && is_number(b.kind())) return true;
    if (a.kind() != b.kind()) return false;
    if (a.kind() == TypeKind::List) return comparable(a.element(), b.element());
    if (a.kind() == TypeKind::Map) return comparable(a.key(), b.key()) && comparable(a.value(), b.value());
    return true;
}

bool orderable(TypeKind k) {
    switch (k) {
        case TypeKind::Bool: case TypeKind::Int: case TypeKind::Uint: case TypeKind::Double:
        case TypeKind::String: case TypeKind::Bytes: case TypeKind::Timestamp: case TypeKind::Duration:
        case TypeKind::Dyn: return true;
        default: return false;
    }
}

std::string_view op_spelling(BinaryOp op) {
    static constexpr std::string_view k_names[] = {"==", "!=", "<", "<=", ">", ">=", "in", "+", "-", "*", "/", "%"};
    return k_names[static_cast<size_t>(op)];
}

std::string type_list(std::span<const Type> types, bool receiver = false) {
    std::string out;
    size_t first = 0;
    if (receiver && !types.empty()) {
        out = types[0].name() + ".";
        first = 1;
    }
    out += "(";
    for (size_t i = first; i < types.size(); ++i) {
        if (i > first) out += ", ";
        out += types[i].name();
    }
    return out + ")";
}

std::optional<time::Field> accessor_field(std::string_view name) {
    if (name == "getFullYear") return time::Field::FullYear;
    if (name == "getMonth") return time::Field::Month;
    if (name == "getDayOfMonth") return time::Field::DayOfMonth;
    if (name == "getDate") return time::Field::Date;
    if (name == "getDayOfWeek") return time::Field::DayOfWeek;
    if (name == "getDayOfYear") return time::Field::DayOfYear;
    if (name == "getHours") return time::Field::Hours;
    if (name == "getMinutes") return time::Field::Minutes;
    if (name == "getSeconds") return time::Field::Seconds;
    if (name == "getMilliseconds") return time::Field::Milliseconds;
    return std::nullopt;
}

// The result type of an arithmetic operator, or nullopt when no overload
// of CEL's fits; dyn operands fit every overload.
std::optional<Type> arithmetic(BinaryOp op, const Type& a, const Type& b) {
    using K = TypeKind;
    struct Sig { K left, right, result; };
    static const std::vector<Sig> k_add = {{K::Int, K::Int, K::Int}, {K::Uint, K::Uint, K::Uint},
        {K::Double, K::Double, K::Double}, {K::String, K::String, K::String}, {K::Bytes, K::Bytes, K::Bytes},
        {K::List, K::List, K::List}, {K::Timestamp, K::Duration, K::Timestamp},
        {K::Duration, K::Timestamp, K::Timestamp}, {K::Duration, K::Duration, K::Duration}};
    static const std::vector<Sig> k_sub = {{K::Int, K::Int, K::Int}, {K::Uint, K::Uint, K::Uint},
        {K::Double, K::Double, K::Double}, {K::Timestamp, K::Timestamp, K::Duration},
        {K::Timestamp, K::Duration, K::Timestamp}, {K::Duration, K::Duration, K::Duration}};
    static const std::vector<Sig> k_mul = {{K::Int, K::Int, K::Int}, {K::Uint, K::Uint, K::Uint},
        {K::Double, K::Double, K::Double}};
    static const std::vector<Sig> k_mod = {{K::Int, K::Int, K::Int}, {K::Uint, K::Uint, K::Uint}};
    const auto& table = op == BinaryOp::Add ? k_add : op == BinaryOp::Sub ? k_sub : op == BinaryOp::Mod ? k_mod : k_mul;
    std::optional<K> result;
    bool mixed = false;
    for (const Sig& s : table) {
        if ((a.is_dyn() || a.kind() == s.left) && (b.is_dyn() || b.kind() == s.right)) {
            if (result && *result != s.result) mixed = true;
            result = s.result;
        }
    }
    if (!result) return std::nullopt;
    if (mixed) return Type::dyn();
    if (*result == K::List) {
        if (a.is_dyn() || b.is_dyn()) return Type::list(Type::dyn());
        // CEL's list(A) + list(A): the element types must agree.
        auto element = join(a.element(), b.element());
        if (!element) return std::nullopt;
        return Type::list(*element);
    }
    return Type::of(*result);
}

// join() that lets an empty list or map literal take the other side's type
// (CEL types `[]` as list(T) for a T still to be found).
std::optional<Type> join_nodes(const Node& na, const Type& a, const Node& nb, const Type& b) {
    auto empty_literal = [](const Node& n, const Type& other) {
        return n.children.empty() && ((n.kind == NodeKind::List && other.kind() == TypeKind::List) ||
                                      (n.kind == NodeKind::Map && other.kind() == TypeKind::Map));
    };
    if (empty_literal(na, b)) return b;
    if (empty_literal(nb, a)) return a;
    return join(a, b);
}

class Checker {
public:
    Checker(const Environment& env, const CompileOptions& options)
        : m_env(env), m_options(options), m_frame_size(env.variable_count()) {}

    CheckResult run(Node& root) {
        Type t = visit(root);
        if (m_options.expect_bool && !is_bool_like(t) && m_diagnostics.empty()) {
            error(root.span, "condition must be bool, got " + t.name());
        }
        if (m_diagnostics.empty()) check_cost(root);
        std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(),
                         [](const ExprDiagnostic& a, const ExprDiagnostic& b) { return a.span.offset < b.span.offset; });
        return {std::move(m_diagnostics), m_frame_size};
    }

private:
    struct Scope {
        std::string name;
        int slot;
        Type type;
    };
    const Environment& m_env;
    const CompileOptions& m_options;
    std::vector<ExprDiagnostic> m_diagnostics;
    std::vector<Scope> m_scopes;
    int m_frame_size;

    // Refuses an expression whose worst case is over the cost limit, at the
    // comprehension that makes it so (cost.hpp).
    void check_cost(const Node& root) {
        CostEstimate estimate = estimate_cost(root, m_options.cost_limit);
        if (estimate.cost <= m_options.cost_limit) return;
        std::string cost = estimate.cost == UINT64_MAX ? "more than 10^19" : std::to_string(estimate.cost);
        ExprDiagnostic d{estimate.culprit->span,
                         "expression too costly: its worst case is estimated at " + cost +
                             ", over the cost limit of " + std::to_string(m_options.cost_limit) +
                             " (nested comprehensions multiply their iterations)",
                         false};
        d.over_cost_limit = true;
        m_diagnostics.push_back(std::move(d));
    }

    void error(const SourceSpan& span, std::string message) { m_diagnostics.push_back({span, std::move(message), false}); }

    // Records a failure at the node and gives it type dyn.
    Type fail(Node& n, std::string message) {
        error(n.span, std::move(message));
        return n.type = Type::dyn();
    }

    static std::string suggestion(std::string_view name, const std::vector<std::string_view>& candidates) {
        std::string_view best;
        size_t best_distance = 3;
        for (std::string_view c : candidates) {
            size_t d = checking::edit_distance(name, c);
            if (d < best_distance && d < std::max<size_t>(name.size(), 2)) {
                best = c;
                best_distance = d;
            }
        }
        return best.empty() ? std::string() : " (did you mean '" + std::string(best) + "'?)";
    }

    Type visit(Node& n) {
        switch (n.kind) {
            case NodeKind::Literal: return n.type = literal_type(n.literal);
            case NodeKind::Ident: return ident(n);
            case NodeKind::Select: return select(n);
            case NodeKind::Index: return index(n);
            case NodeKind::Call: return call(n);
            case NodeKind::List: return list(n);
            case NodeKind::Map: return map(n);
            case NodeKind::Conditional: return conditional(n);
            case NodeKind::And:
            case NodeKind::Or: return logical(n);
            case NodeKind::Not: {
                Type t = visit(*n.children[0]);
                if (!is_bool_like(t)) return fail(n, "no matching overload for '!' applied to (" + t.name() + ")");
                return n.type = kind_type(TypeKind::Bool);
            }
            case NodeKind::Negate: {
                Type t = visit(*n.children[0]);
                TypeKind k = t.kind();
                if (k != TypeKind::Int && k != TypeKind::Double && k != TypeKind::Duration && !t.is_dyn()) {
                    return fail(n, "no matching overload for '-' applied to (" + t.name() + ")");
                }
                return n.type = t;
            }
            case NodeKind::Binary: return binary(n);
            case NodeKind::Coalesce: {
                Type a = visit(*n.children[0]);
                Type b = visit(*n.children[1]);
                return n.type = join_nodes(*n.children[0], a, *n.children[1], b).value_or(Type::dyn());
            }
            case NodeKind::Macro: return macro(n);
        }
        return n.type = Type::dyn();
    }

    static Type literal_type(const Value& v) {
        switch (v.kind()) {
            case Value::Kind::Null: return kind_type(TypeKind::Null);
            case Value::Kind::Bool: return kind_type(TypeKind::Bool);
            case Value::Kind::Int: return kind_type(TypeKind::Int);
            case Value::Kind::Uint: return kind_type(TypeKind::Uint);
            case Value::Kind::Double: return kind_type(TypeKind::Double);
            case Value::Kind::String: return kind_type(TypeKind::String);
            case Value::Kind::Bytes: return kind_type(TypeKind::Bytes);
            case Value::Kind::Timestamp: return kind_type(TypeKind::Timestamp);
            case Value::Kind::Duration: return kind_type(TypeKind::Duration);
            case Value::Kind::Type: return kind_type(TypeKind::Type);
            default: return Type::dyn();
        }
    }

    std::optional<int> lookup(std::string_view name, Type& type) const {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
            if (it->name == name) {
                type = it->type;
                return it->slot;
            }
        }
        if (auto slot = m_env.slot_of(name)) {
            type = m_env.type_of(*slot);
            return slot;
        }
        return std::nullopt;
    }

    static void make_type_literal(Node& n, std::string_view cel_name) {
        n.kind = NodeKind::Literal;
        n.children.clear();
        n.literal = Value::type(cel_name);
        n.type = kind_type(TypeKind::Type);
    }

    Type ident(Node& n) {
        Type type;
        if (auto slot = lookup(n.name, type)) {
            n.slot = *slot;
            return n.type = type;
        }
        if (checking::is_type_name(n.name)) {
            make_type_literal(n, n.name);
            return n.type;
        }
        std::vector<std::string_view> names;
        for (int i = 0; i < m_env.variable_count(); ++i) names.push_back(m_env.name_of(i));
        for (const Scope& s : m_scopes) names.push_back(s.name);
        return fail(n, "undeclared reference to '" + n.name + "'" + suggestion(n.name, names));
    }

    // "google.protobuf.Timestamp" when n is that chain of selects over an
    // identifier that names no variable.
    std::optional<std::string> qualified_name(const Node& n) const {
        if (n.kind == NodeKind::Ident) {
            Type ignored;
            if (lookup(n.name, ignored)) return std::nullopt;
            return n.name;
        }
        if (n.kind != NodeKind::Select || n.test_only) return std::nullopt;
        auto prefix = qualified_name(*n.children[0]);
        if (!prefix) return std::nullopt;
        return *prefix + "." + n.name;
    }

    Type field_of(Node& n, const Type& operand) {
        if (operand.is_dyn()) return Type::dyn();
        if (operand.is_record()) {
            if (auto t = operand.field(n.name)) return *t;
            std::vector<std::string_view> names;
            for (const auto& f : operand.fields()) names.push_back(f.first);
            return fail(n, "unknown field '" + n.name + "' of " + operand.record_name() + suggestion(n.name, names));
        }
        if (operand.kind() == TypeKind::Map) {
            if (operand.key().kind() == TypeKind::String || operand.key().is_dyn()) return operand.value();
        }
        return fail(n, "type '" + operand.name() + "' has no fields (cannot select '" + n.name + "')");
    }

    Type select(Node& n) {
        if (!n.test_only) {
            if (auto name = qualified_name(n)) {
                if (*name == "google.protobuf.Timestamp" || *name == "google.protobuf.Duration") {
                    make_type_literal(n, *name);
                    return n.type;
                }
            }
        }
        Type operand = visit(*n.children[0]);
        size_t errors = m_diagnostics.size();
        Type field = field_of(n, operand);
        if (n.test_only) {
            return n.type = m_diagnostics.size() == errors ? kind_type(TypeKind::Bool) : Type::dyn();
        }
        return n.type = field;
    }

    Type index(Node& n) {
        Type operand = visit(*n.children[0]);
        Type key = visit(*n.children[1]);
        if (operand.is_dyn()) return n.type = Type::dyn();
        if (operand.kind() == TypeKind::List) {
            if (key.is_dyn() || key.kind() == TypeKind::Int || key.kind() == TypeKind::Uint) return n.type = operand.element();
        } else if (operand.kind() == TypeKind::Map) {
            if (comparable(operand.key(), key) && key.kind() != TypeKind::Null) {
                if (operand.is_record() && n.children[1]->kind == NodeKind::Literal &&
                    key.kind() == TypeKind::String) {
                    if (auto t = operand.field(n.children[1]->literal.as_string())) return n.type = *t;
                }
                return n.type = operand.value();
            }
        }
        return fail(n, "no matching overload for '[]' applied to (" + operand.name() + ", " + key.name() + ")");
    }

    Type list(Node& n) {
        std::optional<Type> element;
        const Node* first = nullptr;
        for (auto& child : n.children) {
            Type t = visit(*child);
            if (!element) {
                element = t;
                first = child.get();
            } else {
                element = join_nodes(*first, *element, *child, t).value_or(Type::dyn());
                if (first->children.empty()) first = child.get();
            }
        }
        return n.type = Type::list(element.value_or(Type::dyn()));
    }

    Type map(Node& n) {
        std::optional<Type> key;
        std::optional<Type> value;
        for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
            Node& key_node = *n.children[i];
            Type k = visit(key_node);
            Type v = visit(*n.children[i + 1]);
            TypeKind kk = k.kind();
            if (kk != TypeKind::Int && kk != TypeKind::Uint && kk != TypeKind::Bool && kk != TypeKind::String &&
                !k.is_dyn()) {
                error(key_node.span, "unsupported map key type '" + k.name() + "' (keys are int, uint, bool or string)");
                k = Type::dyn();
            }
            key = key ? join(*key, k).value_or(Type::dyn()) : k;
            value = value ? join(*value, v).value_or(Type::dyn()) : v;
        }
        return n.type = Type::map(key.value_or(Type::dyn()), value.value_or(Type::dyn()));
    }

    Type conditional(Node& n) {
        Type c = visit(*n.children[0]);
        Type a = visit(*n.children[1]);
        Type b = visit(*n.children[2]);
        if (!is_bool_like(c)) {
            error(n.children[0]->span, "condition of '?:' must be bool, got " + c.name());
        }
        auto joined = join_nodes(*n.children[1], a, *n.children[2], b);
        if (!joined) return fail(n, "branches of '?:' have different types (" + a.name() + " and " + b.name() + ")");
        return n.type = *joined;
    }

    Type logical(Node& n) {
        Type a = visit(*n.children[0]);
        Type b = visit(*n.children[1]);
        if (!is_bool_like(a) || !is_bool_like(b)) {
            std::string_view op = n.kind == NodeKind::And ? "&&" : "||";
            return fail(n, "no matching overload for '" + std::string(op) + "' applied to (" + a.name() + ", " +
                               b.name() + ")");
        }
        return n.type = kind_type(TypeKind::Bool);
    }

    Type binary(Node& n) {
        Type a = visit(*n.children[0]);
        Type b = visit(*n.children[1]);
        Type boolean = kind_type(TypeKind::Bool);
        bool ok = false;
        std::optional<Type> result;
        switch (n.op) {
            case BinaryOp::Eq:
            case BinaryOp::Ne: ok = comparable(a, b); break;
            case BinaryOp::Lt: case BinaryOp::Le: case BinaryOp::Gt: case BinaryOp::Ge:
                ok = orderable(a.kind()) && orderable(b.kind()) &&
                     (a.is_dyn() || b.is_dyn() || a.kind() == b.kind() || (is_number(a.kind()) && is_number(b.kind())));
                break;
            case BinaryOp::In:
                if (b.is_dyn()) ok = true;
                else if (b.kind() == TypeKind::List) ok = comparable(a, b.element());
                else if (b.kind() == TypeKind::Map) ok = comparable(a, b.key());
                break;
            default:
                if (n.op == BinaryOp::Add && a.kind() == TypeKind::List && b.kind() == TypeKind::List) {
                    // `l + []` keeps l's type.
                    if (n.children[0]->kind == NodeKind::List && n.children[0]->children.empty()) return n.type = b;
                    if (n.children[1]->kind == NodeKind::List && n.children[1]->children.empty()) return n.type = a;
                }
                result = arithmetic(n.op, a, b);
                if (!result) break;
                return n.type = *result;
        }
        if (!ok) {
            return fail(n, "no matching overload for '" + std::string(op_spelling(n.op)) + "' applied to (" + a.name() +
                               ", " + b.name() + ")");
        }
        return n.type = boolean;
    }

    Type macro(Node& n) {
        static constexpr std::string_view k_names[] = {"all", "exists", "exists_one", "filter", "map", "map"};
        std::string name(k_names[static_cast<size_t>(n.macro)]);
        Type range = visit(*n.children[0]);
        Type variable;
        if (range.kind() == TypeKind::List) variable = range.element();
        else if (range.kind() == TypeKind::Map) variable = range.key();
        else if (!range.is_dyn()) return fail(n, name + "() cannot iterate over " + range.name());
        int slot = m_env.variable_count() + static_cast<int>(m_scopes.size());
        m_frame_size = std::max(m_frame_size, slot + 1);
        n.slot = slot;
        m_scopes.push_back({n.name, slot, variable});
        std::vector<Type> operands;
        for (size_t i = 1; i < n.children.size(); ++i) operands.push_back(visit(*n.children[i]));
        m_scopes.pop_back();
        bool has_predicate = n.macro != MacroKind::Map;
        if (has_predicate && !is_bool_like(operands[0])) {
            error(n.children[1]->span, "the predicate of " + name + "() must be bool, got " + operands[0].name());
        }
        switch (n.macro) {
            case MacroKind::All: case MacroKind::Exists: case MacroKind::ExistsOne:
                return n.type = kind_type(TypeKind::Bool);
            case MacroKind::Filter:
                return n.type = range.kind() == TypeKind::List ? range : Type::list(variable);
            case MacroKind::Map:
            case MacroKind::MapFilter: return n.type = Type::list(operands.back());
        }
        return n.type = Type::dyn();
    }

    Type call(Node& n) {
        std::vector<Type> args;
        for (auto& child : n.children) args.push_back(visit(*child));
        const auto& functions = m_env.functions();
        bool host_name = false;
        for (size_t i = 0; i < functions.size(); ++i) {
            const FunctionDecl& f = functions[i];
            if (f.name != n.name || f.receiver_style != n.has_target) continue;
            host_name = true;
            if (f.parameters.size() != args.size()) continue;
            bool ok = true;
            for (size_t k = 0; k < args.size() && ok; ++k) ok = f.parameters[k].accepts(args[k]);
            if (ok) {
                n.overload = static_cast<int32_t>(i);
                return n.type = f.result;
            }
        }
        checking::BuiltinMatch match = checking::match_builtin(n.name, n.has_target, args);
        if (match.result) {
            validate_literal_arguments(n);
            return n.type = *match.result;
        }
        if (match.known_name || host_name) {
            return fail(n, "no matching overload for '" + n.name + "' applied to " + type_list(args, n.has_target));
        }
        std::vector<std::string_view> names = checking::builtin_names();
        for (const auto& f : functions) names.push_back(f.name);
        return fail(n, "unknown function '" + n.name + "'" + suggestion(n.name, names));
    }

    // Catches mistakes in literal arguments at compile time rather than on
    // every evaluation.
    void validate_literal_arguments(Node& n) {
        auto literal_string = [&](size_t i) -> std::optional<std::string_view> {
            if (i >= n.children.size()) return std::nullopt;
            const Node& c = *n.children[i];
            if (c.kind != NodeKind::Literal || c.literal.kind() != Value::Kind::String) return std::nullopt;
            return c.literal.as_string();
        };
        if (!n.has_target && n.name == "timestamp") {
            if (auto s = literal_string(0)) {
                auto r = time::parse_timestamp(*s);
                if (auto* e = std::get_if<time::TimeError>(&r)) error(n.children[0]->span, e->message);
            }
        } else if (!n.has_target && n.name == "duration") {
            if (auto s = literal_string(0)) {
                auto r = time::parse_duration(*s);
                if (auto* e = std::get_if<time::TimeError>(&r)) error(n.children[0]->span, e->message);
            }
        } else if (n.name == "matches") {
            if (auto s = literal_string(1)) {
                RE2::Options options;
                options.set_log_errors(false);
                RE2 re(re2::StringPiece(s->data(), s->size()), options);
                if (!re.ok()) {
                    error(n.children[1]->span, "invalid regular expression: " + re.error());
                }
            }
        } else if (n.has_target && accessor_field(n.name) && n.children.size() == 2) {
            if (auto s = literal_string(1); s && !time::is_valid_zone(*s)) {
                error(n.children[1]->span, "unknown time zone '" + std::string(*s) + "'");
            }
        }
    }
};

}  // namespace

CheckResult check(Node& root, const Environment& env, const CompileOptions& options) {
    return Checker(env, options).run(root);
}

}  // namespace journeyctl::core::expr
