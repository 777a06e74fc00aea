// The template parser: one pass over the text that finds tags with the
// current delimiters, applies the Mustache spec's standalone-line rule (a
// line holding only whitespace and one section, inverted, close, comment,
// partial, set-delimiter or else tag disappears entirely, its indentation
// becoming a standalone partial's indentation), and builds the node tree
// with a stack of open blocks. Tag contents are classified as Mustache names
// or expressions (see template.hpp) and expressions are compiled right
// away, their diagnostics moved from expression coordinates into template
// coordinates. Parsing goes on after most errors so one run reports them
// all; only a tag that never closes and a block nested more than
// k_max_nesting deep stop it (the rest of a depth bomb would only repeat
// the error, and the tree must stay shallow enough to walk recursively).
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "core/template/template.hpp"

namespace journeyctl::core::tmpl {

diag::Diagnostic diagnostic_at(const Position& p, diag::Severity severity, std::string message, std::string code) {
    diag::Diagnostic d{"", p.line, p.column, std::max<uint32_t>(p.length, 1), severity, std::move(message),
                       std::move(code)};
    d.offset = p.offset;
    return d;
}

namespace {

constexpr std::string_view k_syntax_code = "template-syntax";
constexpr std::string_view k_expr_code = "template-expr";

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

// The part of [begin, end) without surrounding whitespace, as offsets.
std::pair<size_t, size_t> trim(std::string_view text, size_t begin, size_t end) {
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
    return {begin, end};
}

// "a", "a.b.c", "items.0": an identifier, then identifiers or digit runs.
bool split_dotted_name(std::string_view s, std::vector<std::string>& path) {
    path.clear();
    size_t i = 0;
    while (true) {
        size_t start = i;
        if (i >= s.size()) return false;
        if (path.empty() && !is_ident_start(s[i])) return false;
        while (i < s.size() && is_ident_char(s[i])) ++i;
        if (i == start) return false;
        path.emplace_back(s.substr(start, i - start));
        if (i == s.size()) return true;
        if (s[i] != '.') return false;
        ++i;
    }
}

// Finds `marker` from `from`, skipping quoted strings of an expression so
// that `{{ x ?? "}}" }}` works; a quote left open on its line means the
// content is no expression, and a plain search decides. `dead` remembers,
// per quote character, the positions a scan for a closing quote went
// through without finding one: a later scan that reaches one of them
// would fail the same way, so it stops there, and a line of many tags with
// open quotes (`{{\'}}{{\'}}...`) costs linear time, not quadratic.
class TagEndFinder {
public:
    explicit TagEndFinder(std::string_view text) : m_text(text) {}

    size_t find(size_t from, std::string_view marker) {
        for (size_t i = from; i < m_text.size(); ++i) {
            char c = m_text[i];
            if (c == '"' || c == '\'') {
                size_t j = closing_quote(i);
                if (j == std::string_view::npos) return m_text.find(marker, from);
                i = j;
                continue;
            }
            if (m_text.compare(i, marker.size(), marker) == 0) return i;
        }
        return std::string_view::npos;
    }

private:
    // The closing quote of the one at `open` on its line, or npos.
    size_t closing_quote(size_t open) {
        const char quote = m_text[open];
        std::vector<bool>& dead = m_dead[quote == '"' ? 0 : 1];
        if (dead.empty()) dead.resize(m_text.size() + 1, false);
        size_t j = open + 1;
        size_t visited_from = m_visited.size();
        while (j < m_text.size() && m_text[j] != quote && m_text[j] != '\n' && !dead[j]) {
            m_visited.push_back(j);
            j += (m_text[j] == '\\') ? 2 : 1;
        }
        if (j < m_text.size() && m_text[j] == quote && !dead[j]) {
            m_visited.resize(visited_from);
            return j;
        }
        for (size_t k = visited_from; k < m_visited.size(); ++k) dead[m_visited[k]] = true;
        m_visited.resize(visited_from);
        return std::string_view::npos;
    }

