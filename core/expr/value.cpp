// Value construction, CEL equality and the map type with its hash index.
// Formatting (to_cel_literal, to_json) lives in value_format.cpp. Record
// and RecordList values (record.hpp) compare like the map and list they
// stand for, field by field, without being copied.
#include "core/expr/value.hpp"

#include <cmath>
#include <functional>

#include "core/expr/record.hpp"
#include "core/expr/value_internal.hpp"

namespace journeyctl::core::expr {

namespace {

// Owned text shares one allocation with its control block; the view points
// into the string object, which never moves once made.
std::pair<std::string_view, std::shared_ptr<const void>> own_text(std::string s) {
    auto owned = std::make_shared<const std::string>(std::move(s));
    std::string_view view(*owned);
    return {view, std::move(owned)};
}

constexpr std::string_view k_type_names[] = {
    "null_type", "bool", "int", "uint", "double", "string", "bytes", "list", "map",
    "google.protobuf.Timestamp", "google.protobuf.Duration", "type", "error", "map", "list",
};

}  // namespace

Value Value::boolean(bool b) {
    Value v;
    v.m_kind = Kind::Bool;
    v.m_scalar.b = b;
    return v;
}

Value Value::integer(int64_t i) {
    Value v;
    v.m_kind = Kind::Int;
    v.m_scalar.i = i;
    return v;
}

Value Value::uinteger(uint64_t u) {
    Value v;
    v.m_kind = Kind::Uint;
    v.m_scalar.u = u;
    return v;
}

Value Value::real(double d) {
    Value v;
    v.m_kind = Kind::Double;
    v.m_scalar.d = d;
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.m_kind = Kind::String;
    std::tie(v.m_text, v.m_owner) = own_text(std::move(s));
    return v;
}

Value Value::borrowed_string(std::string_view s) {
    Value v;
    v.m_kind = Kind::String;
    v.m_text = s;
    return v;
}

Value Value::bytes(std::string b) {
    Value v;
    v.m_kind = Kind::Bytes;
    std::tie(v.m_text, v.m_owner) = own_text(std::move(b));
    return v;
}

Value Value::list(std::shared_ptr<const ListValue> items) {
    Value v;
    v.m_kind = Kind::List;
    v.m_owner = items ? std::move(items) : std::make_shared<const ListValue>();
    return v;
}

Value Value::list(ListValue items) {
    return list(std::make_shared<const ListValue>(std::move(items)));
}

Value Value::map(std::shared_ptr<const MapValue> entries) {
    Value v;
    v.m_kind = Kind::Map;
    v.m_owner = entries ? std::move(entries) : std::make_shared<const MapValue>();
    return v;
}

Value Value::timestamp(Timestamp t) {
    Value v;
    v.m_kind = Kind::Timestamp;
    v.m_scalar.ts = t;
    return v;
}

Value Value::duration(Duration d) {
    Value v;
    v.m_kind = Kind::Duration;
    v.m_scalar.dur = d;
    return v;
}

Value Value::type(std::string_view cel_name) {
    Value v;
    v.m_kind = Kind::Type;
    // The names of the built-in types are static: no allocation for them.
    for (std::string_view known : k_type_names) {
        if (known == cel_name) {
            v.m_text = known;
            return v;
        }
    }
    std::tie(v.m_text, v.m_owner) = own_text(std::string(cel_name));
    return v;
}

Value Value::error(std::string message) {
    Value v;
    v.m_kind = Kind::Error;
    std::tie(v.m_text, v.m_owner) = own_text(std::move(message));
    return v;
}

Value Value::record(const RecordSource* source, uint32_t row) {
    Value v;
    v.m_kind = Kind::Record;
    v.m_scalar.rec = RecordRef{source, row, row + 1};
    return v;
}

Value Value::record_list(const RecordSource* source, uint32_t begin, uint32_t end) {
    Value v;
    v.m_kind = Kind::RecordList;
    v.m_scalar.rec = RecordRef{source, begin, end < begin ? begin : end};
    return v;
}

Value Value::materialize() const {
    switch (m_kind) {
        case Kind::Record: {
            auto entries = std::make_shared<MapValue>();
            detail::for_each_field(*this, [&](std::string_view name, const Value& value) {
                entries->insert(Value::borrowed_string(name), value.materialize());
            });
            return Value::map(std::move(entries));
        }
        case Kind::RecordList: {
            ListValue items;
            items.reserve(m_scalar.rec.end - m_scalar.rec.begin);
            for (uint32_t row = m_scalar.rec.begin; row < m_scalar.rec.end; ++row) {
                items.push_back(Value::record(m_scalar.rec.source, row).materialize());
            }
            return Value::list(std::move(items));
        }
        case Kind::List: {
            // Only lists that hold records need a copy.
            const ListValue& items = as_list();
            bool has_views = false;
            for (const Value& item : items) {
                has_views = has_views || item.kind() == Kind::Record || item.kind() == Kind::RecordList ||
                            item.kind() == Kind::List || item.kind() == Kind::Map;
            }
            if (!has_views) return *this;
            ListValue copy;
            copy.reserve(items.size());
            for (const Value& item : items) copy.push_back(item.materialize());
            return Value::list(std::move(copy));
        }
        case Kind::Map: {
            bool has_views = false;
            for (const auto& entry : as_map().entries()) {
                Kind k = entry.second.kind();
                has_views = has_views || k == Kind::Record || k == Kind::RecordList || k == Kind::List ||
                            k == Kind::Map;
            }
            if (!has_views) return *this;
            auto entries = std::make_shared<MapValue>();
            for (const auto& [key, value] : as_map().entries()) entries->insert(key, value.materialize());
            return Value::map(std::move(entries));
        }
        default: return *this;
    }
}

const ListValue& Value::as_list() const {
    static const ListValue k_empty;
    if (m_kind != Kind::List || !m_owner) return k_empty;
    return *static_cast<const ListValue*>(m_owner.get());
}

const MapValue& Value::as_map() const {
    static const MapValue k_empty;
    if (m_kind != Kind::Map || !m_owner) return k_empty;
    return *static_cast<const MapValue*>(m_owner.get());
}

std::string_view Value::type_name() const {
    return k_type_names[static_cast<size_t>(m_kind)];
}

namespace {

// A map-like value (Map or Record) equals another when both have the same
// keys and equal values under them.
bool maps_equal(const Value& a, const Value& b) {
    if (detail::map_size(a) != detail::map_size(b)) return false;
    bool equal = true;
    detail::for_each_entry(a, [&](const Value& key, const Value& value) {
        if (!equal) return;
        Value other;
        equal = detail::map_lookup(b, key, other) && value == other;
    });
    return equal;
}

bool lists_equal(const Value& a, const Value& b) {
    size_t size = detail::list_size(a);
    if (size != detail::list_size(b)) return false;
    for (size_t i = 0; i < size; ++i) {
        if (!(detail::list_element(a, i) == detail::list_element(b, i))) return false;
    }
    return true;
}

}  // namespace

bool operator==(const Value& a, const Value& b) {
    using Kind = Value::Kind;
    if (detail::is_number(a.kind()) && detail::is_number(b.kind())) {
        return detail::compare_numbers(a, b) == std::partial_ordering::equivalent;
    }
    if (a.is_map_like() && b.is_map_like() && (a.kind() == Kind::Record || b.kind() == Kind::Record)) {
        return maps_equal(a, b);
    }
    if (a.is_list_like() && b.is_list_like() && (a.kind() == Kind::RecordList || b.kind() == Kind::RecordList)) {
        return lists_equal(a, b);
    }
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case Kind::Null: return true;
        case Kind::Bool: return a.as_bool() == b.as_bool();
        case Kind::String:
        case Kind::Bytes:
        case Kind::Type:
        case Kind::Error: return a.as_string() == b.as_string();
        case Kind::Timestamp: return a.as_timestamp() == b.as_timestamp();
        case Kind::Duration: return a.as_duration() == b.as_duration();
        case Kind::List: {
            const ListValue& x = a.as_list();
            const ListValue& y = b.as_list();
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i) {
                if (!(x[i] == y[i])) return false;
            }
            return true;
        }
        case Kind::Map: {
            const MapValue& x = a.as_map();
            const MapValue& y = b.as_map();
            if (x.size() != y.size()) return false;
            for (const auto& [key, value] : x.entries()) {
                const Value* other = y.find(key);
                if (other == nullptr || !(value == *other)) return false;
            }
            return true;
        }
        default: return false;  // numbers were handled above
    }
}

