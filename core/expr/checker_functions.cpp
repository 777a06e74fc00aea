// Built-in function signatures for the checker, from CEL's list of standard
// definitions (google/cel-spec doc/langdef.md) and the extensions of
// shared/design/expressions.md (lowerAscii, upperAscii, trim, sum, min, max,
// duration/timestamp accessors). Each overload is a list of argument
// patterns; a pattern matches a kind (any list, any map) or a list whose
// elements belong to a family, which is how sum/min/max are typed.
#include "core/expr/checker_functions.hpp"

#include <algorithm>
#include <string>

namespace journeyctl::core::expr::checking {
namespace {

enum class P : uint8_t {
    Int, Uint, Double, String, Bytes, Bool, Timestamp, Duration, List, Map, Any,
    ListSummable,  // list of int, uint, double or duration
    ListOrdered,   // list of int, uint, double, timestamp or duration
};

enum class R : uint8_t { Int, Uint, Double, String, Bytes, Bool, Timestamp, Duration, Type, Dyn, Element };

struct Overload {
    std::string_view name;
    bool receiver;
    std::vector<P> params;
    R result;
};

const std::vector<Overload>& overloads() {
    static const std::vector<Overload> table = [] {
        std::vector<Overload> t;
        auto both = [&](std::string_view n, std::vector<P> params, R r) {
            t.push_back({n, false, params, r});
            t.push_back({n, true, params, r});
        };
        auto global = [&](std::string_view n, std::vector<P> params, R r) { t.push_back({n, false, params, r}); };
        auto method = [&](std::string_view n, std::vector<P> params, R r) { t.push_back({n, true, params, r}); };
        for (P p : {P::String, P::Bytes, P::List, P::Map}) both("size", {p}, R::Int);
        for (P p : {P::Int, P::Uint, P::Double, P::String, P::Timestamp}) global("int", {p}, R::Int);
        for (P p : {P::Int, P::Uint, P::Double, P::String}) global("uint", {p}, R::Uint);
        for (P p : {P::Int, P::Uint, P::Double, P::String}) global("double", {p}, R::Double);
        for (P p : {P::Int, P::Uint, P::Double, P::String, P::Bytes, P::Bool, P::Timestamp, P::Duration}) {
            global("string", {p}, R::String);
        }
        for (P p : {P::Bool, P::String}) global("bool", {p}, R::Bool);
        for (P p : {P::Bytes, P::String}) global("bytes", {p}, R::Bytes);
        global("type", {P::Any}, R::Type);
        global("dyn", {P::Any}, R::Dyn);
        for (P p : {P::String, P::Timestamp, P::Int}) global("timestamp", {p}, R::Timestamp);
        for (P p : {P::String, P::Duration}) global("duration", {p}, R::Duration);
        both("matches", {P::String, P::String}, R::Bool);
        for (std::string_view n : {"contains", "startsWith", "endsWith"}) method(n, {P::String, P::String}, R::Bool);
        for (std::string_view n : {"lowerAscii", "upperAscii", "trim"}) method(n, {P::String}, R::String);
        method("sum", {P::ListSummable}, R::Element);
        method("min", {P::ListOrdered}, R::Element);
        method("max", {P::ListOrdered}, R::Element);
        for (std::string_view n : {"getFullYear", "getMonth", "getDayOfMonth", "getDate", "getDayOfWeek",
                                   "getDayOfYear", "getHours", "getMinutes", "getSeconds", "getMilliseconds"}) {
            method(n, {P::Timestamp}, R::Int);
            method(n, {P::Timestamp, P::String}, R::Int);
        }
        for (std::string_view n : {"getHours", "getMinutes", "getSeconds", "getMilliseconds"}) {
            method(n, {P::Duration}, R::Int);
        }
        return t;
    }();
    return table;
}

bool in_family(TypeKind k, std::initializer_list<TypeKind> family) {
    return k == TypeKind::Dyn || std::find(family.begin(), family.end(), k) != family.end();
}

bool fits(P p, const Type& t) {
    TypeKind k = t.kind();
    if (k == TypeKind::Dyn || k == TypeKind::Error) return true;
    switch (p) {
        case P::Int: return k == TypeKind::Int;
        case P::Uint: return k == TypeKind::Uint;
        case P::Double: return k == TypeKind::Double;
        case P::String: return k == TypeKind::String;
        case P::Bytes: return k == TypeKind::Bytes;
        case P::Bool: return k == TypeKind::Bool;
        case P::Timestamp: return k == TypeKind::Timestamp;
        case P::Duration: return k == TypeKind::Duration;
        case P::List: return k == TypeKind::List;
        case P::Map: return k == TypeKind::Map;
        case P::Any: return true;
        case P::ListSummable:
            return k == TypeKind::List && in_family(t.element().kind(), {TypeKind::Int, TypeKind::Uint,
                                                                         TypeKind::Double, TypeKind::Duration});
        case P::ListOrdered:
            return k == TypeKind::List &&
                   in_family(t.element().kind(), {TypeKind::Int, TypeKind::Uint, TypeKind::Double,
                                                  TypeKind::Timestamp, TypeKind::Duration});
    }
    return false;
}

Type result_type(R r, std::span<const Type> args) {
    switch (r) {
        case R::Int: return Type::of(TypeKind::Int);
        case R::Uint: return Type::of(TypeKind::Uint);
        case R::Double: return Type::of(TypeKind::Double);
        case R::String: return Type::of(TypeKind::String);
        case R::Bytes: return Type::of(TypeKind::Bytes);
        case R::Bool: return Type::of(TypeKind::Bool);
        case R::Timestamp: return Type::of(TypeKind::Timestamp);
        case R::Duration: return Type::of(TypeKind::Duration);
        case R::Type: return Type::of(TypeKind::Type);
        case R::Dyn: return Type::dyn();
        case R::Element: return args.empty() ? Type::dyn() : args[0].element();
    }
    return Type::dyn();
}

}  // namespace

BuiltinMatch match_builtin(std::string_view name, bool receiver_style, std::span<const Type> args) {
    BuiltinMatch match;
    for (const Overload& o : overloads()) {
        if (o.name != name || o.receiver != receiver_style) continue;
        match.known_name = true;
        if (o.params.size() != args.size()) continue;
        bool ok = true;
        for (size_t i = 0; i < args.size() && ok; ++i) ok = fits(o.params[i], args[i]);
        if (!ok) continue;
        Type r = result_type(o.result, args);
        if (!match.result) match.result = r;
        else if (!(*match.result == r)) match.result = Type::dyn();
    }
    return match;
}

std::vector<std::string_view> builtin_names() {
    std::vector<std::string_view> names;
    for (const Overload& o : overloads()) {
        if (std::find(names.begin(), names.end(), o.name) == names.end()) names.push_back(o.name);
    }
    for (std::string_view macro : {"has", "all", "exists", "exists_one", "filter", "map"}) names.push_back(macro);
    return names;
}

bool is_type_name(std::string_view name) {
    for (std::string_view t : {"int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"}) {
        if (t == name) return true;
    }
    return false;
}

std::optional<Type> join(const Type& a, const Type& b) {
    if (a == b) return a;
    if (a.is_dyn() || b.is_dyn()) return Type::dyn();
    if (a.kind() == TypeKind::Error) return b;
    if (b.kind() == TypeKind::Error) return a;
    if (a.kind() == TypeKind::Null) return b;
    if (b.kind() == TypeKind::Null) return a;
    if (a.kind() != b.kind()) return std::nullopt;
    if (a.kind() == TypeKind::List) return Type::list(join(a.element(), b.element()).value_or(Type::dyn()));
    if (a.kind() == TypeKind::Map) {
        auto key = join(a.key(), b.key());
        if (!key) return std::nullopt;
        return Type::map(*key, join(a.value(), b.value()).value_or(Type::dyn()));
    }
    return a;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    if (a.size() > 64 || b.size() > 64) return 64;
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace journeyctl::core::expr::checking