    std::string_view m_text;
    std::vector<bool> m_dead[2];
    std::vector<size_t> m_visited;
};

}  // namespace

// Builds a Template from text; a friend of Template.
class TemplateBuilder {
public:
    TemplateBuilder(std::string_view text, const TemplateOptions& options, uint32_t indent_columns)
        : m_text(text), m_options(options), m_indent_columns(indent_columns), m_tag_ends(text) {
        m_line_starts.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') m_line_starts.push_back(static_cast<uint32_t>(i + 1));
        m_base_env = std::make_shared<const expr::Environment>(options.environment);
    }

    ParseResult run();

private:
    struct Block {
        Node node;
        bool in_else = false;
        std::string close_name;  // what {{/...}} must say
        std::string what;        // "section 'x'", "'if' block", for messages
        std::shared_ptr<const expr::Environment> env;  // scope of the body
    };

    Position position_at(size_t offset, size_t length) const;
    void error(size_t offset, size_t length, std::string message);
    std::vector<Node>& current();
    const expr::Environment& current_env() const;
    void add_text(size_t begin, size_t end);
    bool handle_tag(char sigil, size_t start, size_t end, size_t content_begin, size_t content_end,
                    std::string_view indent);
    enum class Use : uint8_t { Tag, Condition, List };
    bool make_ref(size_t begin, size_t end, Use use, Ref& ref);
    void open_block(Node node, std::string close_name, std::string what,
                    std::shared_ptr<const expr::Environment> env);
    void close_block(std::string_view name, size_t start, size_t end);
    bool set_delimiters(size_t begin, size_t end, size_t start, size_t tag_end);

    std::string_view m_text;
    const TemplateOptions& m_options;
    uint32_t m_indent_columns;
    std::vector<uint32_t> m_line_starts;
    TagEndFinder m_tag_ends;
    std::shared_ptr<const expr::Environment> m_base_env;
    std::string m_open = "{{";
    std::string m_close = "}}";
    std::vector<Node> m_root;
    std::vector<Block> m_blocks;
    std::vector<diag::Diagnostic> m_diagnostics;
    bool m_failed = false;
    bool m_too_deep = false;  // a block went past k_max_nesting: parsing stopped
};

Position TemplateBuilder::position_at(size_t offset, size_t length) const {
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), static_cast<uint32_t>(offset));
    size_t line = static_cast<size_t>(it - m_line_starts.begin());
    uint32_t column = static_cast<uint32_t>(offset - m_line_starts[line - 1] + 1);
    // In an indented partial every line starts with the indentation, which
    // the user's file does not have.
    if (column > m_indent_columns) column -= m_indent_columns;
    return Position{static_cast<uint32_t>(offset), static_cast<uint32_t>(line), column,
                    static_cast<uint32_t>(length)};
}

void TemplateBuilder::error(size_t offset, size_t length, std::string message) {
    Position p = position_at(offset, length);
    m_diagnostics.push_back(diagnostic_at(p, diag::Severity::Error, std::move(message), std::string(k_syntax_code)));
    m_failed = true;
}

std::vector<Node>& TemplateBuilder::current() {
    if (m_blocks.empty()) return m_root;
    Block& b = m_blocks.back();
    return b.in_else ? b.node.else_children : b.node.children;
}

const expr::Environment& TemplateBuilder::current_env() const {
    return m_blocks.empty() ? *m_base_env : *m_blocks.back().env;
}

void TemplateBuilder::add_text(size_t begin, size_t end) {
    if (begin >= end) return;
    std::vector<Node>& nodes = current();
    if (!nodes.empty() && nodes.back().kind == NodeKind::Text) {
        nodes.back().text.append(m_text.substr(begin, end - begin));
        nodes.back().position.length += static_cast<uint32_t>(end - begin);
        return;
    }
    Node node;
    node.kind = NodeKind::Text;
    node.position = position_at(begin, end - begin);
    node.text = std::string(m_text.substr(begin, end - begin));
    nodes.push_back(std::move(node));
}

