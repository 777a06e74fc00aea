// Operators on evaluated operands: arithmetic with CEL's overflow errors,
// heterogeneous numeric comparison, equality, `in`, indexing and negation.
#include <array>
#include <cmath>
#include <limits>

#include "core/expr/eval_internal.hpp"
#include "core/expr/value_internal.hpp"

namespace journeyctl::core::expr::detail {

namespace {

using Kind = Value::Kind;

const Value& overflow_error() {
    static const Value k_error = Value::error("integer overflow");
    return k_error;
}

const Value& unsigned_overflow_error() {
    static const Value k_error = Value::error("unsigned integer overflow");
    return k_error;
}

const char* op_symbol(BinaryOp op) {
    switch (op) {
        case BinaryOp::Eq: return "_==_";
        case BinaryOp::Ne: return "_!=_";
        case BinaryOp::Lt: return "_<_";
        case BinaryOp::Le: return "_<=_";
        case BinaryOp::Gt: return "_>_";
        case BinaryOp::Ge: return "_>=_";
        case BinaryOp::In: return "@in";
        case BinaryOp::Add: return "_+_";
        case BinaryOp::Sub: return "_-_";
        case BinaryOp::Mul: return "_*_";
        case BinaryOp::Div: return "_/_";
        case BinaryOp::Mod: return "_%_";
    }
    return "?";
}

Value mismatch(BinaryOp op, const Value& a, const Value& b) {
    const Value args[] = {a, b};
    return no_overload(op_symbol(op), args);
}

Value compare(BinaryOp op, const Value& a, const Value& b) {
    std::partial_ordering order = std::partial_ordering::unordered;
    if (is_number(a.kind()) && is_number(b.kind())) {
        order = compare_numbers(a, b);
    } else if (a.kind() != b.kind()) {
        return mismatch(op, a, b);
    } else {
        switch (a.kind()) {
            // string_view compares bytes as unsigned: UTF-8 byte order is
            // code point order.
            case Kind::String:
            case Kind::Bytes: order = a.as_string() <=> b.as_string(); break;
            case Kind::Bool: order = a.as_bool() <=> b.as_bool(); break;
            case Kind::Timestamp: order = a.as_timestamp() <=> b.as_timestamp(); break;
            case Kind::Duration: order = a.as_duration() <=> b.as_duration(); break;
            default: return mismatch(op, a, b);
        }
    }
    switch (op) {
        case BinaryOp::Lt: return Value::boolean(order < 0);
        case BinaryOp::Le: return Value::boolean(order <= 0);
        case BinaryOp::Gt: return Value::boolean(order > 0);
        default: return Value::boolean(order >= 0);
    }
}

Value contains(const Value& container, const Value& needle) {
    if (container.kind() == Kind::List) {
        for (const Value& item : container.as_list()) {
            if (item == needle) return Value::boolean(true);
        }
        return Value::boolean(false);
    }
    if (container.kind() == Kind::RecordList) {
        for (size_t i = 0, n = list_size(container); i < n; ++i) {
            if (list_element(container, i) == needle) return Value::boolean(true);
        }
        return Value::boolean(false);
    }
    if (container.kind() == Kind::Map) {
        return Value::boolean(container.as_map().find(needle) != nullptr);
    }
    if (container.kind() == Kind::Record) {
        Value field;
        return Value::boolean(map_lookup(container, needle, field));
    }
    return mismatch(BinaryOp::In, needle, container);
}

Value int_arith(BinaryOp op, int64_t x, int64_t y) {
    int64_t r = 0;
    switch (op) {
        case BinaryOp::Add:
            if (__builtin_add_overflow(x, y, &r)) return overflow_error();
            return Value::integer(r);
        case BinaryOp::Sub:
            if (__builtin_sub_overflow(x, y, &r)) return overflow_error();
            return Value::integer(r);
        case BinaryOp::Mul:
            if (__builtin_mul_overflow(x, y, &r)) return overflow_error();
            return Value::integer(r);
        case BinaryOp::Div:
            if (y == 0) return Value::error("division by zero");
            if (x == std::numeric_limits<int64_t>::min() && y == -1) return overflow_error();
            return Value::integer(x / y);
        default:
            if (y == 0) return Value::error("modulus by zero");
            if (x == std::numeric_limits<int64_t>::min() && y == -1) return overflow_error();
            return Value::integer(x % y);
    }
}

Value uint_arith(BinaryOp op, uint64_t x, uint64_t y) {
    uint64_t r = 0;
    switch (op) {
        case BinaryOp::Add:
            if (__builtin_add_overflow(x, y, &r)) return unsigned_overflow_error();
            return Value::uinteger(r);
        case BinaryOp::Sub:
            if (__builtin_sub_overflow(x, y, &r)) return unsigned_overflow_error();
            return Value::uinteger(r);
        case BinaryOp::Mul:
            if (__builtin_mul_overflow(x, y, &r)) return unsigned_overflow_error();
            return Value::uinteger(r);
        case BinaryOp::Div:
            if (y == 0) return Value::error("division by zero");
            return Value::uinteger(x / y);
        default:
            if (y == 0) return Value::error("modulus by zero");
            return Value::uinteger(x % y);
    }
}

Value arithmetic(BinaryOp op, const Value& a, const Value& b) {
    Kind ka = a.kind();
    Kind kb = b.kind();
    if (ka == Kind::Int && kb == Kind::Int) return int_arith(op, a.as_int(), b.as_int());
    if (ka == Kind::Uint && kb == Kind::Uint) return uint_arith(op, a.as_uint(), b.as_uint());
    if (ka == Kind::Double && kb == Kind::Double) {
        double x = a.as_double();
        double y = b.as_double();
        switch (op) {
            case BinaryOp::Add: return Value::real(x + y);
            case BinaryOp::Sub: return Value::real(x - y);
            case BinaryOp::Mul: return Value::real(x * y);
            case BinaryOp::Div: return Value::real(x / y);
            default: return mismatch(op, a, b);  // CEL has no double modulus
        }
    }
    auto ts = [](Timestamp t) { return Value::timestamp(t); };
    auto dur = [](Duration d) { return Value::duration(d); };
    if (op == BinaryOp::Add) {
        if (ka == Kind::String && kb == Kind::String) {
            std::string s;
            s.reserve(a.as_string().size() + b.as_string().size());
            s.append(a.as_string()).append(b.as_string());
            return Value::string(std::move(s));
        }
        if (ka == Kind::Bytes && kb == Kind::Bytes) {
            return Value::bytes(std::string(a.as_string()) + std::string(b.as_string()));
        }
        if ((ka == Kind::RecordList && b.is_list_like()) || (kb == Kind::RecordList && a.is_list_like())) {
            return arithmetic(op, a.kind() == Kind::RecordList ? a.materialize() : a,
                              b.kind() == Kind::RecordList ? b.materialize() : b);
        }
        if (ka == Kind::List && kb == Kind::List) {
            if (b.as_list().empty()) return a;
            if (a.as_list().empty()) return b;
            ListValue items = a.as_list();
            items.insert(items.end(), b.as_list().begin(), b.as_list().end());
            return Value::list(std::move(items));
        }
        if (ka == Kind::Timestamp && kb == Kind::Duration) {
            return from_time_result(time::add(a.as_timestamp(), b.as_duration()), ts);
        }
        if (ka == Kind::Duration && kb == Kind::Timestamp) {
            return from_time_result(time::add(b.as_timestamp(), a.as_duration()), ts);
        }
        if (ka == Kind::Duration && kb == Kind::Duration) {
            return from_time_result(time::add(a.as_duration(), b.as_duration()), dur);
        }
    }
    if (op == BinaryOp::Sub) {
        if (ka == Kind::Timestamp && kb == Kind::Timestamp) {
            return from_time_result(time::difference(a.as_timestamp(), b.as_timestamp()), dur);
        }
        if (ka == Kind::Timestamp && kb == Kind::Duration) {
            return from_time_result(time::subtract(a.as_timestamp(), b.as_duration()), ts);
        }
        if (ka == Kind::Duration && kb == Kind::Duration) {
            return from_time_result(time::subtract(a.as_duration(), b.as_duration()), dur);
        }
    }
    return mismatch(op, a, b);
}

}  // namespace

Value apply_binary(BinaryOp op, const Value& a, const Value& b) {
    switch (op) {
        case BinaryOp::Eq: return Value::boolean(a == b);
        case BinaryOp::Ne: return Value::boolean(!(a == b));
        case BinaryOp::Lt:
        case BinaryOp::Le:
        case BinaryOp::Gt:
        case BinaryOp::Ge: return compare(op, a, b);
        case BinaryOp::In: return contains(b, a);
        default: return arithmetic(op, a, b);
    }
}

Value negate(const Value& v) {
    switch (v.kind()) {
        case Kind::Int:
            if (v.as_int() == std::numeric_limits<int64_t>::min()) return overflow_error();
            return Value::integer(-v.as_int());
        case Kind::Double: return Value::real(-v.as_double());
        case Kind::Duration:
            return from_time_result(time::negate(v.as_duration()), [](Duration d) { return Value::duration(d); });
        default: return no_overload("-_", {&v, 1});
    }
}

Value no_such_key(const Value& key) {
    if (key.kind() == Kind::String) return Value::error("no such key: '" + std::string(key.as_string()) + "'");
    return Value::error("no such key: " + key.to_cel_literal());
}

Value index_value(const Value& container, const Value& key) {
    if (container.is_list_like()) {
        const size_t size = list_size(container);
        int64_t index = 0;
        switch (key.kind()) {
            case Kind::Int: index = key.as_int(); break;
            case Kind::Uint:
                if (key.as_uint() >= size) return Value::error("index out of bounds: " + std::to_string(key.as_uint()));
                index = static_cast<int64_t>(key.as_uint());
                break;
            case Kind::Double: {
                double d = key.as_double();
                if (std::trunc(d) != d || d < -9.2e18 || d > 9.2e18) {
                    return Value::error("invalid list index: " + key.to_cel_literal());
                }
                index = static_cast<int64_t>(d);
                break;
            }
            default: return no_overload("_[_]", std::array{container, key});
        }
        if (index < 0 || static_cast<uint64_t>(index) >= size) {
            return Value::error("index out of bounds: " + std::to_string(index));
        }
        return list_element(container, static_cast<size_t>(index));
    }
    if (container.is_map_like()) {
        switch (key.kind()) {
            case Kind::Int:
            case Kind::Uint:
            case Kind::Double:
            case Kind::Bool:
            case Kind::String: break;
            default: return no_overload("_[_]", std::array{container, key});
        }
        Value found;
        if (!map_lookup(container, key, found)) return no_such_key(key);
        return found;
    }
    return no_overload("_[_]", std::array{container, key});
}

// The checker's wording, so a type error reads the same whether it is
// found before evaluation or, through dyn values, during it.
Value no_overload(std::string_view name, std::span<const Value> args) {
    // CEL's internal operator names ("_<_", "!_", "_[_]", "@in") shown as
    // the user wrote them.
    std::string shown(name);
    if (shown == "_[_]") {
        shown = "[]";
    } else if (shown == "@in") {
        shown = "in";
    } else if (shown.size() > 1 && (shown.front() == '_' || shown.back() == '_')) {
        shown.erase(0, shown.front() == '_' ? 1 : 0);
        if (!shown.empty() && shown.back() == '_') shown.pop_back();
    }
    std::string message = "no matching overload for '" + shown + "' applied to (";
    for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) message += ", ";
        switch (args[i].kind()) {
            case Value::Kind::Timestamp: message += "timestamp"; break;
            case Value::Kind::Duration: message += "duration"; break;
            case Value::Kind::Null: message += "null"; break;
            default: message.append(args[i].type_name());
        }
    }
    message += ')';
    return Value::error(std::move(message));
}

}  // namespace journeyctl::core::expr::detail
