// The template language: Mustache (github.com/mustache/spec, the sections
// interpolation, inverted, partials, delimiters and comments modules) plus
// expression tags from the expression language (shared/design/expressions.md).
//
//   TemplateOptions options{.escaping = Escaping::Html, .environment = env};
//   ParseResult parsed = parse(text, options);       // once per template
//   if (!parsed.ok()) { for (auto& d : parsed.diagnostics) ...; }
//   Renderer renderer(*parsed.tmpl);                 // one per thread
//   RenderResult out = renderer.render({.data = root, .activation = &act});
//
// What a tag means:
// - `{{a.b.c}}`, `{{.}}`: a Mustache name looked up through the context
//   stack (root data, then whatever sections pushed), as the spec says.
//   Names are identifiers joined by dots; segments after the first may be
//   digits, which index lists (`{{items.0}}`).
// - A dotted name whose first segment is a variable of the environment
//   (`{{profile.first_name}}`, `{{it.type}}`) is an expression instead, so
//   the checker knows its type and reports unknown fields. Environment
//   variables therefore shadow data keys of the same name.
// - Anything else (`{{profile.first_name ?? "there"}}`, `{{events.size()}}`)
//   is compiled as an expression against the environment.
// - `{{#if EXPR}}…{{else}}…{{/if}}`: EXPR must be bool (a Mustache name
//   uses Mustache truthiness instead). `{{#each EXPR}}…{{else}}…{{/each}}`
//   iterates a list: each element is bound to the variable `it` (for
//   expressions) and pushed as the Mustache context (for `{{.}}` and names);
//   the optional else part renders when the list is empty or absent.
// Sections over values follow JavaScript truthiness as mustache.js does:
// absent, null, false, 0, "" and [] are falsy; lists iterate; anything else
// is pushed once. Interpolated values: strings as they are, numbers in
// their shortest exact form (42, 1.5), true/false, null and absent as
// nothing, timestamps and durations in CEL's text, lists and maps as JSON.
// Rendering never throws: an expression that fails renders as nothing and
// is listed in RenderResult::problems with its position.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diag/diagnostic.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::tmpl {

// How many blocks ({{#if}}, {{#each}}, sections, inverted sections) may be
// open inside each other. Every pass over the node tree (checking,
// rendering, destroying it) recurses once per level, so a deeper template
// could exhaust the stack; parse reports the block that goes too deep.
// Rendering also stops partials that would nest past this many levels.
constexpr int k_max_nesting = 250;

// Where a tag or text run starts inside the template text: offset in bytes
// from 0, line and column from 1 (column in bytes), length of the tag.
struct Position {
    uint32_t offset = 0;
    uint32_t line = 1;
    uint32_t column = 1;
    uint32_t length = 0;
};

// A diagnostic at a position in the template text (path empty), carrying
// the offset so that callers place it in their file without re-counting.
diag::Diagnostic diagnostic_at(const Position& p, diag::Severity severity, std::string message, std::string code);

// What a tag refers to: a Mustache name (path, or implicit `.`) or a
// compiled expression.
struct Ref {
    std::string text;                // the tag's content, trimmed
    std::vector<std::string> path;   // Mustache name segments
    bool implicit = false;           // `.`: the top of the context stack
    std::shared_ptr<const expr::Program> program;  // set for expressions
    bool is_expression() const { return program != nullptr; }
};

enum class NodeKind : uint8_t {
    Text,      // text
    Variable,  // {{ref}}, {{{ref}}}, {{& ref}}; escape tells which
    Section,   // {{#ref}} children {{/ref}}
    Inverted,  // {{^ref}} children {{/ref}}
    Partial,   // {{> text}}; indent is the standalone tag's indentation
    If,        // {{#if ref}} children {{else}} else_children {{/if}}
    Each,      // {{#each ref}} children {{else}} else_children {{/each}}
};

struct Node {
    NodeKind kind = NodeKind::Text;
    Position position;
    std::string text;    // Text: the text; Partial: the partial's name
    bool escape = true;  // Variable: `{{x}}`, escaped as the template's Escaping says
    Ref ref;
    std::string indent;  // Partial
    std::vector<Node> children;
    std::vector<Node> else_children;
};

// What `{{x}}` does to an interpolated value (`{{{x}}}` and `{{& x}}`
// never change it): HTML parts escape & < > " '; URL parts (an email
// channel's List-Unsubscribe targets) percent-encode every byte but
// RFC 3986's unreserved characters, so a value cannot end the URL, add a
// query parameter or smuggle a control character in; text, SMS and the
// other parts leave it as it is.
enum class Escaping : uint8_t { None, Html, Uri };