// A Mustache name unless its first segment is a variable of the scope's
// environment; otherwise an expression, compiled now.
bool TemplateBuilder::make_ref(size_t begin, size_t end, Use use, Ref& ref) {
    ref.text = std::string(m_text.substr(begin, end - begin));
    if (ref.text == ".") {
        ref.implicit = true;
        return true;
    }
    const expr::Environment& env = current_env();
    // In a block whose content is an expression by definition, CEL's
    // literals stay literals ({{#if true}}); elsewhere the spec's data may
    // have a key "null".
    bool literal = use != Use::Tag && (ref.text == "true" || ref.text == "false" || ref.text == "null");
    if (!literal && split_dotted_name(ref.text, ref.path) && !env.slot_of(ref.path.front())) return true;
    ref.path.clear();
    expr::CompileOptions options;
    options.expect_bool = use == Use::Condition;
    expr::CompileResult compiled = expr::compile(ref.text, env, options);
    for (const expr::ExprDiagnostic& d : compiled.diagnostics) {
        Position p = position_at(begin + d.span.offset, d.span.length);
        m_diagnostics.push_back(diagnostic_at(p, d.is_warning ? diag::Severity::Warning : diag::Severity::Error,
                                              d.message, std::string(k_expr_code)));
        if (!d.is_warning) m_failed = true;
    }
    ref.program = compiled.program;
    return compiled.ok();
}

void TemplateBuilder::open_block(Node node, std::string close_name, std::string what,
                                 std::shared_ptr<const expr::Environment> env) {
    if (m_blocks.size() >= static_cast<size_t>(k_max_nesting)) {
        error(node.position.offset, node.position.length,
              fmt::format("{} nests too deeply (more than {} levels of blocks)", what, k_max_nesting));
        m_too_deep = true;
        return;
    }
    if (!env) env = m_blocks.empty() ? m_base_env : m_blocks.back().env;
    m_blocks.push_back(Block{std::move(node), false, std::move(close_name), std::move(what), std::move(env)});
}

void TemplateBuilder::close_block(std::string_view name, size_t start, size_t end) {
    if (m_blocks.empty()) {
        error(start, end - start, fmt::format("closing tag '{}' has no open section", name));
        return;
    }
    Block& b = m_blocks.back();
    if (b.close_name != name) {
        error(start, end - start,
              fmt::format("closing tag '{}' does not match {} opened at {}:{}", name, b.what,
                          b.node.position.line, b.node.position.column));
        return;
    }
    Node node = std::move(b.node);
    m_blocks.pop_back();
    current().push_back(std::move(node));
}

// `{{=<% %>=}}`: two delimiters, neither with whitespace nor '='.
bool TemplateBuilder::set_delimiters(size_t begin, size_t end, size_t start, size_t tag_end) {
    std::string_view content = m_text.substr(begin, end - begin);
    size_t split = content.find_first_of(" \t\r\n");
    if (split != std::string_view::npos) {
        std::string_view open = content.substr(0, split);
        size_t rest = split;
        while (rest < content.size() && is_space(content[rest])) ++rest;
        std::string_view close = content.substr(rest);
        bool good = !open.empty() && !close.empty() && open.find('=') == std::string_view::npos &&
                    close.find('=') == std::string_view::npos &&
                    close.find_first_of(" \t\r\n") == std::string_view::npos;
        if (good) {
            m_open = std::string(open);
            m_close = std::string(close);
            return true;
        }
    }
    error(start, tag_end - start,
          fmt::format("bad delimiters '{}': expected two delimiters separated by a space, without '=' or spaces "
                      "in them",
                      content));
    return false;
}

