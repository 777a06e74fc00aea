// Built-in functions other than conversions and `matches`: size, the string
// tests, the timestamp and duration accessors, and our extensions
// lowerAscii/upperAscii/trim (CEL's strings extension) and list
// sum/min/max. args[0] is the receiver for receiver-style calls.
#include <algorithm>

#include "core/expr/eval_internal.hpp"
#include "core/expr/value_internal.hpp"
#include "core/util/utf8.hpp"

namespace journeyctl::core::expr::detail {

namespace {

using Kind = Value::Kind;

Value size_of(const Value& v) {
    switch (v.kind()) {
        case Kind::String: return Value::integer(util::code_point_count(v.as_string()));
        case Kind::Bytes: return Value::integer(static_cast<int64_t>(v.as_string().size()));
        case Kind::List: return Value::integer(static_cast<int64_t>(v.as_list().size()));
        case Kind::Map: return Value::integer(static_cast<int64_t>(v.as_map().size()));
        case Kind::RecordList: return Value::integer(static_cast<int64_t>(list_size(v)));
        case Kind::Record: return Value::integer(static_cast<int64_t>(map_size(v)));
        default: return no_overload("size", {&v, 1});
    }
}

// Length in bytes of the Unicode white space character at the start (or
// end) of s, 0 when there is none. Covers the White_Space property.
size_t space_at(std::string_view s, bool at_end) {
    static constexpr std::string_view k_spaces[] = {
        " ", "\t", "\n", "\v", "\f", "\r", "\u0085", "\u00a0", "\u1680", "\u2000", "\u2001",
        "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a",
        "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
    };
    for (std::string_view space : k_spaces) {
        if (at_end ? s.ends_with(space) : s.starts_with(space)) return space.size();
    }
    return 0;
}

Value trim(std::string_view s) {
    while (size_t n = space_at(s, false)) s.remove_prefix(n);
    while (size_t n = space_at(s, true)) s.remove_suffix(n);
    return Value::string(std::string(s));
}

Value change_case(std::string_view s, bool upper) {
    std::string out(s);
    for (char& c : out) {
        if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return Value::string(std::move(out));
}

// sum(): ints add as int, uints as uint (with overflow errors), any double
// makes the sum a double; durations add up as a duration.
Value sum(const ListValue& items) {
    if (items.empty()) return Value::integer(0);
    Kind kind = items.front().kind();
    bool any_double = false;
    for (const Value& item : items) {
        if (item.kind() == Kind::Double) any_double = true;
        bool ok = is_number(kind) ? is_number(item.kind()) : item.kind() == kind;
        if (!ok || (!is_number(kind) && kind != Kind::Duration)) {
            return Value::error("sum() of a list of " + std::string(items.front().type_name()) +
                                " and " + std::string(item.type_name()));
        }
    }
    if (kind == Kind::Duration) {
        Duration total;
        for (const Value& item : items) {
            auto r = time::add(total, item.as_duration());
            if (const auto* err = std::get_if<time::TimeError>(&r)) return Value::error(err->message);
            total = std::get<Duration>(r);
        }
        return Value::duration(total);
    }
    if (any_double) {
        double total = 0;
        for (const Value& item : items) {
            switch (item.kind()) {
                case Kind::Int: total += static_cast<double>(item.as_int()); break;
                case Kind::Uint: total += static_cast<double>(item.as_uint()); break;
                default: total += item.as_double(); break;
            }
        }
        return Value::real(total);
    }
    Value total = kind == Kind::Uint ? Value::uinteger(0) : Value::integer(0);
    for (const Value& item : items) {
        total = apply_binary(BinaryOp::Add, total, item);
        if (total.is_error()) return total;  // overflow, or int mixed with uint
    }
    return total;
}

// min()/max(): numbers (in any mix, compared by value), strings,
// timestamps or durations; the chosen element keeps its type.
Value extreme(const ListValue& items, bool want_max) {
    if (items.empty()) return Value::error(want_max ? "max of empty list" : "min of empty list");
    const Value* best = &items.front();
    for (const Value& item : items) {
        bool comparable = is_number(best->kind()) ? is_number(item.kind()) : item.kind() == best->kind();
        if (!comparable) {
            return Value::error(std::string(want_max ? "max" : "min") +
                                "() of a list of " + std::string(best->type_name()) + " and " +
                                std::string(item.type_name()));
        }
        Value less = apply_binary(BinaryOp::Lt, want_max ? *best : item, want_max ? item : *best);
        if (less.is_error()) return less;
        if (less.as_bool()) best = &item;
    }
    return *best;
}

}  // namespace

Value call_builtin(Builtin fn, time::Field field, std::string_view name, std::span<const Value> args) {
    auto fail = [&] { return no_overload(name, args); };
    if (args.empty()) return fail();
    const Value& self = args[0];
    switch (fn) {
        case Builtin::Size:
            if (args.size() != 1) return fail();
            return size_of(self);
        case Builtin::Contains:
        case Builtin::StartsWith:
        case Builtin::EndsWith: {
            if (args.size() != 2 || self.kind() != args[1].kind()) return fail();
            if (self.kind() != Kind::String && self.kind() != Kind::Bytes) return fail();
            std::string_view s = self.as_string();
            std::string_view part = args[1].as_string();
            if (fn == Builtin::Contains) return Value::boolean(s.find(part) != std::string_view::npos);
            if (fn == Builtin::StartsWith) return Value::boolean(s.starts_with(part));
            return Value::boolean(s.ends_with(part));
        }
        case Builtin::TimeField: {
            if (self.kind() == Kind::Timestamp && args.size() <= 2) {
                std::string_view zone;
                if (args.size() == 2) {
                    if (args[1].kind() != Kind::String) return fail();
                    zone = args[1].as_string();
                }
                return from_time_result(time::get_field(self.as_timestamp(), field, zone),
                                        [](int64_t i) { return Value::integer(i); });
            }
            if (self.kind() == Kind::Duration && args.size() == 1) {
                return from_time_result(time::get_duration_field(self.as_duration(), field),
                                        [](int64_t i) { return Value::integer(i); });
            }
            return fail();
        }
        case Builtin::LowerAscii:
        case Builtin::UpperAscii:
            if (args.size() != 1 || self.kind() != Kind::String) return fail();
            return change_case(self.as_string(), fn == Builtin::UpperAscii);
        case Builtin::Trim:
            if (args.size() != 1 || self.kind() != Kind::String) return fail();
            return trim(self.as_string());
        case Builtin::Sum:
            if (args.size() != 1 || !self.is_list_like()) return fail();
            return sum(self.materialize().as_list());
        case Builtin::Min:
        case Builtin::Max:
            if (args.size() != 1 || !self.is_list_like()) return fail();
            return extreme(self.materialize().as_list(), fn == Builtin::Max);
        default: return fail();
    }
}

}  // namespace journeyctl::core::expr::detail
