// Partials given as text (PartialMap) and the cross-template check that
// every `{{> name}}` resolves. A partial is parsed lazily because the spec
// indents a standalone partial's lines before parsing it: the same partial
// may be needed with several indentations, each parsed once and kept.
#include <fmt/format.h>

#include "core/template/template.hpp"

namespace journeyctl::core::tmpl {

PartialMap::PartialMap(TemplateOptions options) : m_options(std::move(options)) {
    // A partial often renders the body of an #each, so `it` is known there;
    // used outside one, it is a render problem rather than a parse error.
    if (!m_options.environment.slot_of("it")) m_options.environment.declare("it", expr::Type::dyn());
}

void PartialMap::add(std::string name, std::string text) {
    std::lock_guard lock(m_mutex);
    // Drop parses of an older text of this partial.
    for (auto it = m_parsed.begin(); it != m_parsed.end();) {
        std::string_view key = it->first;
        it = key.substr(key.find('\0') + 1) == name ? m_parsed.erase(it) : std::next(it);
    }
    m_texts.insert_or_assign(std::move(name), std::move(text));
}

bool PartialMap::has(std::string_view name) const {
    std::lock_guard lock(m_mutex);
    return m_texts.find(name) != m_texts.end();
}

const Template* PartialMap::find(std::string_view name, std::string_view indent) const {
    std::lock_guard lock(m_mutex);
    auto text = m_texts.find(name);
    if (text == m_texts.end()) return nullptr;
    std::string key(indent);
    key.push_back('\0');
    key.append(name);
    auto parsed = m_parsed.find(key);
    if (parsed == m_parsed.end())
        parsed = m_parsed.emplace(std::move(key), parse_indented(text->second, indent, m_options).tmpl).first;
    return parsed->second.get();
}

std::vector<diag::Diagnostic> PartialMap::diagnostics(std::string_view name) const {
    std::lock_guard lock(m_mutex);
    auto text = m_texts.find(name);
    if (text == m_texts.end()) return {};
    return parse(text->second, m_options).diagnostics;
}

namespace {

void check_nodes(const std::vector<Node>& nodes, const PartialResolver& partials,
                 std::vector<diag::Diagnostic>& out) {
    for (const Node& node : nodes) {
        if (node.kind == NodeKind::Partial) {
            std::string message;
            if (!partials.has(node.text)) {
                message = fmt::format("unknown partial '{}'", node.text);
            } else if (!partials.find(node.text, node.indent)) {
                message = fmt::format("partial '{}' does not parse", node.text);
            }
            if (!message.empty()) {
                out.push_back(
                    diagnostic_at(node.position, diag::Severity::Error, std::move(message), "template-partial"));
            }
        }
        check_nodes(node.children, partials, out);
        check_nodes(node.else_children, partials, out);
    }
}

}  // namespace

std::vector<diag::Diagnostic> check(const Template& tmpl, const PartialResolver& partials) {
    std::vector<diag::Diagnostic> out;
    check_nodes(tmpl.nodes(), partials, out);
    return out;
}

}  // namespace journeyctl::core::tmpl
