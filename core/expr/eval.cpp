// The evaluator: walks the checked syntax tree (mirrored into Code nodes,
// see eval_internal.hpp) with CEL's semantics. Errors are values; `&&`,
// `||`, `?:`, `??` and the macros decide which errors are absorbed.
// Operators live in eval_operators.cpp, calls in eval_calls.cpp and
// eval_functions.cpp, conversions in eval_conversions.cpp, macros in
// eval_macros.cpp.
#include <algorithm>

#include "core/expr/eval_internal.hpp"
#include "core/expr/value_internal.hpp"

namespace journeyctl::core::expr {

using detail::Code;

namespace {

// Names that denote types when they are not variables: `type(x) == int`.
bool is_type_name(std::string_view name) {
    static constexpr std::string_view k_names[] = {
        "int", "uint", "double", "string", "bytes", "bool", "list", "map", "null_type", "type",
    };
    return std::find(std::begin(k_names), std::end(k_names), name) != std::end(k_names);
}

// The units (cost.hpp) an operator costs on these operands: building a
// list or string with `+`, walking a list with `in`, comparing lists or
// maps element by element. Scalars cost nothing.
uint64_t operator_cost(BinaryOp op, const Value& a, const Value& b) {
    using Kind = Value::Kind;
    switch (op) {
        case BinaryOp::Add:
            if ((a.kind() == Kind::String || a.kind() == Kind::Bytes) && b.kind() == a.kind()) {
                return string_cost(a.as_string().size() + b.as_string().size());
            }
            if (a.is_list_like() && b.is_list_like()) return detail::list_size(a) + detail::list_size(b);
            return 0;
        case BinaryOp::In: return b.is_list_like() ? detail::list_size(b) : 0;
        case BinaryOp::Eq:
        case BinaryOp::Ne:
            if (a.is_list_like() && b.is_list_like()) return std::min(detail::list_size(a), detail::list_size(b));
            if (a.kind() == Kind::Map && b.kind() == Kind::Map) return std::min(a.as_map().size(), b.as_map().size());
            return 0;
        default: return 0;
    }
}

int max_slot(const Node& node) {
    int slot = node.slot;
    for (const NodePtr& kid : node.children) slot = std::max(slot, max_slot(*kid));
    return slot;
}

}  // namespace

Evaluator::Impl::Impl(std::shared_ptr<const Program> program, std::span<const std::pair<int, Value>> constants)
    : m_program(std::move(program)) {
    m_cost_limit = m_program->cost_limit();
    m_over_limit = Value::error(cost_limit_message(m_cost_limit));
    m_variable_count = m_program->environment().variable_count();
    int frame = std::max(m_program->frame_size(), max_slot(m_program->root()) + 1);
    m_frame.resize(static_cast<size_t>(std::max(frame, 0)));
    for (const auto& [slot, value] : constants) {
        // Only activation variables: a macro variable changes within a run.
        if (slot < 0 || slot >= m_variable_count) continue;
        if (m_constants.size() <= static_cast<size_t>(slot)) m_constants.resize(static_cast<size_t>(slot) + 1);
        m_constants[static_cast<size_t>(slot)] = value;
    }
    m_root = build(m_program->root());
    m_constants.clear();
}

Code* Evaluator::Impl::find_code(Code& code, const Node& node) {
    if (code.node == &node) return &code;
    for (Code& kid : code.kids) {
        if (Code* found = find_code(kid, node)) return found;
    }
    return nullptr;
}

Code Evaluator::Impl::build(const Node& node) {
    Code code;
    code.node = &node;
    code.kids.reserve(node.children.size());
    for (const NodePtr& kid : node.children) code.kids.push_back(build(*kid));
    switch (node.kind) {
        case NodeKind::Ident:
            if (node.slot >= 0 && static_cast<size_t>(node.slot) < m_constants.size() &&
                m_constants[static_cast<size_t>(node.slot)]) {
                code.folded_value = *m_constants[static_cast<size_t>(node.slot)];
                code.folded = true;
            } else if (node.slot >= 0) {
                code.fixed_error = Value::error("variable '" + node.name + "' has no value");
            } else if (is_type_name(node.name)) {
                code.fixed_error = Value::type(node.name);
            } else {
                code.fixed_error = Value::error("undeclared reference to '" + node.name + "'");
            }
            break;
        case NodeKind::Select: code.fixed_error = detail::no_such_key(Value::string(node.name)); break;
        case NodeKind::Call: resolve_call(code); break;
        default: break;
    }
    fold_constant(code);
    return code;
}

void Evaluator::Impl::fold_constant(Code& code) {
    const Node& node = *code.node;
    switch (node.kind) {
        case NodeKind::Literal:
        case NodeKind::Ident:
        case NodeKind::Macro: return;  // literals are already cheap; the others vary
        case NodeKind::Call:
            if (code.builtin == detail::Builtin::Host || code.builtin == detail::Builtin::Unknown) return;
            break;
        default: break;
    }
    for (const Code& kid : code.kids) {
        if (!kid.folded && kid.node->kind != NodeKind::Literal) return;
    }
    Value scratch;
    m_cost = 0;
    const Value& value = eval(code, scratch);
    // Never freeze the cost error: each evaluation counts afresh.
    if (over_limit()) return;
    code.folded_value = value;
    code.folded = true;
}

Value Evaluator::Impl::run(const Activation& activation) {
    m_activation = &activation;
    m_cost = 0;
    m_running = true;
    Value scratch;
    const Value& result = eval(m_root, scratch);
    m_running = false;
    // Over the limit, whatever absorbed the error on the way (`||`, `??`,
    // exists()) the evaluation failed.
    if (over_limit()) return m_over_limit;
    if (&result == &scratch) return scratch;
    return result;
}

Value Evaluator::Impl::evaluate_part(const Code& code, const Activation& activation) {
    const Activation* outer = m_activation;
    m_activation = &activation;
    // Called from a shortcut inside run(), the part adds to run()'s count;
    // called on its own, it is an evaluation of its own.
    const bool own = !m_running;
    if (own) {
        m_cost = 0;
        m_running = true;
    }
    Value scratch;
    const Value& result = eval(code, scratch);
    Value out = &result == &scratch ? std::move(scratch) : result;
    m_activation = outer;
    if (own) {
        m_running = false;
        if (over_limit()) out = m_over_limit;
    }
    return out;
}

const Value& Evaluator::Impl::eval(const Code& code, Value& scratch) {
    if (code.folded) return code.folded_value;
    if (code.shortcut && code.shortcut(*m_activation, scratch)) return scratch;
    const Node& node = *code.node;
    switch (node.kind) {
        case NodeKind::Literal: return node.literal;
        case NodeKind::Ident: return eval_ident(code);
        case NodeKind::Select:
            if (node.test_only) return scratch = eval_has(code);
            return eval_select(code, scratch);
        case NodeKind::Index: {
            Value s0, s1;
            const Value& container = eval(code.kids[0], s0);
            if (container.is_error()) return scratch = container;
            const Value& key = eval(code.kids[1], s1);
            if (key.is_error()) return scratch = key;
            return scratch = detail::index_value(container, key);
        }
        case NodeKind::Call: return scratch = eval_call(code);
        case NodeKind::List: return scratch = eval_list(code);
        case NodeKind::Map: return scratch = eval_map(code);
        case NodeKind::Conditional: {
            Value s0;
            const Value& cond = eval(code.kids[0], s0);
            if (cond.is_error()) return scratch = cond;
            if (cond.kind() != Value::Kind::Bool) {
                return scratch = Value::error("condition of ?: must be bool, got " +
                                              std::string(cond.type_name()));
            }
            return eval(code.kids[cond.as_bool() ? 1 : 2], scratch);
        }
        case NodeKind::And: return scratch = eval_and_or(code, true);
        case NodeKind::Or: return scratch = eval_and_or(code, false);
        case NodeKind::Not: {
            Value s0;
            const Value& v = eval(code.kids[0], s0);
            if (v.is_error()) return scratch = v;
            if (v.kind() != Value::Kind::Bool) return scratch = detail::no_overload("!_", {&v, 1});
            return scratch = Value::boolean(!v.as_bool());
        }
        case NodeKind::Negate: {
            Value s0;
            const Value& v = eval(code.kids[0], s0);
            if (v.is_error()) return scratch = v;
            return scratch = detail::negate(v);
        }
        case NodeKind::Binary: {
            Value s0, s1;
            const Value& a = eval(code.kids[0], s0);
            if (a.is_error()) return scratch = a;
            const Value& b = eval(code.kids[1], s1);
            if (b.is_error()) return scratch = b;
            if (uint64_t units = operator_cost(node.op, a, b); units != 0 && !charge(units)) {
                return scratch = m_over_limit;
            }
            return scratch = detail::apply_binary(node.op, a, b);
        }
        case NodeKind::Coalesce: {
            // Absent (a missing key is an error), null or any error: the right side.
            const Value& left = eval(code.kids[0], scratch);
            if (!left.is_error() && !left.is_null()) return left;
            return eval(code.kids[1], scratch);
        }
        case NodeKind::Macro: return scratch = eval_macro(code);
    }
    return scratch = Value::error("unsupported expression");
}

const Value& Evaluator::Impl::eval_ident(const Code& code) {
    int slot = code.node->slot;
    if (slot < 0) return code.fixed_error;  // a type name, or undeclared
    if (slot < m_variable_count) {
        if (!m_activation->has(slot)) return code.fixed_error;
        return m_activation->get(slot);
    }
    return m_frame[static_cast<size_t>(slot)];
}

bool Evaluator::Impl::select_record(const Code& code, const Value& record, Value& out) {
    RecordRef ref = record.as_record();
    if (ref.source != code.record_source) {
        code.record_source = ref.source;
        code.record_field = ref.source->field_index(code.node->name);
    }
    return code.record_field && ref.source->get(*code.record_field, ref.begin, out);
}

const Value& Evaluator::Impl::eval_select(const Code& code, Value& scratch) {
    Value base_scratch;
    const Value& base = eval(code.kids[0], base_scratch);
    if (base.kind() == Value::Kind::Record) {
        if (!select_record(code, base, scratch)) return code.fixed_error;
        return scratch;
    }
    if (base.kind() == Value::Kind::Map) {
        const Value* found = base.as_map().find(code.node->name);
        if (found == nullptr) return code.fixed_error;
        // An entry of a temporary map must be copied before the map goes.
        if (&base == &base_scratch) return scratch = *found;
        return *found;
    }
    if (base.is_error()) {
        if (&base == &base_scratch) return scratch = std::move(base_scratch);
        return base;
    }
    return scratch = Value::error("cannot select field '" + code.node->name +
                                  "' from " + std::string(base.type_name()));
}

Value Evaluator::Impl::eval_has(const Code& code) {
    Value s0;
    const Value& base = eval(code.kids[0], s0);
    if (base.is_error()) return base;
    if (base.kind() == Value::Kind::Map) {
        return Value::boolean(base.as_map().find(code.node->name) != nullptr);
    }
    if (base.kind() == Value::Kind::Record) {
        Value field;
        return Value::boolean(select_record(code, base, field));
    }
    return Value::error("has() cannot test field '" + code.node->name +
                        "' of " + std::string(base.type_name()));
}

// CEL's commutative logic: the deciding value (false for &&, true for ||)
// wins over an error on either side; otherwise the first error is kept.
Value Evaluator::Impl::eval_and_or(const Code& code, bool is_and) {
    const bool decisive = !is_and;
    Value s0;
    const Value& left = eval(code.kids[0], s0);
    if (left.kind() == Value::Kind::Bool && left.as_bool() == decisive) return left;
    Value s1;
    const Value& right = eval(code.kids[1], s1);
    if (right.kind() == Value::Kind::Bool && right.as_bool() == decisive) return right;
    const char* op = is_and ? "_&&_" : "_||_";
    if (left.is_error()) return left;
    if (left.kind() != Value::Kind::Bool) return detail::no_overload(op, {&left, 1});
    if (right.is_error()) return right;
    if (right.kind() != Value::Kind::Bool) return detail::no_overload(op, {&right, 1});
    return Value::boolean(!decisive);
}

Value Evaluator::Impl::eval_list(const Code& code) {
    if (!charge(code.kids.size())) return m_over_limit;
    ListValue items;
    items.reserve(code.kids.size());
    for (const Code& kid : code.kids) {
        Value s;
        const Value& item = eval(kid, s);
        if (item.is_error()) return item;
        items.push_back(item);
    }
    return Value::list(std::move(items));
}

Value Evaluator::Impl::eval_map(const Code& code) {
    if (!charge(code.kids.size() / 2)) return m_over_limit;
    auto entries = std::make_shared<MapValue>();
    for (size_t i = 0; i + 1 < code.kids.size(); i += 2) {
        Value s0, s1;
        const Value& key = eval(code.kids[i], s0);
        if (key.is_error()) return key;
        const Value& value = eval(code.kids[i + 1], s1);
        if (value.is_error()) return value;
        switch (key.kind()) {
            case Value::Kind::Int:
            case Value::Kind::Uint:
            case Value::Kind::Bool:
            case Value::Kind::String: break;
            default:
                return Value::error("unsupported key type: " + std::string(key.type_name()));
        }
        if (!entries->insert(key, value)) {
            return Value::error("repeated key in map literal: " + key.to_cel_literal());
        }
    }
    return Value::map(std::move(entries));
}

// ---- the public face -----------------------------------------------------

Evaluator::Evaluator(std::shared_ptr<const Program> program, std::span<const std::pair<int, Value>> constants)
    : m_impl(std::make_unique<Impl>(std::move(program), constants)) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

Value Evaluator::evaluate(const Activation& activation) { return m_impl->run(activation); }

const Value* Evaluator::folded_value(const Node& node) const {
    const Code* code = m_impl->code_of(node);
    if (code == nullptr) return nullptr;
    if (code->folded) return &code->folded_value;
    if (node.kind == NodeKind::Literal) return &node.literal;
    return nullptr;
}

void Evaluator::set_shortcut(const Node& node, Shortcut shortcut) {
    if (Code* code = m_impl->code_of(node)) code->shortcut = std::move(shortcut);
}

Evaluator::Part Evaluator::part(const Node& node) {
    Part part;
    if (const Code* code = m_impl->code_of(node)) {
        part.m_impl = m_impl.get();
        part.m_code = code;
    }
    return part;
}

Value Evaluator::Part::operator()(const Activation& activation) const {
    return m_impl->evaluate_part(*static_cast<const Code*>(m_code), activation);
}

}  // namespace journeyctl::core::expr
