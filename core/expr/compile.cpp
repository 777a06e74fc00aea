// compile(): parse, type-check, and freeze the result into an immutable
// Program; plus the Environment and Activation that frame an evaluation.
#include <algorithm>

#include "core/expr/checker.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/parser.hpp"

namespace journeyctl::core::expr {

// The one place allowed to fill a Program's private members.
class ProgramBuilder {
public:
    static std::shared_ptr<const Program> build(std::string_view source, NodePtr root, int frame_size,
                                                const Environment& env, uint64_t cost_limit) {
        auto program = std::make_shared<Program>();
        program->m_source = std::string(source);
        program->m_root = std::move(root);
        program->m_frame_size = frame_size;
        program->m_cost_limit = cost_limit;
        program->m_env = std::make_shared<const Environment>(env);
        return program;
    }
};

Environment Environment::standard() {
    Environment env;
    env.declare("now", Type::of(TypeKind::Timestamp));
    return env;
}

int Environment::declare(std::string name, Type type) {
    if (auto slot = slot_of(name)) {
        m_types[static_cast<size_t>(*slot)] = std::move(type);
        return *slot;
    }
    m_names.push_back(std::move(name));
    m_types.push_back(std::move(type));
    return static_cast<int>(m_names.size()) - 1;
}

std::optional<int> Environment::slot_of(std::string_view name) const {
    for (size_t i = 0; i < m_names.size(); ++i) {
        if (m_names[i] == name) return static_cast<int>(i);
    }
    return std::nullopt;
}

void Environment::add_function(FunctionDecl decl) { m_functions.push_back(std::move(decl)); }

CompileResult compile(std::string_view source, const Environment& env, CompileOptions options) {
    CompileResult result;
    ParseResult parsed = parse(source);
    if (!parsed.root) {
        result.diagnostics = std::move(parsed.diagnostics);
        return result;
    }
    CheckResult checked = check(*parsed.root, env, options);
    result.diagnostics = std::move(checked.diagnostics);
    bool has_error = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                 [](const ExprDiagnostic& d) { return !d.is_warning; });
    if (!has_error) {
        result.program = ProgramBuilder::build(source, std::move(parsed.root), checked.frame_size, env,
                                                  options.cost_limit);
    }
    return result;
}

Activation::Activation(const Environment& env)
    : m_values(static_cast<size_t>(env.variable_count())), m_set(static_cast<size_t>(env.variable_count()), false) {
    // Unset slots read as an error naming the variable, so a host that
    // forgets to bind one sees why rather than a silent null.
    for (int i = 0; i < env.variable_count(); ++i) {
        m_values[static_cast<size_t>(i)] = Value::error("variable '" + env.name_of(i) + "' has no value");
    }
}

void Activation::set(int slot, Value value) {
    if (slot < 0) return;
    auto index = static_cast<size_t>(slot);
    if (index >= m_values.size()) {
        m_values.resize(index + 1, Value::error("variable has no value"));
        m_set.resize(index + 1, false);
    }
    m_values[index] = std::move(value);
    m_set[index] = true;
}

const Value& Activation::get(int slot) const {
    static const Value k_unknown = Value::error("no variable in this slot");
    if (slot < 0 || static_cast<size_t>(slot) >= m_values.size()) return k_unknown;
    return m_values[static_cast<size_t>(slot)];
}

bool Activation::has(int slot) const {
    return slot >= 0 && static_cast<size_t>(slot) < m_set.size() && m_set[static_cast<size_t>(slot)];
}

}  // namespace journeyctl::core::expr
