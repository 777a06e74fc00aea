// Runtime values of the expression language (a CEL subset, see
// shared/design/expressions.md and man/journeyctl-expressions.7).
//
// A Value is small (one kind tag, one scalar slot, one string view and one
// owner pointer) and cheap to copy: strings taken from loaded data are
// borrowed as views, so evaluating a condition over millions of profiles
// allocates nothing unless the expression itself builds a string, list or
// map. Errors are values too (CEL semantics: `false && error` is false).
// Rows of loaded data are seen through Record and RecordList values
// (record.hpp): views that stand for a map and a list without copying.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace journeyctl::core::expr {

// Seconds and nanoseconds since the Unix epoch, UTC. CEL's valid range is
// 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z; leaving it is an
// error. nanos is always in [0, 1e9).
struct Timestamp {
    int64_t seconds = 0;
    int32_t nanos = 0;
    friend bool operator==(const Timestamp&, const Timestamp&) = default;
    friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// A signed span of time. seconds and nanos carry the same sign and
// |nanos| < 1e9; the range is CEL's (an int64 of nanoseconds, about
// +-292 years).
struct Duration {
    int64_t seconds = 0;
    int32_t nanos = 0;
    friend bool operator==(const Duration&, const Duration&) = default;
    friend auto operator<=>(const Duration&, const Duration&) = default;
};

class Value;
using ListValue = std::vector<Value>;
class MapValue;
class RecordSource;

// Where a Record or RecordList value points: a Record is row `begin` of
// the source, a RecordList the rows begin..end-1.
struct RecordRef {
    const RecordSource* source = nullptr;
    uint32_t begin = 0;
    uint32_t end = 0;
};

class Value {
public:
    enum class Kind : uint8_t {
        Null, Bool, Int, Uint, Double, String, Bytes, List, Map, Timestamp, Duration, Type, Error,
        // Views of rows held by a RecordSource: a Record is a map of the
        // fields present in one row, a RecordList a list of Records. To the
        // language they are exactly a map and a list (type_name "map",
        // "list"); only the engine sees the difference.
        Record, RecordList
    };

    Value() = default;  // null

    static Value null() { return Value(); }
    static Value boolean(bool b);
    static Value integer(int64_t i);
    static Value uinteger(uint64_t u);
    static Value real(double d);
    // An owned copy of the text.
    static Value string(std::string s);
    // A view of text that outlives every use of the value (a literal kept
    // by a compiled program, a column of loaded data). No allocation.
    static Value borrowed_string(std::string_view s);
    static Value bytes(std::string b);
    static Value list(std::shared_ptr<const ListValue> items);
    static Value list(ListValue items);
    static Value map(std::shared_ptr<const MapValue> entries);
    static Value timestamp(Timestamp t);
    static Value duration(Duration d);
    // A type value, as `type(x)` returns: "int", "string", "list", "map",
    // "google.protobuf.Timestamp", "google.protobuf.Duration", "null_type",
    // "type", ...
    static Value type(std::string_view cel_name);
    static Value error(std::string message);
    // Row `row` of the source, as a map; the source must outlive the value.
    static Value record(const RecordSource* source, uint32_t row);
    // Rows begin..end-1 of the source, as a list of Records.
    static Value record_list(const RecordSource* source, uint32_t begin, uint32_t end);

    Kind kind() const { return m_kind; }
    bool is_error() const { return m_kind == Kind::Error; }
    bool is_null() const { return m_kind == Kind::Null; }

    bool as_bool() const { return m_scalar.b; }
    int64_t as_int() const { return m_scalar.i; }
    uint64_t as_uint() const { return m_scalar.u; }
    double as_double() const { return m_scalar.d; }
    Timestamp as_timestamp() const { return m_scalar.ts; }
    Duration as_duration() const { return m_scalar.dur; }
    // String, Bytes, Type name, Error message.
    std::string_view as_string() const { return m_text; }
    const ListValue& as_list() const;
    const MapValue& as_map() const;
    // Record and RecordList: the source and rows (begin is a Record's row).
    RecordRef as_record() const { return m_scalar.rec; }
    // Whether the value is a map (Map or Record) or a list (List or
    // RecordList) to the language.
    bool is_map_like() const { return m_kind == Kind::Map || m_kind == Kind::Record; }
    bool is_list_like() const { return m_kind == Kind::List || m_kind == Kind::RecordList; }
    // The value with every Record turned into a MapValue and every
    // RecordList into a ListValue, deeply; other values as they are.
    // Strings stay borrowed from the source.
    Value materialize() const;

    // CEL's name for this value's type, as `type(x)` shows it.
    std::string_view type_name() const;

    // CEL equality: numbers compare across int/uint/double by value, lists
    // and maps element-wise; values of different types are unequal. Errors
    // are not handled here (callers propagate them first).
    friend bool operator==(const Value& a, const Value& b);

    // The value written as a CEL literal: 42, 42u, 1.5, "a\n", b"..", [1, 2],
    // {"a": 1}, timestamp("2026-11-01T00:00:00Z"), duration("3600s"), null,
    // type names bare (int), errors as `error: message`.
    std::string to_cel_literal() const;

    // The value written as JSON for `eval --format json`: numbers as JSON
    // numbers (uint too; NaN/Infinity as strings "NaN", "Infinity"),
    // timestamps and durations as their CEL strings, bytes base64.
    std::string to_json() const;
    // The value as a table or CSV cell shows it: strings as they are,
    // numbers, bools, timestamps (RFC 3339) and durations in their CEL
    // text, lists and maps as JSON, "null" for null.
    std::string to_cell_text() const;

private:
    Kind m_kind = Kind::Null;
    union Scalar {
        bool b;
        int64_t i;
        uint64_t u;
        double d;
        Timestamp ts;
        Duration dur;
        RecordRef rec;
        Scalar() : rec() {}
    } m_scalar;
    std::string_view m_text;
    std::shared_ptr<const void> m_owner;  // keeps owned text, list or map alive
};

// A CEL map: keys are int, uint, bool or string (int and uint keys that are
// numerically equal are the same key). Insertion order is kept for printing.
class MapValue {
public:
    MapValue() = default;
    // Returns false (and keeps the first) when the key is already present.
    bool insert(Value key, Value value);
    const Value* find(const Value& key) const;
    const Value* find(std::string_view string_key) const;
    size_t size() const { return m_entries.size(); }
    const std::vector<std::pair<Value, Value>>& entries() const { return m_entries; }

private:
    std::vector<std::pair<Value, Value>> m_entries;
    // Open-addressing hash index over m_entries (entry position + 1, 0 =
    // empty slot), built once the map grows past a few entries so that
    // lookups in big maps stay O(1); small maps are scanned linearly.
    std::vector<uint32_t> m_index;
};

}  // namespace journeyctl::core::expr