namespace detail {

std::partial_ordering compare_numbers(const Value& a, const Value& b) {
    using Kind = Value::Kind;
    constexpr double k_two63 = 9223372036854775808.0;
    constexpr double k_two64 = 18446744073709551616.0;
    // int vs double, exactly: compare the integral parts, then the fraction.
    auto int_vs_double = [&](int64_t i, double d) -> std::partial_ordering {
        if (std::isnan(d)) return std::partial_ordering::unordered;
        if (d >= k_two63) return std::partial_ordering::less;
        if (d < -k_two63) return std::partial_ordering::greater;
        auto t = static_cast<int64_t>(d);
        if (i != t) return i <=> t;
        return 0.0 <=> (d - static_cast<double>(t));
    };
    auto uint_vs_double = [&](uint64_t u, double d) -> std::partial_ordering {
        if (std::isnan(d)) return std::partial_ordering::unordered;
        if (d < 0) return std::partial_ordering::greater;
        if (d >= k_two64) return std::partial_ordering::less;
        auto t = static_cast<uint64_t>(d);
        if (u != t) return u <=> t;
        return 0.0 <=> (d - static_cast<double>(t));
    };
    auto int_vs_uint = [](int64_t i, uint64_t u) -> std::partial_ordering {
        if (i < 0) return std::partial_ordering::less;
        return static_cast<uint64_t>(i) <=> u;
    };
    auto flip = [](std::partial_ordering o) { return 0 <=> o; };

    switch (a.kind()) {
        case Kind::Int:
            if (b.kind() == Kind::Int) return a.as_int() <=> b.as_int();
            if (b.kind() == Kind::Uint) return int_vs_uint(a.as_int(), b.as_uint());
            return int_vs_double(a.as_int(), b.as_double());
        case Kind::Uint:
            if (b.kind() == Kind::Uint) return a.as_uint() <=> b.as_uint();
            if (b.kind() == Kind::Int) return flip(int_vs_uint(b.as_int(), a.as_uint()));
            return uint_vs_double(a.as_uint(), b.as_double());
        default:
            if (b.kind() == Kind::Double) return a.as_double() <=> b.as_double();
            if (b.kind() == Kind::Int) return flip(int_vs_double(b.as_int(), a.as_double()));
            return flip(uint_vs_double(b.as_uint(), a.as_double()));
    }
}

}  // namespace detail

