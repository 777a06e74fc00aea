#include "core/expr/json_value.hpp"

#include <memory>
#include <string>

namespace journeyctl::core::expr {

JsonTooDeep::JsonTooDeep()
    : std::runtime_error("JSON nests too deeply (more than " + std::to_string(k_max_json_depth) +
                         " levels of arrays and objects)") {}

namespace {

// `depth` counts the arrays and objects around `json`.
Value convert(const nlohmann::json& json, int depth) {
    switch (json.type()) {
    case nlohmann::json::value_t::null: return Value::null();
    case nlohmann::json::value_t::boolean: return Value::boolean(json.get<bool>());
    case nlohmann::json::value_t::number_integer: return Value::integer(json.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
        auto u = json.get<uint64_t>();
        // JSON has one integer kind: keep small ones as int, as CEL's JSON
        // mapping would give a number the user expects to compare with ints.
        if (u <= static_cast<uint64_t>(INT64_MAX)) {
            return Value::integer(static_cast<int64_t>(u));
        }
        return Value::uinteger(u);
    }
    case nlohmann::json::value_t::number_float: return Value::real(json.get<double>());
    case nlohmann::json::value_t::string: return Value::string(json.get<std::string>());
    case nlohmann::json::value_t::array: {
        if (depth >= k_max_json_depth) throw JsonTooDeep();
        ListValue items;
        items.reserve(json.size());
        for (const auto& item : json) {
            items.push_back(convert(item, depth + 1));
        }
        return Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
        if (depth >= k_max_json_depth) throw JsonTooDeep();
        auto map = std::make_shared<MapValue>();
        for (const auto& [key, item] : json.items()) {
            map->insert(Value::string(key), convert(item, depth + 1));
        }
        return Value::map(std::move(map));
    }
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded: break;
    }
    return Value::null();
}

}  // namespace

Value value_from_json(const nlohmann::json& json) { return convert(json, 0); }

Type type_of_json(const nlohmann::json& json) {
    switch (json.type()) {
    case nlohmann::json::value_t::null: return Type::of(TypeKind::Null);
    case nlohmann::json::value_t::boolean: return Type::of(TypeKind::Bool);
    case nlohmann::json::value_t::number_integer: return Type::of(TypeKind::Int);
    case nlohmann::json::value_t::number_unsigned:
        return Type::of(json.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX) ? TypeKind::Int : TypeKind::Uint);
    case nlohmann::json::value_t::number_float: return Type::of(TypeKind::Double);
    case nlohmann::json::value_t::string: return Type::of(TypeKind::String);
    case nlohmann::json::value_t::array: return Type::list(Type::dyn());
    case nlohmann::json::value_t::object: return Type::map(Type::of(TypeKind::String), Type::dyn());
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded: break;
    }
    return Type::dyn();
}

}  // namespace journeyctl::core::expr