struct TemplateOptions {
    Escaping escaping = Escaping::None;
    // Variables (and host functions) that expression tags may use.
    expr::Environment environment;
};

// A parsed template: immutable, shareable between threads.
class Template {
public:
    const std::vector<Node>& nodes() const { return m_nodes; }
    Escaping escaping() const { return m_escaping; }
    // The options' environment plus the `it` variable of #each blocks; an
    // Activation for this environment serves every expression of the
    // template.
    const expr::Environment& render_environment() const { return *m_render_env; }
    // How many variables the options' environment had (their slots are the
    // same in render_environment()).
    int base_variable_count() const { return m_base_variable_count; }
    int it_slot() const { return m_it_slot; }

private:
    friend class TemplateBuilder;
    std::vector<Node> m_nodes;
    Escaping m_escaping = Escaping::None;
    std::shared_ptr<const expr::Environment> m_render_env;
    int m_base_variable_count = 0;
    int m_it_slot = 0;
};

struct ParseResult {
    std::shared_ptr<const Template> tmpl;        // null when there are errors
    std::vector<diag::Diagnostic> diagnostics;  // positions inside the text; path empty
    bool ok() const { return tmpl != nullptr; }
};

// Parses the text and compiles its expression tags. Never throws on bad
// input. Diagnostic codes: "template-syntax" for the template's own syntax,
// "template-expr" for an expression tag (its position mapped into the
// template text).
ParseResult parse(std::string_view text, const TemplateOptions& options);

// A partial as the spec wants it for a standalone `{{> name}}` indented by
// `indent`: every line of the text indented before parsing. Positions are
// reported as in the unindented text.
ParseResult parse_indented(std::string_view text, std::string_view indent, const TemplateOptions& options);

// Where partials come from. find() may be called from several threads.
class PartialResolver {
public:
    virtual ~PartialResolver() = default;
    virtual bool has(std::string_view name) const = 0;
    // The partial parsed with `indent` (see parse_indented), or null when it
    // does not exist or does not parse.
    virtual const Template* find(std::string_view name, std::string_view indent) const = 0;
};

// Partials given as text; parsed on first use (per indentation) with the
// options' environment plus `it` as dyn (a partial is often the body of an
// #each), and kept. Thread-safe.
class PartialMap final : public PartialResolver {
public:
    explicit PartialMap(TemplateOptions options);
    // Call before rendering starts: replacing a partial drops its parses,
    // which renderers may still point to.
    void add(std::string name, std::string text);
    bool has(std::string_view name) const override;
    const Template* find(std::string_view name, std::string_view indent) const override;
    // Parse diagnostics of one partial, for validation.
    std::vector<diag::Diagnostic> diagnostics(std::string_view name) const;

private:
    TemplateOptions m_options;
    std::map<std::string, std::string, std::less<>> m_texts;
    mutable std::mutex m_mutex;
    mutable std::map<std::string, std::shared_ptr<const Template>, std::less<>> m_parsed;
};

// Checks what parse cannot see alone: every `{{> name}}` (also inside
// sections) must name a partial that the resolver has and that parses.
std::vector<diag::Diagnostic> check(const Template& tmpl, const PartialResolver& partials);

struct RenderContext {
    expr::Value data;                              // bottom of the context stack
    const expr::Activation* activation = nullptr;  // for the options' environment
    const PartialResolver* partials = nullptr;
};

// Something that went wrong while rendering (the text still renders).
struct RenderProblem {
    std::string partial;  // empty for the template itself
    Position position;
    std::string message;
};

struct RenderResult {
    std::string text;
    std::vector<RenderProblem> problems;
};

// Renders one template many times, keeping an evaluator per expression and
// one activation. Not thread-safe: one Renderer per thread. The template
// (and the partials the resolver returns) must outlive it.
class Renderer {
public:
    explicit Renderer(const Template& tmpl);
    ~Renderer();
    Renderer(Renderer&&) noexcept;
    Renderer& operator=(Renderer&&) = delete;
    RenderResult render(const RenderContext& context);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// One-shot rendering (builds a Renderer).
RenderResult render(const Template& tmpl, const RenderContext& context);

// The text of a value as interpolation writes it (before escaping).
void append_value_text(std::string& out, const expr::Value& value);
void append_html_escaped(std::string& out, std::string_view text);
// RFC 3986 percent-encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX.
void append_uri_escaped(std::string& out, std::string_view text);

}  // namespace journeyctl::core::tmpl
