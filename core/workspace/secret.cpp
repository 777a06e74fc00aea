#include "core/workspace/secret.hpp"

#include <cstdlib>

#include "core/diag/errors.hpp"

namespace journeyctl::core::workspace {

std::optional<std::string> ProcessEnv::get(std::string_view name) const {
    const std::string key(name);
    const char* value = std::getenv(key.c_str());
    if (!value) return std::nullopt;
    return std::string(value);
}

std::optional<std::string> MapEnv::get(std::string_view name) const {
    auto it = m_vars.find(name);
    if (it == m_vars.end()) return std::nullopt;
    return it->second;
}

namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

// One pass over text: literal pieces go to `literal`, references to `reference`.
template <typename Literal, typename Reference>
std::optional<SecretError> scan(std::string_view text, Literal literal, Reference reference) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 3, "$${") == 0) {
            literal(std::string_view("${"));
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            literal(text.substr(i, 1));
            ++i;
            continue;
        }
        const std::size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos) return SecretError{{}, "unclosed '${' (write ${NAME})", i};
        const std::string_view name = text.substr(i + 2, close - i - 2);
        bool valid = !name.empty() && is_name_start(name[0]);
        for (char c : name) valid = valid && is_name_char(c);
        if (!valid)
            return SecretError{{}, "'${" + std::string(name) + "}' is not a variable name (letters, digits and '_')", i};
        if (auto error = reference(SecretReference{i, close + 1 - i, std::string(name)})) return error;
        i = close + 1;
    }
    return std::nullopt;
}

}  // namespace

std::variant<std::vector<SecretReference>, SecretError> find_references(std::string_view text) {
    std::vector<SecretReference> refs;
    auto error = scan(
        text, [](std::string_view) {},
        [&](SecretReference r) -> std::optional<SecretError> {
            refs.push_back(std::move(r));
            return std::nullopt;
        });
    if (error) return *error;
    return refs;
}

bool has_references(std::string_view text) {
    auto refs = find_references(text);
    const auto* list = std::get_if<std::vector<SecretReference>>(&refs);
    return list && !list->empty();
}

std::variant<std::string, SecretError> try_resolve_secret(std::string_view text, const Env& env) {
    std::string out;
    auto error = scan(
        text, [&](std::string_view piece) { out += piece; },
        [&](const SecretReference& r) -> std::optional<SecretError> {
            auto value = env.get(r.name);
            if (!value) return SecretError{r.name, "environment variable " + r.name + " is not set", r.offset};
            out += *value;
            return std::nullopt;
        });
    if (error) return *error;
    return out;
}

std::string resolve_secret(std::string_view text, const Env& env) {
    auto result = try_resolve_secret(text, env);
    if (auto* error = std::get_if<SecretError>(&result)) throw ConfigError(error->message);
    return std::get<std::string>(std::move(result));
}

}  // namespace journeyctl::core::workspace
