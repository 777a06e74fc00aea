// Recursive-descent parser for the expression language: CEL's grammar
// (google/cel-spec doc/langdef.md, "Syntax") with our `??` extension.
//
// Precedence, lowest first:
//   ?:            conditional, right-associative (a nested ?: in the middle
//                 operand is accepted as in C)
//   ??            coalesce (extension); it sits between ?: and || so that
//                 `a ?? b || c` reads `a ?? (b || c)` and `c ? a ?? b : d`
//                 needs no parentheses
//   ||  &&        logical
//   == != < <= > >= in
//   + -   * / %   arithmetic, left-associative
//   ! -           unary, repeated as in CEL's reference parser: an even run
//                 (`!!x`, `--x`) cancels out, an odd run is one operator;
//                 `-` directly before a number literal folds into it, which
//                 is how -9223372036854775808 can be written
//   . [] ()       member selection, indexing, calls
//
// Each node's span is the token that names it (the operator, the function or
// field name, the literal, the brackets of a list/map/index), so a checker
// error points at the offending operator or call, as CEL's tools do.
// Macros (has, all, exists, exists_one, filter, map) become Macro nodes or a
// test-only Select. The first syntax error stops parsing; the parser never
// throws and limits nesting (recursion and tree depth) to k_max_depth so that
// no input can exhaust the stack here, in the checker or in the evaluator.
#include "core/expr/parser.hpp"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/expr/lexer.hpp"

namespace journeyctl::core::expr {
namespace {

constexpr int k_max_depth = 250;

class Parser {
public:
    explicit Parser(std::string_view source) : m_tokens(tokenize(source)) {}

    ParseResult run() {
        ParseResult result;
        NodePtr root = parse_expr();
        if (root && !m_failed && peek().kind != TokenKind::End) {
            fail(peek(), "expected end of expression but found " + describe(peek()));
        }
        if (m_failed) {
            result.diagnostics.push_back(std::move(m_error));
        } else {
            result.root = std::move(root);
        }
        return result;
    }

private:
    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    int m_recursion = 0;
    bool m_failed = false;
    ExprDiagnostic m_error;
    // The '(', '[' and '{' not closed yet, innermost last: a parse that
    // fails at the end, or for want of the closer, notes where it opened.
    std::vector<const Token*> m_open;
    std::unordered_map<const Node*, int> m_depth;

    const Token& peek(size_t ahead = 0) const {
        size_t i = m_pos + ahead;
        return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
    }
    const Token& take() {
        const Token& t = peek();
        if (m_pos + 1 < m_tokens.size()) ++m_pos;
        return t;
    }
    bool accept(TokenKind kind) {
        if (peek().kind != kind) return false;
        take();
        return true;
    }

    // Records the first error; a lexical error token reports its own message.
    std::nullptr_t fail(const Token& at, std::string message) {
        if (m_failed) return nullptr;
        m_failed = true;
        m_error.span = at.span;
        if (at.kind == TokenKind::Error) {
            m_error.message = at.string_value;
        } else if (at.kind == TokenKind::End) {
            m_error.message = "unexpected end of expression";
            if (message.rfind("expected ", 0) == 0) {
                m_error.message += ": " + message.substr(0, message.find(" but found"));
            }
        } else {
            m_error.message = std::move(message);
        }
        if (at.kind == TokenKind::End) note_opener();
        return nullptr;
    }

    void opened(const Token& t) { m_open.push_back(&t); }
    void closed() { m_open.pop_back(); }
    static bool is_closer(TokenKind kind) {
        return kind == TokenKind::RParen || kind == TokenKind::RBracket || kind == TokenKind::RBrace;
    }
    // The error just recorded is about an unclosed bracket: note its opener.
    void note_opener() {
        if (m_open.empty() || m_error.note) return;
        const Token& open = *m_open.back();
        m_error.note = ExprDiagnostic::Note{open.span, "'" + std::string(open.text) + "' opened here"};
    }

    // An error at a node rather than a token.
    std::nullptr_t fail_at(const SourceSpan& span, std::string message) {
        Token at;
        at.kind = TokenKind::Ident;
        at.span = span;
        return fail(at, std::move(message));
    }

