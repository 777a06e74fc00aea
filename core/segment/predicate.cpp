// Compiling a condition into three-valued tests and running them on rows
// (see predicate.hpp).
#include "core/segment/predicate.hpp"

#include <cmath>
#include <compare>

namespace journeyctl::core::segment {

using expr::BinaryOp;
using expr::Node;
using expr::NodeKind;
using expr::Value;

Tri compare_values(BinaryOp op, const Value& field, const Value& constant, bool field_first) {
    if (field.kind() != constant.kind()) return Tri::Error;  // CEL's mixed rules: left to the evaluator
    const Value& a = field_first ? field : constant;
    const Value& b = field_first ? constant : field;
    if (a.kind() == Value::Kind::String && (op == BinaryOp::Eq || op == BinaryOp::Ne)) {
        return (a.as_string() == b.as_string()) == (op == BinaryOp::Eq) ? Tri::True : Tri::False;
    }
    std::partial_ordering order = std::partial_ordering::unordered;
    switch (a.kind()) {
        case Value::Kind::String: order = a.as_string() <=> b.as_string(); break;
        case Value::Kind::Timestamp: order = a.as_timestamp() <=> b.as_timestamp(); break;
        case Value::Kind::Duration: order = a.as_duration() <=> b.as_duration(); break;
        case Value::Kind::Int: order = a.as_int() <=> b.as_int(); break;
        case Value::Kind::Uint: order = a.as_uint() <=> b.as_uint(); break;
        case Value::Kind::Bool: order = a.as_bool() <=> b.as_bool(); break;
        case Value::Kind::Double:
            if (std::isnan(a.as_double()) || std::isnan(b.as_double())) return Tri::Error;
            order = a.as_double() <=> b.as_double();
            break;
        default: return Tri::Error;
    }
    bool result = false;
    switch (op) {
        case BinaryOp::Eq: result = order == 0; break;
        case BinaryOp::Ne: result = order != 0; break;
        case BinaryOp::Lt: result = order < 0; break;
        case BinaryOp::Le: result = order <= 0; break;
        case BinaryOp::Gt: result = order > 0; break;
        case BinaryOp::Ge: result = order >= 0; break;
        default: return Tri::Error;
    }
    return result ? Tri::True : Tri::False;
}

namespace {

BinaryOp mirrored(BinaryOp op) {
    switch (op) {
        case BinaryOp::Lt: return BinaryOp::Gt;
        case BinaryOp::Le: return BinaryOp::Ge;
        case BinaryOp::Gt: return BinaryOp::Lt;
        case BinaryOp::Ge: return BinaryOp::Le;
        default: return op;
    }
}

Tri truth(const Value& v) {
    if (v.kind() != Value::Kind::Bool) return Tri::Error;
    return v.as_bool() ? Tri::True : Tri::False;
}

}  // namespace

// ---- Predicate ----


bool Predicate::compile(const Node& node, const Scope& scope, const expr::Evaluator& evaluator) {
    m_scope = scope;
    m_evaluator = &evaluator;
    auto root = add(node);
    if (!root) return false;
    m_root = *root;
    collect_bounds(m_root);
    return true;
}

std::optional<uint32_t> Predicate::add(const Node& n) {
    if (const Value* folded = m_evaluator->folded_value(n)) {
        Test t;
        t.kind = Test::Kind::Constant;
        t.fixed = truth(*folded);
        return push(std::move(t));
    }
    if (auto test = add_test(n)) return test;
    if (!may_part(n)) return std::nullopt;
    Test t;
    t.kind = Test::Kind::Part;
    t.part = m_scope.parts->part(n);
    if (!t.part) return std::nullopt;
    return push(std::move(t));
}

std::optional<uint32_t> Predicate::add_test(const Node& n) {
    Test t;
    switch (n.kind) {
        case NodeKind::And:
        case NodeKind::Or: {
            auto left = add(*n.children[0]);
            auto right = left ? add(*n.children[1]) : std::nullopt;
            if (!right) return std::nullopt;
            t.kind = n.kind == NodeKind::And ? Test::Kind::And : Test::Kind::Or;
            t.left = *left;
            t.right = *right;
            return push(std::move(t));
        }
        case NodeKind::Not: {
            auto operand = add(*n.children[0]);
            if (!operand) return std::nullopt;
            t.kind = Test::Kind::Not;
            t.left = *operand;
            return push(std::move(t));
        }
        case NodeKind::Select: {
            // has(x.f) tests key f of x; x.f alone must be a bool.
            auto path = n.test_only ? add_path(*n.children[0], n.name) : add_path(n, {});
            if (!path) return std::nullopt;
            t.kind = n.test_only ? Test::Kind::Has : Test::Kind::Truth;
            t.path = *path;
            break;
        }
        case NodeKind::Binary: {
            auto test = add_binary(n);
            if (!test) return std::nullopt;
            if (may_part(n)) m_tests[*test].part = m_scope.parts->part(n);
            return test;
        }
        default: return std::nullopt;
    }
    if (may_part(n)) t.part = m_scope.parts->part(n);
    return push(std::move(t));
}

std::optional<uint32_t> Predicate::add_binary(const Node& n) {
    Test t;
    const Node& left = *n.children[0];
    const Node& right = *n.children[1];
    if (n.op == BinaryOp::In) {
        const Value* list = m_evaluator->folded_value(right);
        if (list == nullptr || list->kind() != Value::Kind::List) return std::nullopt;
        for (const Value& item : list->as_list()) {
            // Other kinds compare unequal to a string without an error, but
            // a field need not be a string: leave them to the evaluator.
            if (item.kind() != Value::Kind::String) return std::nullopt;
        }
        auto path = add_path(left, {});
        if (!path) return std::nullopt;
        t.kind = Test::Kind::In;
        t.path = *path;
        t.constant = *list;
        for (const Value& item : t.constant.as_list()) t.strings.push_back(item.as_string());
        return push(std::move(t));
    }
    switch (n.op) {
        case BinaryOp::Eq:
        case BinaryOp::Ne:
        case BinaryOp::Lt:
        case BinaryOp::Le:
        case BinaryOp::Gt:
        case BinaryOp::Ge: break;
        default: return std::nullopt;
    }
    const Value* on_right = m_evaluator->folded_value(right);
    const Value* on_left = on_right == nullptr ? m_evaluator->folded_value(left) : nullptr;
    if (on_right == nullptr && on_left == nullptr) return std::nullopt;
    auto path = add_path(on_right != nullptr ? left : right, {});
    if (!path) return std::nullopt;
    t.kind = Test::Kind::Compare;
    t.op = n.op;
    t.path = *path;
    t.constant = on_right != nullptr ? *on_right : *on_left;
    t.field_first = on_right != nullptr;
    return push(std::move(t));
}

// `x.f.k1.k2` (then `last`, the key has() tests) where x is the event
// variable or `profile`.
std::optional<uint32_t> Predicate::add_path(const Node& n, std::string_view last) {
    std::vector<std::string> names;  // innermost last
    if (!last.empty()) names.emplace_back(last);
    const Node* at = &n;
    while (at->kind == NodeKind::Select && !at->test_only) {
        names.push_back(at->name);
        at = at->children[0].get();
    }
    if (at->kind != NodeKind::Ident || at->slot < 0 || names.empty()) return std::nullopt;
    const bool event = at->slot == m_scope.event_var;
    if (!event && at->slot != m_scope.profile_slot) return std::nullopt;
    Path path{FieldReader(names.back()), {}, !event};
    for (auto it = names.rbegin() + 1; it != names.rend(); ++it) path.keys.push_back(*it);
    m_paths.push_back(std::move(path));
    return static_cast<uint32_t>(m_paths.size() - 1);
}

uint32_t Predicate::push(Test t) {
    m_tests.push_back(std::move(t));
    return static_cast<uint32_t>(m_tests.size() - 1);
}

// The operands of the &&s at the top that compare an event field with a
// timestamp.
void Predicate::collect_bounds(uint32_t index) {
    const Test& t = m_tests[index];
    if (t.kind == Test::Kind::And) {
        collect_bounds(t.left);
        collect_bounds(t.right);
        return;
    }
    const Path* path = t.kind == Test::Kind::Compare ? &m_paths[t.path] : nullptr;
    if (path == nullptr || path->profile || !path->keys.empty() || t.constant.kind() != Value::Kind::Timestamp) return;
    const BinaryOp op = t.field_first ? t.op : mirrored(t.op);
    if (op == BinaryOp::Lt || op == BinaryOp::Le || op == BinaryOp::Gt || op == BinaryOp::Ge) {
        m_bounds.push_back({t.path, op, t.constant.as_timestamp()});
    }
}

// The value at the path, into m_value.
Predicate::Read Predicate::read(Path& path, const Rows& rows) {
    const expr::RecordSource* source = path.profile ? rows.profile_source : rows.event_source;
    if (source == nullptr) return Read::Error;
    if (!path.field.get(source, path.profile ? rows.profile_row : rows.event_row, m_value)) {
        return path.keys.empty() ? Read::Absent : Read::Error;  // selecting from a missing field fails
    }
    for (size_t i = 0; i < path.keys.size(); ++i) {
        if (m_value.kind() != Value::Kind::Map) return Read::Error;  // a Record, or not a map: the evaluator
        const Value* found = m_value.as_map().find(path.keys[i]);
        if (found == nullptr) return i + 1 == path.keys.size() ? Read::Absent : Read::Error;
        Value next = *found;  // before the map it lives in goes
        m_value = std::move(next);
    }
    return Read::Ok;
}

Tri Predicate::run(uint32_t index, const Rows& rows) {
    Test& t = m_tests[index];
    switch (t.kind) {
        case Test::Kind::And: {
            const Tri a = run(t.left, rows);
            if (a == Tri::False) return Tri::False;
            const Tri b = run(t.right, rows);
            if (b == Tri::False) return Tri::False;
            return a == Tri::Error || b == Tri::Error ? Tri::Error : Tri::True;
        }
        case Test::Kind::Or: {
            const Tri a = run(t.left, rows);
            if (a == Tri::True) return Tri::True;
            const Tri b = run(t.right, rows);
            if (b == Tri::True) return Tri::True;
            return a == Tri::Error || b == Tri::Error ? Tri::Error : Tri::False;
        }
        case Test::Kind::Not: {
            const Tri a = run(t.left, rows);
            return a == Tri::Error ? Tri::Error : a == Tri::True ? Tri::False : Tri::True;
        }
        case Test::Kind::Constant: return t.fixed;
        case Test::Kind::Part: return truth(t.part(*rows.activation));
        default: {
            const Tri r = leaf(t, rows);
            if (r != Tri::Error || !t.part) return r;
            return truth(t.part(*rows.activation));  // the evaluator settles it
        }
    }
}

Tri Predicate::leaf(Test& t, const Rows& rows) {
    if (auto typed = typed_leaf(t, m_paths[t.path], rows)) return *typed;
    switch (t.kind) {
        case Test::Kind::Compare:
            if (read(m_paths[t.path], rows) != Read::Ok) return Tri::Error;
            return compare_values(t.op, m_value, t.constant, t.field_first);
        case Test::Kind::In: {
            if (read(m_paths[t.path], rows) != Read::Ok || m_value.kind() != Value::Kind::String) return Tri::Error;
            const std::string_view text = m_value.as_string();
            for (std::string_view s : t.strings) {
                if (s == text) return Tri::True;
            }
            return Tri::False;
        }
        case Test::Kind::Has:
            switch (read(m_paths[t.path], rows)) {
                case Read::Ok: return Tri::True;
                case Read::Absent: return Tri::False;
                case Read::Error: return Tri::Error;
            }
            return Tri::Error;
        case Test::Kind::Truth:
            if (read(m_paths[t.path], rows) != Read::Ok) return Tri::Error;
            return truth(m_value);
        default: return Tri::Error;
    }
}

}  // namespace journeyctl::core::segment
