// Static types of the expression language (see types.hpp). Parameters of
// list, map and record types are shared immutable blocks, so copying a Type
// is a reference-count bump.
#include "core/expr/types.hpp"

namespace journeyctl::core::expr {

struct Type::Params {
    Type element;  // list
    Type key;      // map
    Type value;    // map
    bool is_record = false;
    std::string record_name;
    std::vector<std::pair<std::string, Type>> fields;
};

namespace {

const Type& dyn_type() {
    static const Type t;
    return t;
}

const std::string& empty_string() {
    static const std::string s;
    return s;
}

}  // namespace

Type Type::of(TypeKind kind) {
    Type t;
    t.m_kind = kind;
    return t;
}

Type Type::list(Type element) {
    Type t;
    t.m_kind = TypeKind::List;
    auto p = std::make_shared<Params>();
    p->element = std::move(element);
    t.m_params = std::move(p);
    return t;
}

Type Type::map(Type key, Type value) {
    Type t;
    t.m_kind = TypeKind::Map;
    auto p = std::make_shared<Params>();
    p->key = std::move(key);
    p->value = std::move(value);
    t.m_params = std::move(p);
    return t;
}

Type Type::record(std::string name, std::vector<std::pair<std::string, Type>> fields) {
    Type t;
    t.m_kind = TypeKind::Map;
    auto p = std::make_shared<Params>();
    p->key = Type::of(TypeKind::String);
    p->value = Type::dyn();
    p->is_record = true;
    p->record_name = std::move(name);
    p->fields = std::move(fields);
    t.m_params = std::move(p);
    return t;
}

const Type& Type::element() const {
    return m_kind == TypeKind::List && m_params ? m_params->element : dyn_type();
}

const Type& Type::key() const {
    return m_kind == TypeKind::Map && m_params ? m_params->key : dyn_type();
}

const Type& Type::value() const {
    return m_kind == TypeKind::Map && m_params ? m_params->value : dyn_type();
}

bool Type::is_record() const { return m_params && m_params->is_record; }

const std::string& Type::record_name() const { return is_record() ? m_params->record_name : empty_string(); }

std::optional<Type> Type::field(std::string_view name) const {
    if (!is_record()) return std::nullopt;
    for (const auto& [field_name, type] : m_params->fields) {
        if (field_name == name) return type;
    }
    return std::nullopt;
}

const std::vector<std::pair<std::string, Type>>& Type::fields() const {
    static const std::vector<std::pair<std::string, Type>> none;
    return is_record() ? m_params->fields : none;
}

std::string Type::name() const {
    switch (m_kind) {
        case TypeKind::Dyn: return "dyn";
        case TypeKind::Null: return "null_type";
        case TypeKind::Bool: return "bool";
        case TypeKind::Int: return "int";
        case TypeKind::Uint: return "uint";
        case TypeKind::Double: return "double";
        case TypeKind::String: return "string";
        case TypeKind::Bytes: return "bytes";
        case TypeKind::List: return "list(" + element().name() + ")";
        case TypeKind::Map:
            if (is_record()) return record_name();
            return "map(" + key().name() + ", " + value().name() + ")";
        case TypeKind::Timestamp: return "timestamp";
        case TypeKind::Duration: return "duration";
        case TypeKind::Type: return "type";
        case TypeKind::Error: return "error";
    }
    return "dyn";
}

bool Type::accepts(const Type& other) const {
    if (is_dyn() || other.is_dyn()) return true;
    if (m_kind == TypeKind::Error || other.m_kind == TypeKind::Error) return true;
    if (m_kind != other.m_kind) return false;
    switch (m_kind) {
        case TypeKind::List: return element().accepts(other.element());
        case TypeKind::Map:
            if (is_record() && other.is_record()) return record_name() == other.record_name();
            return key().accepts(other.key()) && value().accepts(other.value());
        default: return true;
    }
}

bool operator==(const Type& a, const Type& b) {
    if (a.m_kind != b.m_kind) return false;
    switch (a.m_kind) {
        case TypeKind::List: return a.element() == b.element();
        case TypeKind::Map:
            if (a.is_record() != b.is_record()) return false;
            if (a.is_record()) return a.record_name() == b.record_name() && a.fields() == b.fields();
            return a.key() == b.key() && a.value() == b.value();
        default: return true;
    }
}

}  // namespace journeyctl::core::expr
