// `${VAR}` references in configuration values. The loader keeps them as
// text; a value is resolved only when it is used (a send, a run), so
// validate and dry-run need no secrets. Errors name the variable, never any
// value: secrets must not reach logs, diagnostics or the state database.
//
// Syntax: `${NAME}` with NAME = [A-Za-z_][A-Za-z0-9_]*; `$${` writes a
// literal `${`; a `$` not followed by `{` is kept as is.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace journeyctl::core::workspace {

// Where variables come from: the process environment, or a fixed map in tests.
class Env {
public:
    virtual ~Env() = default;
    virtual std::optional<std::string> get(std::string_view name) const = 0;
};

class ProcessEnv final : public Env {
public:
    std::optional<std::string> get(std::string_view name) const override;
};

class MapEnv final : public Env {
public:
    MapEnv() = default;
    MapEnv(std::initializer_list<std::pair<const std::string, std::string>> vars) : m_vars(vars) {}
    void set(std::string name, std::string value) { m_vars[std::move(name)] = std::move(value); }
    std::optional<std::string> get(std::string_view name) const override;

private:
    std::map<std::string, std::string, std::less<>> m_vars;
};

struct SecretReference {
    std::size_t offset = 0;  // of the `$`
    std::size_t length = 0;  // of `${NAME}`
    std::string name;
};

// Why a value could not be resolved or is malformed. `variable` is the
// missing one (empty for a syntax problem); `message` names it and never
// holds any value.
struct SecretError {
    std::string variable;
    std::string message;
    std::size_t offset = 0;  // in the text, for positioned diagnostics
};

// The references in text, or the first syntax problem ("unclosed '${'",
// "'${1X}' is not a variable name").
std::variant<std::vector<SecretReference>, SecretError> find_references(std::string_view text);

// Whether text refers to any variable (so it holds a secret).
bool has_references(std::string_view text);

// text with every ${VAR} replaced by its value from env.
std::variant<std::string, SecretError> try_resolve_secret(std::string_view text, const Env& env);
// The same, throwing ConfigError("environment variable VAR is not set") on failure.
std::string resolve_secret(std::string_view text, const Env& env);

}  // namespace journeyctl::core::workspace