bool TemplateBuilder::handle_tag(char sigil, size_t start, size_t end, size_t cb, size_t ce,
                                 std::string_view indent) {
    std::string_view content = m_text.substr(cb, ce - cb);
    Position position = position_at(start, end - start);
    auto keyword = [&](std::string_view word) {
        return content.size() >= word.size() && content.substr(0, word.size()) == word &&
               (content.size() == word.size() || is_space(content[word.size()]));
    };
    switch (sigil) {
    case '!':
        return true;
    case '=':
        return set_delimiters(cb, ce, start, end);
    case '/':
        close_block(content, start, end);
        return true;
    case '>': {
        if (content.empty()) {
            error(start, end - start, "partial tag without a name");
            return false;
        }
        Node node;
        node.kind = NodeKind::Partial;
        node.position = position;
        node.text = std::string(content);
        node.indent = std::string(indent);
        current().push_back(std::move(node));
        return true;
    }
    case '#':
        if (keyword("if") || keyword("each")) {
            bool is_if = keyword("if");
            auto [eb, ee] = trim(m_text, cb + (is_if ? 2 : 4), ce);
            Node node;
            node.kind = is_if ? NodeKind::If : NodeKind::Each;
            node.position = position;
            std::string word = is_if ? "if" : "each";
            if (eb == ee) {
                error(start, end - start, fmt::format("'{{{{#{}}}}}' needs an expression", word));
                return false;
            }
            std::shared_ptr<const expr::Environment> scope;
            bool ok = make_ref(eb, ee, is_if ? Use::Condition : Use::List, node.ref);
            if (!is_if) {
                expr::Type element = expr::Type::dyn();
                if (ok && node.ref.program) {
                    const expr::Type& type = node.ref.program->result_type();
                    if (type.kind() == expr::TypeKind::List) {
                        element = type.element();
                    } else if (!type.is_dyn()) {
                        error(eb, ee - eb, fmt::format("'{{{{#each}}}}' needs a list, got {}", type.name()));
                    }
                }
                auto env = std::make_shared<expr::Environment>(current_env());
                env->declare("it", element);
                scope = std::move(env);
            }
            open_block(std::move(node), word, fmt::format("'{}' block", word), std::move(scope));
            return true;
        }
        [[fallthrough]];
    case '^': {
        if (content.empty()) {
            error(start, end - start, "section tag without a name");
            return false;
        }
        Node node;
        node.kind = sigil == '#' ? NodeKind::Section : NodeKind::Inverted;
        node.position = position;
        make_ref(cb, ce, Use::Tag, node.ref);
        std::string name(content);
        open_block(std::move(node), name, fmt::format("section '{}'", name), nullptr);
        return true;
    }
    default:
        break;
    }
    if (sigil == 0 && content == "else") {
        Block* b = m_blocks.empty() ? nullptr : &m_blocks.back();
        if (!b || (b->node.kind != NodeKind::If && b->node.kind != NodeKind::Each)) {
            error(start, end - start, "'{{else}}' outside an '{{#if}}' or '{{#each}}' block");
        } else if (b->in_else) {
            error(start, end - start,
                  fmt::format("second '{{{{else}}}}' in the {} opened at {}:{}", b->what, b->node.position.line,
                              b->node.position.column));
        } else {
            b->in_else = true;
        }
        return true;
    }
    if (content.empty()) {
        error(start, end - start, "empty tag");
        return false;
    }
    Node node;
    node.kind = NodeKind::Variable;
    node.position = position;
    node.escape = sigil == 0;
    make_ref(cb, ce, Use::Tag, node.ref);
    current().push_back(std::move(node));
    return true;
}