    bool expect(TokenKind kind) {
        if (accept(kind)) return true;
        const bool first = !m_failed;
        fail(peek(), "expected " + std::string(spelling(kind)) + " but found " + describe(peek()));
        if (first && is_closer(kind)) note_opener();
        return false;
    }

    // A ',' between elements; when it is missing the message names the
    // closing token, which is what the writer most likely forgot.
    bool separator(TokenKind close) {
        if (accept(TokenKind::Comma)) return true;
        const bool first = !m_failed;
        fail(peek(), "expected " + std::string(spelling(close)) + " but found " + describe(peek()));
        if (first) note_opener();
        return false;
    }

    static SourceSpan join(const SourceSpan& a, const SourceSpan& b) {
        SourceSpan s = a;
        s.length = b.offset + b.length - a.offset;
        return s;
    }

    NodePtr node(NodeKind kind, const SourceSpan& span) {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->span = span;
        return n;
    }

    // Checks the depth of a finished node (deep trees would overflow the
    // stack of every recursive pass later on).
    NodePtr finish(NodePtr n) {
        if (!n) return n;
        int depth = 0;
        for (const auto& child : n->children) {
            auto it = m_depth.find(child.get());
            if (it != m_depth.end() && it->second > depth) depth = it->second;
        }
        ++depth;
        if (depth > k_max_depth) {
            return fail_at(n->span, "expression nests too deeply");
        }
        m_depth[n.get()] = depth;
        return n;
    }

    NodePtr binary(NodeKind kind, const Token& op, NodePtr left, NodePtr right, BinaryOp bop = BinaryOp::Eq) {
        NodePtr n = node(kind, op.span);
        n->op = bop;
        n->children.push_back(std::move(left));
        n->children.push_back(std::move(right));
        return finish(std::move(n));
    }

    struct RecursionGuard {
        int& depth;
        explicit RecursionGuard(int& d) : depth(d) { ++depth; }
        ~RecursionGuard() { --depth; }
        RecursionGuard(const RecursionGuard&) = delete;
        RecursionGuard& operator=(const RecursionGuard&) = delete;
    };

    // ---- binary levels ------------------------------------------------

    NodePtr parse_expr() {
        RecursionGuard guard(m_recursion);
        if (m_recursion > k_max_depth) return fail(peek(), "expression nests too deeply");
        NodePtr cond = parse_coalesce();
        if (!cond) return nullptr;
        if (peek().kind != TokenKind::Question) return cond;
        const Token& q = take();
        // CEL's grammar wants a ConditionalOr here; a full expression is
        // accepted too (`a ? b ? 1 : 2 : 3`) since ':' ends it unambiguously.
        NodePtr then_branch = parse_expr();
        if (!then_branch || !expect(TokenKind::Colon)) return nullptr;
        NodePtr else_branch = parse_expr();
        if (!else_branch) return nullptr;
        NodePtr n = node(NodeKind::Conditional, q.span);
        n->children.push_back(std::move(cond));
        n->children.push_back(std::move(then_branch));
        n->children.push_back(std::move(else_branch));
        return finish(std::move(n));
    }

    NodePtr parse_coalesce() {
        NodePtr left = parse_or();
        while (left && peek().kind == TokenKind::QuestionQuestion) {
            const Token& op = take();
            NodePtr right = parse_or();
            if (!right) return nullptr;
            left = binary(NodeKind::Coalesce, op, std::move(left), std::move(right));
        }
        return left;
    }

    NodePtr parse_or() {
        NodePtr left = parse_and();
        while (left && peek().kind == TokenKind::OrOr) {
            const Token& op = take();
            NodePtr right = parse_and();
            if (!right) return nullptr;
            left = binary(NodeKind::Or, op, std::move(left), std::move(right));
        }
        return left;
    }

    NodePtr parse_and() {
        NodePtr left = parse_relation();
        while (left && peek().kind == TokenKind::AndAnd) {
            const Token& op = take();
            NodePtr right = parse_relation();
            if (!right) return nullptr;
            left = binary(NodeKind::And, op, std::move(left), std::move(right));
        }
        return left;
    }

