// Lexer of the expression language: CEL's lexis (google/cel-spec
// doc/langdef.md, "Syntax", with the backtick-quoted field names of current
// CEL) plus the duration shorthand literals and the `??` operator of
// shared/design/expressions.md. Internal to core/expr.
//
// The whole text is tokenized up front (expressions are short); a lexical
// error becomes a single Error token carrying its message, after which the
// token stream ends, so the parser reports exactly one problem per position.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/ast.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::expr {

enum class TokenKind : uint8_t {
    End, Error,
    Int,       // magnitude in uint_value (a decimal 9223372036854775808 is kept for `-` to negate)
    Uint, Double, String, Bytes, Duration,
    Ident,     // identifier; `reserved` says whether CEL reserves the word
    QuotedIdent,  // `content-type`: a field name in backticks (string_value: the name)
    True, False, Null, In,
    LParen, RParen, LBracket, RBracket, LBrace, RBrace,
    Dot, Comma, Colon, Question, QuestionQuestion,
    Plus, Minus, Star, Slash, Percent, Bang,
    EqEq, NotEq, Lt, Le, Gt, Ge, AndAnd, OrOr,
};

struct Token {
    TokenKind kind = TokenKind::End;
    SourceSpan span;
    std::string_view text;   // the token as written
    uint64_t uint_value = 0;  // Int (magnitude), Uint
    double double_value = 0;  // Double
    Duration duration_value;  // Duration
    std::string string_value; // String/Bytes: decoded contents; Error: message
    bool reserved = false;    // Ident: a CEL reserved word
    bool int_too_big = false; // Int: the magnitude exceeds 2^63 (or is a hex literal above int max)
};

// Tokenizes `source`; the result always ends with an End or an Error token.
std::vector<Token> tokenize(std::string_view source);

// How a token kind is written, for messages ("')'", "end of expression").
std::string describe(const Token& token);
std::string_view spelling(TokenKind kind);

}  // namespace journeyctl::core::expr