ParseResult TemplateBuilder::run() {
    const size_t n = m_text.size();
    size_t pos = 0, text_start = 0, prev_tag_end = 0;
    while (!m_too_deep) {
        size_t start = m_text.find(m_open, pos);
        if (start == std::string_view::npos) break;
        size_t p = start + m_open.size();
        char sigil = 0;
        if (p < n && std::string_view("#^/!>&{=").find(m_text[p]) != std::string_view::npos) sigil = m_text[p++];
        std::string marker = sigil == '{' ? "}" + m_close : sigil == '=' ? "=" + m_close : m_close;
        size_t m = (sigil == '!' || sigil == '=') ? m_text.find(marker, p) : m_tag_ends.find(p, marker);
        if (m == std::string_view::npos) {
            error(start, m_open.size(), fmt::format("unclosed tag: no '{}' after this '{}'", marker, m_open));
            break;
        }
        size_t end = m + marker.size();
        auto [cb, ce] = trim(m_text, p, m);
        std::string_view content = m_text.substr(cb, ce - cb);

        // The standalone rule: only whitespace around one block-like tag
        // on its line, and no other tag on that line before it. The search
        // for the line's start stops at the previous tag, which keeps a
        // line of many tags linear: a line that starts before that tag
        // holds it, so this tag is not standalone anyway.
        bool block_like = (sigil != 0 && sigil != '&' && sigil != '{') || (sigil == 0 && content == "else");
        size_t line_start = start;
        while (line_start > prev_tag_end && m_text[line_start - 1] != '\n') --line_start;
        const bool at_line_start = line_start == 0 || m_text[line_start - 1] == '\n';
        size_t next = end;
        bool standalone = block_like && at_line_start &&
                          std::all_of(m_text.begin() + line_start, m_text.begin() + start, is_blank);
        if (standalone) {
            while (next < n && is_blank(m_text[next])) ++next;
            if (next < n && m_text[next] == '\n') {
                next += 1;
            } else if (next + 1 < n && m_text[next] == '\r' && m_text[next + 1] == '\n') {
                next += 2;
            } else if (next < n) {
                standalone = false;
                next = end;
            }
        }
        add_text(text_start, standalone ? line_start : start);
        std::string_view indent = standalone ? m_text.substr(line_start, start - line_start) : std::string_view();
        handle_tag(sigil, start, end, cb, ce, indent);
        pos = text_start = prev_tag_end = next;
    }
    if (m_too_deep) m_blocks.clear();  // open, but the depth error says what is wrong
    add_text(text_start, n);
    while (!m_blocks.empty()) {
        // Reported where the parser gives up (the end of the text), with a
        // note at the opening tag, as compilers do for an unclosed brace.
        const Block& b = m_blocks.back();
        Position p = b.node.position;
        const size_t last = m_text.find_last_not_of(" \t\r\n");
        const Position end = position_at(last == std::string_view::npos ? 0 : last + 1, 1);
        diag::Diagnostic d = diagnostic_at(end, diag::Severity::Error,
                                           fmt::format("unclosed {} opened at {}:{}", b.what, p.line, p.column),
                                           std::string(k_syntax_code));
        d.notes.push_back(diagnostic_at(p, diag::Severity::Note, fmt::format("{} opened here", b.what), ""));
        m_diagnostics.push_back(std::move(d));
        m_failed = true;
        m_blocks.pop_back();
    }
    std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    ParseResult result;
    result.diagnostics = std::move(m_diagnostics);
    if (m_failed) return result;
    auto tmpl = std::make_shared<Template>();
    tmpl->m_nodes = std::move(m_root);
    tmpl->m_escaping = m_options.escaping;
    auto render_env = std::make_shared<expr::Environment>(m_options.environment);
    tmpl->m_base_variable_count = render_env->variable_count();
    tmpl->m_it_slot = render_env->slot_of("it").value_or(render_env->variable_count());
    if (!render_env->slot_of("it")) render_env->declare("it", expr::Type::dyn());
    tmpl->m_render_env = std::move(render_env);
    result.tmpl = std::move(tmpl);
    return result;
}

ParseResult parse(std::string_view text, const TemplateOptions& options) {
    return TemplateBuilder(text, options, 0).run();
}

ParseResult parse_indented(std::string_view text, std::string_view indent, const TemplateOptions& options) {
    if (indent.empty()) return parse(text, options);
    std::string indented(indent);
    for (size_t i = 0; i < text.size(); ++i) {
        indented.push_back(text[i]);
        if (text[i] == '\n' && i + 1 < text.size()) indented.append(indent);
    }
    return TemplateBuilder(indented, options, static_cast<uint32_t>(indent.size())).run();
}

}  // namespace journeyctl::core::tmpl