    static std::optional<BinaryOp> relation_op(TokenKind kind) {
        switch (kind) {
            case TokenKind::EqEq: return BinaryOp::Eq;
            case TokenKind::NotEq: return BinaryOp::Ne;
            case TokenKind::Lt: return BinaryOp::Lt;
            case TokenKind::Le: return BinaryOp::Le;
            case TokenKind::Gt: return BinaryOp::Gt;
            case TokenKind::Ge: return BinaryOp::Ge;
            case TokenKind::In: return BinaryOp::In;
            default: return std::nullopt;
        }
    }

    NodePtr parse_relation() {
        NodePtr left = parse_addition();
        while (left) {
            auto op = relation_op(peek().kind);
            if (!op) break;
            const Token& tok = take();
            NodePtr right = parse_addition();
            if (!right) return nullptr;
            left = binary(NodeKind::Binary, tok, std::move(left), std::move(right), *op);
        }
        return left;
    }

    NodePtr parse_addition() {
        NodePtr left = parse_multiplication();
        while (left && (peek().kind == TokenKind::Plus || peek().kind == TokenKind::Minus)) {
            const Token& tok = take();
            BinaryOp op = tok.kind == TokenKind::Plus ? BinaryOp::Add : BinaryOp::Sub;
            NodePtr right = parse_multiplication();
            if (!right) return nullptr;
            left = binary(NodeKind::Binary, tok, std::move(left), std::move(right), op);
        }
        return left;
    }

    NodePtr parse_multiplication() {
        NodePtr left = parse_unary();
        while (left) {
            TokenKind k = peek().kind;
            if (k != TokenKind::Star && k != TokenKind::Slash && k != TokenKind::Percent) break;
            const Token& tok = take();
            BinaryOp op = k == TokenKind::Star ? BinaryOp::Mul : k == TokenKind::Slash ? BinaryOp::Div : BinaryOp::Mod;
            NodePtr right = parse_unary();
            if (!right) return nullptr;
            left = binary(NodeKind::Binary, tok, std::move(left), std::move(right), op);
        }
        return left;
    }

    // ---- unary --------------------------------------------------------

    NodePtr parse_unary() {
        TokenKind k = peek().kind;
        if (k != TokenKind::Bang && k != TokenKind::Minus) return parse_member();
        const Token& first = peek();
        size_t count = 0;
        while (peek().kind == k) {
            take();
            ++count;
        }
        bool odd = count % 2 == 1;
        if (peek().kind == TokenKind::Bang || peek().kind == TokenKind::Minus) {
            // CEL's grammar has no `!-x` or `-!x`.
            return fail(peek(), "expected an expression but found " + describe(peek()));
        }
        if (k == TokenKind::Minus && (peek().kind == TokenKind::Int || peek().kind == TokenKind::Double)) {
            const Token& lit = take();
            NodePtr n = node(NodeKind::Literal, join(first.span, lit.span));
            if (lit.kind == TokenKind::Double) {
                n->literal = Value::real(odd ? -lit.double_value : lit.double_value);
            } else if (odd) {
                // Two's complement: 2^63 negates to int min.
                n->literal = Value::integer(static_cast<int64_t>(~lit.uint_value + 1));
            } else if (lit.int_too_big) {
                return fail(lit, "integer literal out of range");
            } else {
                n->literal = Value::integer(static_cast<int64_t>(lit.uint_value));
            }
            return parse_postfix(finish(std::move(n)));
        }
        NodePtr operand = parse_member();
        if (!operand || !odd) return operand;
        NodePtr n = node(k == TokenKind::Bang ? NodeKind::Not : NodeKind::Negate, first.span);
        n->children.push_back(std::move(operand));
        return finish(std::move(n));
    }

    // ---- members and primaries ----------------------------------------

    NodePtr parse_member() { return parse_postfix(parse_primary()); }

