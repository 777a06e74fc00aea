// Compiling a condition into three-valued tests and running them on rows
// (see predicate.hpp).
#include "core/segment/predicate.hpp"

#include <cmath>
#include <compare>

#include "core/data/column_builder.hpp"
#include "core/data/dataset.hpp"

namespace journeyctl::core::segment {

using expr::BinaryOp;
using expr::Node;
using expr::NodeKind;
using expr::Value;

namespace {

Tri compare(BinaryOp op, const Value& field, const Value& constant, bool field_first) {
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

BinaryOp mirrored(BinaryOp op) {
    switch (op) {
        case BinaryOp::Lt: return BinaryOp::Gt;
        case BinaryOp::Le: return BinaryOp::Ge;
        case BinaryOp::Gt: return BinaryOp::Lt;
        case BinaryOp::Ge: return BinaryOp::Le;
        default: return op;
    }
}

Tri of(bool b) { return b ? Tri::True : Tri::False; }

// `field op constant` (or `constant op field`) for values of one type.
template <typename T>
Tri ordered(BinaryOp op, bool field_first, const T& field, const T& constant) {
    const std::partial_ordering order = field_first ? field <=> constant : constant <=> field;
    switch (op) {
        case BinaryOp::Eq: return of(order == 0);
        case BinaryOp::Ne: return of(order != 0);
        case BinaryOp::Lt: return of(order < 0);
        case BinaryOp::Le: return of(order <= 0);
        case BinaryOp::Gt: return of(order > 0);
        case BinaryOp::Ge: return of(order >= 0);
        default: return Tri::Error;
    }
}

Tri truth(const Value& v) {
    if (v.kind() != Value::Kind::Bool) return Tri::Error;
    return v.as_bool() ? Tri::True : Tri::False;
}

}  // namespace

// ---- FieldReader ----

bool FieldReader::get(const expr::RecordSource* source, uint32_t row, Value& out) {
    if (source != m_source) bind(source);
    if (m_column != nullptr) {
        if (!m_column->present(row)) return false;
        out = m_column->value(row);
        return true;
    }
    return m_index && source->get(*m_index, row, out);
}

bool FieldReader::reads(const expr::RecordSource* source, uint32_t index) {
    if (source != m_source) bind(source);
    if (!m_index) return false;
    if (*m_index == index) return true;
    const auto* table = dynamic_cast<const data::Table*>(source);
    return table != nullptr && index < table->field_count() && m_column == &table->field_column(index);
}

void FieldReader::bind(const expr::RecordSource* source) {
    m_source = source;
    m_index = source->field_index(m_name);
    // A loaded table's cells are read from the column itself: what
    // Table::get does, without its virtual call.
    const auto* table = dynamic_cast<const data::Table*>(source);
    m_column = table != nullptr && m_index ? &table->field_column(*m_index) : nullptr;
}

void Rows::bind_profile(const expr::Activation& act, int profile_slot) {
    activation = &act;
    profile_source = nullptr;
    if (profile_slot < 0 || !act.has(profile_slot)) return;
    const Value& profile = act.get(profile_slot);
    if (profile.kind() != Value::Kind::Record) return;
    profile_source = profile.as_record().source;
    profile_row = profile.as_record().begin;
}

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

std::optional<Tri> Predicate::string_leaf(Test& t, const data::Column& column, uint32_t row) {
    const std::vector<uint32_t>& codes = data::ColumnAccess::codes(column);
    if (!codes.empty()) {
        if (row >= codes.size()) return std::nullopt;
        if (t.coded != &column) {
            // Each value of the dictionary tested once, the Value way.
            t.coded = &column;
            t.by_code.clear();
            for (std::string_view text : data::ColumnAccess::dictionary(column)) {
                const Value v = Value::borrowed_string(text);
                if (t.kind == Test::Kind::In) {
                    bool found = false;
                    for (std::string_view s : t.strings) found = found || s == text;
                    t.by_code.push_back(of(found));
                } else {
                    t.by_code.push_back(compare(t.op, v, t.constant, t.field_first));
                }
            }
        }
        return codes[row] < t.by_code.size() ? std::optional<Tri>(t.by_code[codes[row]]) : std::nullopt;
    }
    const std::vector<std::string_view>& strings = data::ColumnAccess::strings(column);
    if (row >= strings.size()) return std::nullopt;  // the events' key column keeps no strings
    const std::string_view text = strings[row];
    if (t.kind == Test::Kind::In) {
        for (std::string_view s : t.strings) {
            if (s == text) return Tri::True;
        }
        return Tri::False;
    }
    if (t.op == BinaryOp::Eq || t.op == BinaryOp::Ne) return of((text == t.constant.as_string()) == (t.op == BinaryOp::Eq));
    return ordered(t.op, t.field_first, text, t.constant.as_string());
}

// A test on a plain field of a loaded table, read from the column's storage
// as Column::value would read it, without making a Value; nullopt when the
// test is not one of these (the Value way then settles it).
std::optional<Tri> Predicate::typed_leaf(Test& t, Path& path, const Rows& rows) {
    if (!path.keys.empty()) return std::nullopt;
    const expr::RecordSource* source = path.profile ? rows.profile_source : rows.event_source;
    if (source == nullptr) return std::nullopt;
    const data::Column* column = path.field.column(source);
    if (column == nullptr) return std::nullopt;
    const uint32_t row = path.profile ? rows.profile_row : rows.event_row;
    if (!column->present(row)) return t.kind == Test::Kind::Has ? Tri::False : Tri::Error;
    using data::ColumnAccess;
    using data::ColumnType;
    const Value::Kind constant = t.constant.kind();
    switch (t.kind) {
        case Test::Kind::Has: return Tri::True;
        case Test::Kind::In:
            if (column->type() != ColumnType::String) return std::nullopt;
            return string_leaf(t, *column, row);
        case Test::Kind::Truth: {
            const std::vector<int64_t>& ints = ColumnAccess::ints(*column);
            if (column->type() != ColumnType::Bool || row >= ints.size()) return std::nullopt;
            return of(ints[row] != 0);
        }
        case Test::Kind::Compare: break;
        default: return std::nullopt;
    }
    switch (column->type()) {
        case ColumnType::String:
            if (constant != Value::Kind::String) return std::nullopt;
            return string_leaf(t, *column, row);
        case ColumnType::Int:
        case ColumnType::Bool: {
            const std::vector<int64_t>& ints = ColumnAccess::ints(*column);
            if (row >= ints.size()) return std::nullopt;
            if (column->type() == ColumnType::Int && constant == Value::Kind::Int) {
                return ordered(t.op, t.field_first, ints[row], t.constant.as_int());
            }
            if (column->type() == ColumnType::Bool && constant == Value::Kind::Bool) {
                return ordered(t.op, t.field_first, ints[row] != 0, t.constant.as_bool());
            }
            return std::nullopt;
        }
        case ColumnType::Double: {
            const std::vector<double>& doubles = ColumnAccess::doubles(*column);
            if (constant != Value::Kind::Double || row >= doubles.size()) return std::nullopt;
            if (std::isnan(doubles[row]) || std::isnan(t.constant.as_double())) return Tri::Error;
            return ordered(t.op, t.field_first, doubles[row], t.constant.as_double());
        }
        case ColumnType::Timestamp: {
            const std::vector<int64_t>& seconds = ColumnAccess::ints(*column);
            const std::vector<int32_t>& nanos = ColumnAccess::nanos(*column);
            if (constant != Value::Kind::Timestamp || row >= seconds.size()) return std::nullopt;
            const expr::Timestamp at{seconds[row], nanos.empty() ? 0 : nanos[row]};
            return ordered(t.op, t.field_first, at, t.constant.as_timestamp());
        }
        default: return std::nullopt;
    }
}

Tri Predicate::leaf(Test& t, const Rows& rows) {
    if (auto typed = typed_leaf(t, m_paths[t.path], rows)) return *typed;
    switch (t.kind) {
        case Test::Kind::Compare:
            if (read(m_paths[t.path], rows) != Read::Ok) return Tri::Error;
            return compare(t.op, m_value, t.constant, t.field_first);
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