// ---- MapValue ------------------------------------------------------------

namespace {

constexpr size_t k_index_threshold = 8;

uint64_t mix(uint64_t x) {
    // splitmix64 finaliser: spreads consecutive ints over the table.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint64_t hash_string(std::string_view s) { return mix(std::hash<std::string_view>{}(s)); }

// Keys that compare equal (1, 1u, 1.0) must hash alike.
uint64_t hash_key(const Value& key) {
    using Kind = Value::Kind;
    switch (key.kind()) {
        case Kind::Int: return mix(static_cast<uint64_t>(key.as_int()));
        case Kind::Uint: return mix(key.as_uint());
        case Kind::Double: {
            double d = key.as_double();
            if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::trunc(d) == d) {
                return mix(static_cast<uint64_t>(static_cast<int64_t>(d)));
            }
            if (d >= 0 && d < 18446744073709551616.0 && std::trunc(d) == d) {
                return mix(static_cast<uint64_t>(d));
            }
            return mix(0x7ff8);
        }
        case Kind::String: return hash_string(key.as_string());
        case Kind::Bytes: return hash_string(key.as_string()) ^ 0x5bd1e995ULL;
        case Kind::Bool: return mix(key.as_bool() ? 0x10001 : 0x10000);
        default: return mix(static_cast<uint64_t>(key.kind()) + 0x20000);
    }
}

void index_put(std::vector<uint32_t>& index, uint64_t hash, uint32_t position) {
    size_t mask = index.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        if (index[i] == 0) {
            index[i] = position + 1;
            return;
        }
    }
}

}  // namespace

bool MapValue::insert(Value key, Value value) {
    if (find(key) != nullptr) return false;
    m_entries.emplace_back(std::move(key), std::move(value));
    if (m_entries.size() <= k_index_threshold) return true;
    if (m_entries.size() * 2 > m_index.size()) {
        // Rebuild at a load factor of at most 1/4 so that probes stay short.
        size_t capacity = 16;
        while (capacity < m_entries.size() * 4) capacity *= 2;
        m_index.assign(capacity, 0);
        for (size_t i = 0; i < m_entries.size(); ++i) {
            index_put(m_index, hash_key(m_entries[i].first), static_cast<uint32_t>(i));
        }
    } else {
        index_put(m_index, hash_key(m_entries.back().first),
                  static_cast<uint32_t>(m_entries.size() - 1));
    }
    return true;
}

const Value* MapValue::find(const Value& key) const {
    if (key.kind() == Value::Kind::String) return find(key.as_string());
    if (m_index.empty()) {
        for (const auto& [k, v] : m_entries) {
            if (k == key) return &v;
        }
        return nullptr;
    }
    size_t mask = m_index.size() - 1;
    for (size_t i = hash_key(key) & mask; m_index[i] != 0; i = (i + 1) & mask) {
        const auto& entry = m_entries[m_index[i] - 1];
        if (entry.first == key) return &entry.second;
    }
    return nullptr;
}

const Value* MapValue::find(std::string_view string_key) const {
    if (m_index.empty()) {
        for (const auto& [k, v] : m_entries) {
            if (k.kind() == Value::Kind::String && k.as_string() == string_key) return &v;
        }
        return nullptr;
    }
    size_t mask = m_index.size() - 1;
    for (size_t i = hash_string(string_key) & mask; m_index[i] != 0; i = (i + 1) & mask) {
        const auto& entry = m_entries[m_index[i] - 1];
        if (entry.first.kind() == Value::Kind::String && entry.first.as_string() == string_key) {
            return &entry.second;
        }
    }
    return nullptr;
}

}  // namespace journeyctl::core::expr
