// Static types of the expression language, used by the checker.
//
// `dyn` is the type of anything not known until run time (a field of an
// undeclared map, an event property). A "record" is a map(string, dyn) whose
// field names are known (a profile with its data fields): selecting a field
// that is not among them is a checking error ("unknown field"), and each
// known field has its own type.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace journeyctl::core::expr {

enum class TypeKind : uint8_t {
    Dyn, Null, Bool, Int, Uint, Double, String, Bytes, List, Map, Timestamp, Duration, Type, Error
};

class Type {
public:
    Type() = default;  // dyn
    static Type dyn() { return Type(); }
    static Type of(TypeKind kind);  // a type without parameters
    static Type list(Type element);
    static Type map(Type key, Type value);
    // A map(string, dyn) whose fields are known; the record's name shows in
    // messages ("profile has no field 'frist_name'").
    static Type record(std::string name, std::vector<std::pair<std::string, Type>> fields);

    TypeKind kind() const { return m_kind; }
    bool is_dyn() const { return m_kind == TypeKind::Dyn; }
    // Parameters of list and map types (dyn when not a list/map).
    const Type& element() const;
    const Type& key() const;
    const Type& value() const;
    bool is_record() const;
    const std::string& record_name() const;
    // The type of a record's field, or nullopt when it has no such field.
    std::optional<Type> field(std::string_view name) const;
    const std::vector<std::pair<std::string, Type>>& fields() const;

    // "int", "list(string)", "map(string, dyn)", "timestamp", ...
    std::string name() const;

    // Whether a value of type `other` may stand where this type is wanted
    // (dyn on either side is always fine; parameters compared the same way).
    bool accepts(const Type& other) const;

    friend bool operator==(const Type& a, const Type& b);

private:
    struct Params;
    TypeKind m_kind = TypeKind::Dyn;
    std::shared_ptr<const Params> m_params;
};

}  // namespace journeyctl::core::expr
