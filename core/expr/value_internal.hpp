// Helpers shared by value.cpp, value_format.cpp and the evaluator: CEL's
// heterogeneous numeric ordering, the textual forms of numbers and
// strings, and access to maps and lists that works the same on MapValue /
// ListValue and on Record / RecordList views (record.hpp). Internal to
// core/expr (not part of the public API).
#pragma once

#include <compare>
#include <cstddef>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/expr/record.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::expr::detail {

inline bool is_number(Value::Kind k) {
    return k == Value::Kind::Int || k == Value::Kind::Uint || k == Value::Kind::Double;
}

// Orders two numbers (int, uint or double, in any mix) by their exact
// mathematical value, as CEL's heterogeneous comparison does; NaN is
// unordered with everything (so NaN != NaN).
std::partial_ordering compare_numbers(const Value& a, const Value& b);

// Go's strconv.FormatFloat(d, 'g', -1, 64): the shortest text that reads
// back as d, in exponent form when the exponent is < -4 or >= 21 for
// literals (1e+21) or >= 6 as string(double) does in CEL's Go reference.
// NaN, +Inf, -Inf come out as "NaN", "+Inf", "-Inf".
std::string format_double(double d, int exponent_threshold);

// d as a CEL double literal: always recognisable as a double ("1.0",
// "1.5", "1e+100", "NaN", "+infinity", "-infinity").
std::string double_literal(double d);

// Appends s between double quotes with CEL escapes; bytes escape every
// non-printable or non-ASCII octet as \xHH, strings keep UTF-8 as is.
void append_quoted(std::string& out, std::string_view s, bool is_bytes);

// ---- maps and lists, whether stored or viewed ----------------------------

// The field `name` of a Record: false when the row does not have it.
inline bool record_field(const Value& record, std::string_view name, Value& out) {
    RecordRef ref = record.as_record();
    std::optional<uint32_t> field = ref.source->field_index(name);
    return field && ref.source->get(*field, ref.begin, out);
}

// Calls f(name, value) for each field present in a Record, in field order.
template <typename F>
void for_each_field(const Value& record, F&& f) {
    RecordRef ref = record.as_record();
    Value value;
    for (uint32_t field = 0, n = ref.source->field_count(); field < n; ++field) {
        if (ref.source->get(field, ref.begin, value)) f(ref.source->field_name(field), value);
    }
}

// Calls f(key, value) for each entry of a Map or Record.
template <typename F>
void for_each_entry(const Value& map, F&& f) {
    if (map.kind() == Value::Kind::Record) {
        for_each_field(map, [&](std::string_view name, const Value& value) { f(Value::borrowed_string(name), value); });
        return;
    }
    for (const auto& [key, value] : map.as_map().entries()) f(key, value);
}

// Number of entries of a Map, or of present fields of a Record.
inline size_t map_size(const Value& map) {
    if (map.kind() != Value::Kind::Record) return map.as_map().size();
    size_t count = 0;
    for_each_field(map, [&](std::string_view, const Value&) { ++count; });
    return count;
}

// The entry under `key` of a Map or Record; false when there is none.
inline bool map_lookup(const Value& map, const Value& key, Value& out) {
    if (map.kind() == Value::Kind::Record) {
        return key.kind() == Value::Kind::String && record_field(map, key.as_string(), out);
    }
    const Value* found = map.as_map().find(key);
    if (found == nullptr) return false;
    out = *found;
    return true;
}

inline size_t list_size(const Value& list) {
    if (list.kind() == Value::Kind::RecordList) return list.as_record().end - list.as_record().begin;
    return list.as_list().size();
}

// Element i (< list_size) of a List or RecordList.
inline Value list_element(const Value& list, size_t i) {
    if (list.kind() == Value::Kind::RecordList) {
        RecordRef ref = list.as_record();
        return Value::record(ref.source, ref.begin + static_cast<uint32_t>(i));
    }
    return list.as_list()[i];
}

}  // namespace journeyctl::core::expr::detail
