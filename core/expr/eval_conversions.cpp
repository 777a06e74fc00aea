// Type conversions: int(), uint(), double(), string(), bool(), bytes(),
// type(), dyn(), timestamp(), duration(), with CEL's range errors and the
// text forms of its Go reference implementation (string(1.5) is "1.5").
#include <charconv>
#include <cmath>
#include <limits>

#include "core/expr/eval_internal.hpp"
#include "core/expr/value_internal.hpp"
#include "core/util/utf8.hpp"

namespace journeyctl::core::expr::detail {

namespace {

using Kind = Value::Kind;

constexpr double k_two63 = 9223372036854775808.0;
constexpr double k_two64 = 18446744073709551616.0;

Value range_error(const Value& v, std::string_view target) {
    return Value::error("range error converting " + v.to_cel_literal() + " to " + std::string(target));
}

Value parse_error(const Value& v, std::string_view target) {
    return Value::error("cannot convert " + v.to_cel_literal() + " to " + std::string(target));
}

template <typename T>
bool parse_whole(std::string_view text, T& out) {
    if (text.empty()) return false;
    auto res = std::from_chars(text.data(), text.data() + text.size(), out);
    return res.ec == std::errc() && res.ptr == text.data() + text.size();
}

Value to_int(const Value& v) {
    switch (v.kind()) {
        case Kind::Int: return v;
        case Kind::Uint:
            if (v.as_uint() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return range_error(v, "int");
            return Value::integer(static_cast<int64_t>(v.as_uint()));
        case Kind::Double: {
            double d = v.as_double();
            // -2^63 itself is a range error too, as in CEL's reference
            // implementation and conformance tests.
            if (!(d > -k_two63 && d < k_two63)) return range_error(v, "int");  // also NaN
            return Value::integer(static_cast<int64_t>(d));
        }
        case Kind::String: {
            std::string_view text = v.as_string();
            bool plus = !text.empty() && text.front() == '+';
            if (plus) text.remove_prefix(1);
            int64_t i = 0;
            if ((plus && !text.empty() && text.front() == '-') || !parse_whole(text, i)) {
                return parse_error(v, "int");
            }
            return Value::integer(i);
        }
        case Kind::Timestamp: return Value::integer(v.as_timestamp().seconds);
        default: return no_overload("int", {&v, 1});
    }
}

Value to_uint(const Value& v) {
    switch (v.kind()) {
        case Kind::Uint: return v;
        case Kind::Int:
            if (v.as_int() < 0) return range_error(v, "uint");
            return Value::uinteger(static_cast<uint64_t>(v.as_int()));
        case Kind::Double: {
            double d = v.as_double();
            if (!(d > -1.0 && d < k_two64)) return range_error(v, "uint");  // also NaN
            return Value::uinteger(static_cast<uint64_t>(d));
        }
        case Kind::String: {
            uint64_t u = 0;
            if (!parse_whole(v.as_string(), u)) return parse_error(v, "uint");
            return Value::uinteger(u);
        }
        default: return no_overload("uint", {&v, 1});
    }
}

Value to_double(const Value& v) {
    switch (v.kind()) {
        case Kind::Double: return v;
        case Kind::Int: return Value::real(static_cast<double>(v.as_int()));
        case Kind::Uint: return Value::real(static_cast<double>(v.as_uint()));
        case Kind::String: {
            std::string_view text = v.as_string();
            bool negative = false;
            if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
                negative = text.front() == '-';
                text.remove_prefix(1);
            }
            double d = 0;
            // from_chars takes "1e3", ".5", "inf", "infinity", "nan" in any case.
            if (text.empty() || text.front() == '+' || text.front() == '-') return parse_error(v, "double");
            auto res = std::from_chars(text.data(), text.data() + text.size(), d);
            if (res.ptr != text.data() + text.size()) return parse_error(v, "double");
            if (res.ec == std::errc::result_out_of_range) {
                // Overflow reads as infinity, underflow as zero (as Go does).
                bool tiny = text.find_first_of("eE") != std::string_view::npos &&
                            text.find("e-") != std::string_view::npos;
                d = tiny ? 0.0 : std::numeric_limits<double>::infinity();
            } else if (res.ec != std::errc()) {
                return parse_error(v, "double");
            }
            return Value::real(negative ? -d : d);
        }
        default: return no_overload("double", {&v, 1});
    }
}

Value to_string(const Value& v) {
    switch (v.kind()) {
        case Kind::String: return v;
        case Kind::Int: return Value::string(std::to_string(v.as_int()));
        case Kind::Uint: return Value::string(std::to_string(v.as_uint()));
        case Kind::Double: return Value::string(format_double(v.as_double(), 6));
        case Kind::Bool: return Value::borrowed_string(v.as_bool() ? "true" : "false");
        case Kind::Bytes:
            if (!util::is_valid_utf8(v.as_string())) return Value::error("invalid UTF-8 in bytes, cannot convert to string");
            return Value::string(std::string(v.as_string()));
        case Kind::Timestamp: return Value::string(time::format_timestamp(v.as_timestamp()));
        case Kind::Duration: return Value::string(time::format_duration(v.as_duration()));
        case Kind::Type: return Value::string(std::string(v.as_string()));
        default: return no_overload("string", {&v, 1});
    }
}

Value to_bool(const Value& v) {
    if (v.kind() == Kind::Bool) return v;
    if (v.kind() != Kind::String) return no_overload("bool", {&v, 1});
    // The spellings Go's strconv.ParseBool accepts, as CEL's reference does.
    static constexpr std::string_view k_true[] = {"1", "t", "T", "true", "TRUE", "True"};
    static constexpr std::string_view k_false[] = {"0", "f", "F", "false", "FALSE", "False"};
    for (std::string_view s : k_true) {
        if (v.as_string() == s) return Value::boolean(true);
    }
    for (std::string_view s : k_false) {
        if (v.as_string() == s) return Value::boolean(false);
    }
    return parse_error(v, "bool");
}

}  // namespace

Value convert(Builtin conversion, const Value& v) {
    switch (conversion) {
        case Builtin::ToInt: return to_int(v);
        case Builtin::ToUint: return to_uint(v);
        case Builtin::ToDouble: return to_double(v);
        case Builtin::ToString: return to_string(v);
        case Builtin::ToBool: return to_bool(v);
        case Builtin::ToBytes:
            if (v.kind() == Kind::Bytes) return v;
            if (v.kind() == Kind::String) return Value::bytes(std::string(v.as_string()));
            return no_overload("bytes", {&v, 1});
        case Builtin::TypeOf: return Value::type(v.type_name());
        case Builtin::Dyn: return v;
        case Builtin::ToTimestamp:
            if (v.kind() == Kind::Timestamp) return v;
            if (v.kind() == Kind::String) {
                return from_time_result(time::parse_timestamp(v.as_string()),
                                        [](Timestamp t) { return Value::timestamp(t); });
            }
            if (v.kind() == Kind::Int) {
                return from_time_result(time::from_unix_seconds(v.as_int()),
                                        [](Timestamp t) { return Value::timestamp(t); });
            }
            return no_overload("timestamp", {&v, 1});
        case Builtin::ToDuration:
            if (v.kind() == Kind::Duration) return v;
            if (v.kind() == Kind::String) {
                return from_time_result(time::parse_duration(v.as_string()),
                                        [](Duration d) { return Value::duration(d); });
            }
            return no_overload("duration", {&v, 1});
        default: return Value::error("not a conversion");
    }
}

}  // namespace journeyctl::core::expr::detail