    NodePtr parse_postfix(NodePtr operand) {
        while (operand) {
            TokenKind k = peek().kind;
            if (k == TokenKind::Dot) {
                take();
                const Token& name = peek();
                if (name.kind != TokenKind::Ident && name.kind != TokenKind::QuotedIdent) {
                    return fail(name, "expected a field or method name after '.' but found " + describe(name));
                }
                take();
                const bool quoted = name.kind == TokenKind::QuotedIdent;
                if (peek().kind == TokenKind::LParen && quoted) {
                    return fail(name, "a quoted name is a field, not a method: " + std::string(name.text) +
                                          "() cannot be called");
                }
                if (peek().kind == TokenKind::LParen) {
                    operand = parse_call(name, std::move(operand));
                } else {
                    NodePtr n = node(NodeKind::Select, name.span);
                    n->name = quoted ? name.string_value : std::string(name.text);
                    n->children.push_back(std::move(operand));
                    operand = finish(std::move(n));
                }
            } else if (k == TokenKind::LBracket) {
                const Token& open = take();
                opened(open);
                NodePtr index = parse_expr();
                if (!index) return nullptr;
                const Token& close = peek();
                if (!expect(TokenKind::RBracket)) return nullptr;
                closed();
                NodePtr n = node(NodeKind::Index, join(open.span, close.span));
                n->children.push_back(std::move(operand));
                n->children.push_back(std::move(index));
                operand = finish(std::move(n));
            } else if (k == TokenKind::LBrace) {
                return fail(peek(), "message construction (Type{field: value}) is not supported");
            } else {
                break;
            }
        }
        return operand;
    }

    // Parses "(args)" after a function name; `target` is the receiver of a
    // method call, null for a global call.
    bool parse_arguments(std::vector<NodePtr>& args) {
        const Token& open = peek();
        if (!expect(TokenKind::LParen)) return false;
        opened(open);
        if (!accept(TokenKind::RParen)) {
            while (true) {
                NodePtr arg = parse_expr();
                if (!arg) return false;
                args.push_back(std::move(arg));
                if (accept(TokenKind::RParen)) break;
                if (!separator(TokenKind::RParen)) return false;
            }
        }
        closed();
        return true;
    }

    static std::optional<MacroKind> macro_kind(std::string_view name) {
        if (name == "all") return MacroKind::All;
        if (name == "exists") return MacroKind::Exists;
        if (name == "exists_one") return MacroKind::ExistsOne;
        if (name == "filter") return MacroKind::Filter;
        if (name == "map") return MacroKind::Map;
        return std::nullopt;
    }

    NodePtr parse_call(const Token& name, NodePtr target) {
        std::vector<NodePtr> args;
        if (!parse_arguments(args)) return nullptr;
        std::string fname(name.text);
        if (!target && fname == "has") {
            if (args.size() != 1 || args[0]->kind != NodeKind::Select || args[0]->test_only) {
                return fail(name, "invalid argument to has() macro: expected a field selection such as has(a.b)");
            }
            args[0]->test_only = true;
            return std::move(args[0]);
        }
        if (target) {
            if (auto macro = macro_kind(fname)) return make_macro(name, *macro, std::move(target), std::move(args));
        }
        NodePtr n = node(NodeKind::Call, name.span);
        n->name = std::move(fname);
        if (target) {
            n->has_target = true;
            n->children.push_back(std::move(target));
        }
        for (auto& a : args) n->children.push_back(std::move(a));
        return finish(std::move(n));
    }

    NodePtr make_macro(const Token& name, MacroKind kind, NodePtr range, std::vector<NodePtr> args) {
        bool is_map = kind == MacroKind::Map;
        if (args.size() != 2 && !(is_map && args.size() == 3)) {
            return fail(name, std::string(name.text) + "() macro takes " +
                                  (is_map ? "2 or 3 arguments: a variable, [a predicate,] a transform"
                                          : "2 arguments: a variable and a predicate"));
        }
        if (args[0]->kind != NodeKind::Ident) {
            return fail_at(args[0]->span, "the first argument of " + std::string(name.text) +
                                "() must be a simple variable name");
        }
        NodePtr n = node(NodeKind::Macro, name.span);
        n->macro = (is_map && args.size() == 3) ? MacroKind::MapFilter : kind;
        n->name = args[0]->name;
        n->children.push_back(std::move(range));
        for (size_t i = 1; i < args.size(); ++i) n->children.push_back(std::move(args[i]));
        return finish(std::move(n));
    }

