// `segment explain`: a segment's `where` split into its clauses (at && and
// ||, flattened so that `a && b && c` has three operands, and under a !
// that negates a group; a macro or any other expression is one clause),
// each evaluated on its own for one profile, so a person sees which clause
// kept the profile out. A clause's text is cut from the source by the
// extent of its subtree's tokens (spans name one token, see parser.cpp),
// widened to the parentheses it needs.
#include <algorithm>

#include "core/expr/lexer.hpp"
#include "core/segment/engine_internal.hpp"

namespace journeyctl::core::segment {

using expr::Node;
using expr::NodeKind;
using expr::Token;
using expr::TokenKind;

namespace {

bool is_open(TokenKind k) { return k == TokenKind::LParen || k == TokenKind::LBracket || k == TokenKind::LBrace; }
bool is_close(TokenKind k) { return k == TokenKind::RParen || k == TokenKind::RBracket || k == TokenKind::RBrace; }

class Extent {
public:
    explicit Extent(std::string_view source) : m_tokens(expr::tokenize(source)) {
        // The End/Error token closes the stream; it is never part of an extent.
        if (!m_tokens.empty()) m_tokens.pop_back();
    }

    // [first, last] token indexes of a subtree.
    std::pair<size_t, size_t> of(const Node& n) const {
        size_t first = token_at(n.span.offset);
        size_t last = token_ending_at(n.span.offset + n.span.length);
        for (const auto& child : n.children) {
            auto [f, l] = of(*child);
            first = std::min(first, f);
            last = std::max(last, l);
        }
        if (n.kind == NodeKind::Call || n.kind == NodeKind::Macro) {
            size_t name = token_at(n.span.offset);
            if (name + 1 < m_tokens.size() && m_tokens[name + 1].kind == TokenKind::LParen) {
                last = std::max(last, matching(name + 1));
            }
        }
        if (n.kind == NodeKind::Select && n.test_only && first >= 2 && first < m_tokens.size() &&
            m_tokens[first - 1].kind == TokenKind::LParen && m_tokens[first - 2].text == "has") {
            last = std::max(last, matching(first - 1));
            first -= 2;
        }
        return {first, last};
    }

    std::string text(std::string_view source, const Node& n) const {
        if (m_tokens.empty()) return std::string(source);
        auto [first, last] = of(n);
        last = std::min(last, m_tokens.size() - 1);
        // Balance brackets: a subtree may start inside `(` ... `)` pairs
        // that the node spans do not cover.
        int depth = 0;
        int lowest = 0;
        for (size_t i = first; i <= last; ++i) {
            if (is_open(m_tokens[i].kind)) ++depth;
            if (is_close(m_tokens[i].kind)) lowest = std::min(lowest, --depth);
        }
        for (int missing = -lowest; missing > 0 && first > 0;) {
            --first;
            if (is_open(m_tokens[first].kind)) --missing;
            if (is_close(m_tokens[first].kind)) ++missing;
        }
        for (int open = depth - lowest; open > 0 && last + 1 < m_tokens.size();) {
            ++last;
            if (is_close(m_tokens[last].kind)) --open;
            if (is_open(m_tokens[last].kind)) ++open;
        }
        const size_t begin = m_tokens[first].span.offset;
        const size_t end = m_tokens[last].span.offset + m_tokens[last].span.length;
        return std::string(source.substr(begin, end - begin));
    }

private:
    size_t token_at(uint32_t offset) const {
        for (size_t i = 0; i < m_tokens.size(); ++i) {
            if (m_tokens[i].span.offset + m_tokens[i].span.length > offset) return i;
        }
        return m_tokens.empty() ? 0 : m_tokens.size() - 1;
    }
    size_t token_ending_at(uint32_t end) const {
        size_t found = 0;
        for (size_t i = 0; i < m_tokens.size(); ++i) {
            if (m_tokens[i].span.offset < end) found = i;
        }
        return found;
    }
    size_t matching(size_t open) const {
        int depth = 0;
        for (size_t i = open; i < m_tokens.size(); ++i) {
            if (is_open(m_tokens[i].kind)) ++depth;
            if (is_close(m_tokens[i].kind) && --depth == 0) return i;
        }
        return m_tokens.size() - 1;
    }

    std::vector<Token> m_tokens;
};

class Explainer {
public:
    Explainer(const Engine::Impl& engine, std::string_view source, Worker& worker)
        : m_engine(engine), m_source(source), m_extent(source), m_worker(worker) {}

    ExplainNode build(const Node& n) {
        ExplainNode out;
        out.text = m_extent.text(m_source, n);
        out.value = evaluate(out.text);
        if (n.kind == NodeKind::And || n.kind == NodeKind::Or) {
            out.op = n.kind == NodeKind::And ? "&&" : "||";
            std::vector<const Node*> operands;
            flatten(n, n.kind, operands);
            for (const Node* operand : operands) out.children.push_back(build(*operand));
        } else if (n.kind == NodeKind::Not) {
            const Node& inner = *n.children[0];
            if (inner.kind == NodeKind::And || inner.kind == NodeKind::Or || inner.kind == NodeKind::Not) {
                out.op = "!";
                out.children.push_back(build(inner));
            }
        }
        return out;
    }

private:
    static void flatten(const Node& n, NodeKind kind, std::vector<const Node*>& out) {
        for (const auto& child : n.children) {
            if (child->kind == kind) {
                flatten(*child, kind, out);
            } else {
                out.push_back(child.get());
            }
        }
    }

    expr::Value evaluate(const std::string& text) {
        expr::CompileResult compiled = expr::compile(text, m_engine.env);
        if (!compiled.ok()) {
            return expr::Value::error(compiled.diagnostics.empty() ? "does not compile"
                                                                   : compiled.diagnostics.front().message);
        }
        return m_worker.evaluate(compiled.program);
    }

    const Engine::Impl& m_engine;
    std::string_view m_source;
    Extent m_extent;
    Worker& m_worker;
};

}  // namespace

std::string subtree_text(std::string_view source, const expr::Node& node) {
    return Extent(source).text(source, node);
}

ExplainNode Engine::explain(size_t segment, const Population& population, uint32_t row, expr::Timestamp now) const {
    const Impl& impl = *m_impl;
    Worker worker(impl, population, now);
    worker.bind(row);
    const auto& program = impl.programs.at(segment);
    if (!program) {
        ExplainNode failed;
        failed.text = impl.defs[segment].where;
        failed.value = expr::Value::error("the segment's where does not compile");
        return failed;
    }
    Explainer explainer(impl, program->source(), worker);
    ExplainNode root = explainer.build(program->root());
    // The whole where's value is the segment's own, as count and export see it.
    return root;
}

}  // namespace journeyctl::core::segment

namespace journeyctl::core::segment {

expr::Value Engine::evaluate(const expr::Program& program, const expr::Environment& env, const Population& population,
                             uint32_t row, expr::Timestamp now,
                             std::span<const std::pair<int, expr::Value>> extra) const {
    Worker worker(*m_impl, population, now, &env);
    worker.bind(row);
    for (const auto& [slot, value] : extra) worker.set(slot, value);
    expr::Evaluator evaluator(std::shared_ptr<const expr::Program>(std::shared_ptr<const expr::Program>(), &program));
    return evaluator.evaluate(worker.activation());
}

}  // namespace journeyctl::core::segment