    NodePtr parse_primary() {
        const Token& t = peek();
        switch (t.kind) {
            case TokenKind::Int: {
                take();
                if (t.int_too_big) return fail(t, "integer literal out of range");
                return literal(t, Value::integer(static_cast<int64_t>(t.uint_value)));
            }
            case TokenKind::Uint: take(); return literal(t, Value::uinteger(t.uint_value));
            case TokenKind::Double: take(); return literal(t, Value::real(t.double_value));
            case TokenKind::String: take(); return literal(t, Value::string(t.string_value));
            case TokenKind::Bytes: take(); return literal(t, Value::bytes(t.string_value));
            case TokenKind::Duration: take(); return literal(t, Value::duration(t.duration_value));
            case TokenKind::True: take(); return literal(t, Value::boolean(true));
            case TokenKind::False: take(); return literal(t, Value::boolean(false));
            case TokenKind::Null: take(); return literal(t, Value::null());
            case TokenKind::Dot:
                // A leading dot names the root scope (`.now`); we have only
                // one scope, so it means the plain name.
                take();
                if (peek().kind != TokenKind::Ident) {
                    return fail(peek(), "expected an identifier after '.' but found " + describe(peek()));
                }
                return identifier();
            case TokenKind::Ident: return identifier();
            case TokenKind::QuotedIdent:
                return fail(t, "a quoted name such as " + std::string(t.text) +
                                   " selects a field: it must follow a '.' (profile." + std::string(t.text) + ")");
            case TokenKind::LParen: {
                opened(take());
                NodePtr inner = parse_expr();
                if (!inner || !expect(TokenKind::RParen)) return nullptr;
                closed();
                return inner;
            }
            case TokenKind::LBracket: return list_literal();
            case TokenKind::LBrace: return map_literal();
            default: return fail(t, "expected an expression but found " + describe(t));
        }
    }

    NodePtr literal(const Token& t, Value v) {
        NodePtr n = node(NodeKind::Literal, t.span);
        n->literal = std::move(v);
        return finish(std::move(n));
    }

    NodePtr identifier() {
        const Token& t = take();
        if (t.reserved) {
            return fail(t, "'" + std::string(t.text) + "' is a reserved word and cannot be used as a name");
        }
        if (peek().kind == TokenKind::LParen) return parse_call(t, nullptr);
        NodePtr n = node(NodeKind::Ident, t.span);
        n->name = std::string(t.text);
        return finish(std::move(n));
    }

    NodePtr list_literal() {
        const Token& open = take();
        opened(open);
        NodePtr n = node(NodeKind::List, open.span);
        while (peek().kind != TokenKind::RBracket) {
            NodePtr element = parse_expr();
            if (!element) return nullptr;
            n->children.push_back(std::move(element));
            if (peek().kind == TokenKind::RBracket) break;
            if (!separator(TokenKind::RBracket)) return nullptr;
        }
        closed();
        n->span = join(open.span, take().span);
        return finish(std::move(n));
    }

    NodePtr map_literal() {
        const Token& open = take();
        opened(open);
        NodePtr n = node(NodeKind::Map, open.span);
        while (peek().kind != TokenKind::RBrace) {
            NodePtr key = parse_expr();
            if (!key || !expect(TokenKind::Colon)) return nullptr;
            NodePtr value = parse_expr();
            if (!value) return nullptr;
            n->children.push_back(std::move(key));
            n->children.push_back(std::move(value));
            if (peek().kind == TokenKind::RBrace) break;
            if (!separator(TokenKind::RBrace)) return nullptr;
        }
        closed();
        n->span = join(open.span, take().span);
        return finish(std::move(n));
    }
};

}  // namespace

ParseResult parse(std::string_view source) {
    Parser parser(source);
    return parser.run();
}

}  // namespace journeyctl::core::expr
