// Implements the lexis of CEL (google/cel-spec doc/langdef.md): decimal and
// hex int/uint literals, doubles, the four quote forms of strings with an
// optional raw prefix, bytes, every escape sequence CEL defines, comments,
// the reserved words, and our extensions: `??` and duration shorthand
// literals (`90d`, `1d12h`, `250ms`: digits glued to units, largest unit
// first, each unit at most once). A number glued to letters that form no
// literal (`12abc`) is an error rather than two tokens, so a typo never
// silently becomes an identifier.
#include "core/expr/lexer.hpp"
#include "core/util/utf8.hpp"

#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

namespace journeyctl::core::expr {
namespace {

constexpr std::array<std::string_view, 17> k_reserved = {
    "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
    "loop", "package", "namespace", "return", "var", "void", "while"};

// CEL's duration range: an int64 of nanoseconds, 9223372036.854775807s.
constexpr int64_t k_max_duration_seconds = 9223372036;
constexpr int64_t k_max_duration_extra_nanos = 854775807;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

class Lexer {
public:
    explicit Lexer(std::string_view source) : m_src(source) {}

    std::vector<Token> run() {
        std::vector<Token> tokens;
        while (true) {
            skip_space();
            Token t = next();
            TokenKind kind = t.kind;
            tokens.push_back(std::move(t));
            if (kind == TokenKind::End || kind == TokenKind::Error) break;
        }
        return tokens;
    }

private:
    std::string_view m_src;
    size_t m_pos = 0;
    uint32_t m_line = 1;
    size_t m_line_start = 0;
    // Start of the token being read.
    size_t m_start = 0;
    uint32_t m_start_line = 1;
    size_t m_start_col = 1;

    char peek(size_t ahead = 0) const {
        return m_pos + ahead < m_src.size() ? m_src[m_pos + ahead] : '\0';
    }
    bool at_end(size_t ahead = 0) const { return m_pos + ahead >= m_src.size(); }

    // Moves past one byte, counting lines (\n, \r\n and \r each end one).
    void advance() {
        char c = m_src[m_pos++];
        if (c == '\n' || (c == '\r' && peek() != '\n')) {
            ++m_line;
            m_line_start = m_pos;
        }
    }

    void skip_space() {
        while (!at_end()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                advance();
            } else if (c == '/' && peek(1) == '/') {
                while (!at_end() && peek() != '\n' && peek() != '\r') advance();
            } else {
                break;
            }
        }
    }

    Token make(TokenKind kind) const {
        Token t;
        t.kind = kind;
        t.span.offset = static_cast<uint32_t>(m_start);
        t.span.length = static_cast<uint32_t>(m_pos - m_start);
        t.span.line = m_start_line;
        t.span.column = static_cast<uint32_t>(m_start_col);
        t.text = m_src.substr(m_start, m_pos - m_start);
        return t;
    }

    Token error(std::string message) const {
        Token t = make(TokenKind::Error);
        t.string_value = std::move(message);
        return t;
    }

    // An error positioned at the current byte rather than the token start
    // (a bad escape inside a long string).
    Token error_here(std::string message, size_t length = 1) const {
        Token t = error(std::move(message));
        t.span.offset = static_cast<uint32_t>(m_pos);
        t.span.length = static_cast<uint32_t>(length);
        t.span.line = m_line;
        t.span.column = static_cast<uint32_t>(m_pos - m_line_start + 1);
        return t;
    }

    Token next() {
        m_start = m_pos;
        m_start_line = m_line;
        m_start_col = m_pos - m_line_start + 1;
        if (at_end()) return make(TokenKind::End);
        char c = peek();
        if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number();
        if (is_ident_start(c)) {
            // String prefixes: r"..", b"..", br"..", with either case.
            size_t k = 0;
            bool bytes = false;
            bool raw = false;
            if (c == 'b' || c == 'B') {
                bytes = true;
                k = 1;
            }
            if (peek(k) == 'r' || peek(k) == 'R') {
                raw = true;
                ++k;
            }
            if (k > 0 && (peek(k) == '"' || peek(k) == '\'')) {
                for (size_t i = 0; i < k; ++i) advance();
                return string_literal(raw, bytes);
            }
            return identifier();
        }
        if (c == '"' || c == '\'') return string_literal(false, false);
        if (c == '`') return quoted_identifier();
        return punctuation();
    }

    // CEL's escaped identifier: a field name such as `content-type` or
    // `/api/v1` in backticks, of letters, digits and _ . - / and space.
    Token quoted_identifier() {
        advance();  // the opening backtick
        while (!at_end() && peek() != '`') {
            const char c = peek();
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '_' || c == '.' || c == '-' || c == '/' || c == ' ';
            if (!ok) {
                if (c == '\n' || c == '\r') return error_here("unterminated quoted field name (a '`' is missing)");
                const size_t n = std::max<size_t>(util::utf8_sequence_length(m_src, m_pos), 1);
                return error_here("a quoted field name holds letters, digits and _ . - / or space, not '" +
                                      std::string(m_src.substr(m_pos, n)) + "'",
                                  n);
            }
            advance();
        }
        if (at_end()) return error("unterminated quoted field name (a '`' is missing)");
        advance();  // the closing backtick
        Token t = make(TokenKind::QuotedIdent);
        t.string_value = std::string(t.text.substr(1, t.text.size() - 2));
        if (t.string_value.empty()) return error("empty quoted field name ``");
        return t;
    }

    Token identifier() {
        while (!at_end() && is_ident_char(peek())) advance();
        Token t = make(TokenKind::Ident);
        std::string_view w = t.text;
        if (w == "true") t.kind = TokenKind::True;
        else if (w == "false") t.kind = TokenKind::False;
        else if (w == "null") t.kind = TokenKind::Null;
        else if (w == "in") t.kind = TokenKind::In;
        else {
            for (std::string_view r : k_reserved) {
                if (r == w) t.reserved = true;
            }
        }
        return t;
    }

    Token punctuation() {
        char c = peek();
        char d = peek(1);
        auto one = [&](TokenKind k) { advance(); return make(k); };
        auto two = [&](TokenKind k) { advance(); advance(); return make(k); };
        switch (c) {
            case '(': return one(TokenKind::LParen);
            case ')': return one(TokenKind::RParen);
            case '[': return one(TokenKind::LBracket);
            case ']': return one(TokenKind::RBracket);
            case '{': return one(TokenKind::LBrace);
            case '}': return one(TokenKind::RBrace);
            case '.': return one(TokenKind::Dot);
            case ',': return one(TokenKind::Comma);
            case ':': return one(TokenKind::Colon);
            case '+': return one(TokenKind::Plus);
            case '-': return one(TokenKind::Minus);
            case '*': return one(TokenKind::Star);
            case '/': return one(TokenKind::Slash);
            case '%': return one(TokenKind::Percent);
            case '?': return d == '?' ? two(TokenKind::QuestionQuestion) : one(TokenKind::Question);
            case '!': return d == '=' ? two(TokenKind::NotEq) : one(TokenKind::Bang);
            case '<': return d == '=' ? two(TokenKind::Le) : one(TokenKind::Lt);
            case '>': return d == '=' ? two(TokenKind::Ge) : one(TokenKind::Gt);
            case '=':
                if (d == '=') return two(TokenKind::EqEq);
                advance();
                return error("unexpected '=' (did you mean '=='?)");
            case '&':
                if (d == '&') return two(TokenKind::AndAnd);
                advance();
                return error("unexpected '&' (did you mean '&&'?)");
            case '|':
                if (d == '|') return two(TokenKind::OrOr);
                advance();
                return error("unexpected '|' (did you mean '||'?)");
            default: break;
        }
        size_t n = util::utf8_sequence_length(m_src, m_pos);
        if (n == 0) {
            advance();
            return error("invalid UTF-8 in expression");
        }
        for (size_t i = 0; i < n; ++i) advance();
        return error("unexpected character '" + std::string(m_src.substr(m_start, n)) + "'");
    }

    // ---- numbers ------------------------------------------------------

    Token number() {
        if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) return hex_number();
        bool is_double = false;
        while (is_digit(peek())) advance();
        if (peek() == '.' && is_digit(peek(1))) {
            is_double = true;
            advance();
            while (is_digit(peek())) advance();
        }
        if ((peek() == 'e' || peek() == 'E') &&
            (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
            is_double = true;
            advance();
            if (peek() == '+' || peek() == '-') advance();
            while (is_digit(peek())) advance();
        }
        size_t digits_end = m_pos;
        while (is_ident_char(peek())) advance();
        std::string_view suffix = m_src.substr(digits_end, m_pos - digits_end);
        std::string_view digits = m_src.substr(m_start, digits_end - m_start);
        if (is_double) {
            if (!suffix.empty()) return error(invalid_number_message());
            Token t = make(TokenKind::Double);
            t.double_value = std::strtod(std::string(digits).c_str(), nullptr);
            if (std::isinf(t.double_value)) return error("double literal out of range");
            return t;
        }
        if (suffix.empty() || suffix == "u" || suffix == "U") {
            auto magnitude = parse_decimal(digits);
            bool is_uint = !suffix.empty();
            if (!magnitude || (!is_uint && *magnitude > uint64_t{1} << 63)) {
                return error(is_uint ? "unsigned integer literal out of range" : "integer literal out of range");
            }
            return integer_token(*magnitude, is_uint);
        }
        return duration();
    }

    Token hex_number() {
        advance();
        advance();
        size_t digits_start = m_pos;
        while (is_hex(peek())) advance();
        size_t digits_end = m_pos;
        while (is_ident_char(peek())) advance();
        std::string_view digits = m_src.substr(digits_start, digits_end - digits_start);
        std::string_view suffix = m_src.substr(digits_end, m_pos - digits_end);
        bool is_uint = suffix == "u" || suffix == "U";
        if (digits.empty() || (!suffix.empty() && !is_uint)) return error(invalid_number_message());
        uint64_t value = 0;
        for (char c : digits) {
            if (value > (std::numeric_limits<uint64_t>::max() >> 4)) {
                return error(is_uint ? "unsigned integer literal out of range" : "integer literal out of range");
            }
            value = (value << 4) | static_cast<uint64_t>(hex_value(c));
        }
        if (!is_uint && value > uint64_t{1} << 63) return error("integer literal out of range");
        return integer_token(value, is_uint);
    }

    Token integer_token(uint64_t magnitude, bool is_uint) const {
        Token t = make(is_uint ? TokenKind::Uint : TokenKind::Int);
        t.uint_value = magnitude;
        t.int_too_big = !is_uint && magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
        return t;
    }

    static std::optional<uint64_t> parse_decimal(std::string_view digits) {
        uint64_t value = 0;
        for (char c : digits) {
            auto d = static_cast<uint64_t>(c - '0');
            if (value > (std::numeric_limits<uint64_t>::max() - d) / 10) return std::nullopt;
            value = value * 10 + d;
        }
        return value;
    }

    std::string invalid_number_message() const {
        return "invalid number literal '" + std::string(m_src.substr(m_start, m_pos - m_start)) + "'";
    }

    // The token text is digits glued to letters: read it as a sequence of
    // <digits><unit> parts (units w d h m s ms us ns, each used once, from
    // the largest to the smallest).
    Token duration() {
        // Nanoseconds per unit.
        static constexpr std::array<std::pair<std::string_view, int64_t>, 8> k_units = {{
            {"w", 604800'000000000}, {"d", 86400'000000000}, {"h", 3600'000000000},
            {"m", 60'000000000}, {"s", 1'000000000}, {"ms", 1000000}, {"us", 1000}, {"ns", 1}}};
        constexpr int64_t k_nanos_per_second = 1000000000;
        std::string_view text = m_src.substr(m_start, m_pos - m_start);
        int64_t seconds = 0;
        int64_t nanos = 0;
        size_t i = 0;
        size_t next_unit = 0;  // units before this index are used up
        while (i < text.size()) {
            size_t d0 = i;
            while (i < text.size() && is_digit(text[i])) ++i;
            size_t u0 = i;
            while (i < text.size() && !is_digit(text[i])) ++i;
            std::string_view digits = text.substr(d0, u0 - d0);
            std::string_view unit = text.substr(u0, i - u0);
            if (digits.empty() || unit.empty()) return error(invalid_number_message());
            size_t found = k_units.size();
            for (size_t k = 0; k < k_units.size(); ++k) {
                if (k_units[k].first == unit) found = k;
            }
            if (found == k_units.size()) {
                return error(invalid_number_message() +
                             " (duration units are w, d, h, m, s, ms, us and ns)");
            }
            if (found < next_unit) {
                return error("invalid duration literal '" + std::string(text) +
                             "': units must go from the largest to the smallest, each once");
            }
            next_unit = found + 1;
            auto count = parse_decimal(digits);
            int64_t unit_nanos = k_units[found].second;
            if (!count) return error("duration literal out of range");
            if (unit_nanos >= k_nanos_per_second) {
                auto unit_seconds = static_cast<uint64_t>(unit_nanos / k_nanos_per_second);
                if (*count > static_cast<uint64_t>(k_max_duration_seconds) / unit_seconds) {
                    return error("duration literal out of range");
                }
                seconds += static_cast<int64_t>(*count * unit_seconds);
            } else {
                auto per_second = static_cast<uint64_t>(k_nanos_per_second / unit_nanos);
                if (*count / per_second > static_cast<uint64_t>(k_max_duration_seconds)) {
                    return error("duration literal out of range");
                }
                seconds += static_cast<int64_t>(*count / per_second);
                nanos += static_cast<int64_t>(*count % per_second) * unit_nanos;
            }
            seconds += nanos / k_nanos_per_second;
            nanos %= k_nanos_per_second;
            if (seconds > k_max_duration_seconds ||
                (seconds == k_max_duration_seconds && nanos > k_max_duration_extra_nanos)) {
                return error("duration literal out of range");
            }
        }
        Token t = make(TokenKind::Duration);
        t.duration_value.seconds = seconds;
        t.duration_value.nanos = static_cast<int32_t>(nanos);
        return t;
    }

    // ---- strings ------------------------------------------------------

    Token string_literal(bool raw, bool bytes) {
        char quote = peek();
        bool triple = peek(1) == quote && peek(2) == quote;
        size_t delimiter = triple ? 3 : 1;
        for (size_t i = 0; i < delimiter; ++i) advance();
        std::string out;
        while (true) {
            if (at_end()) return error("unterminated string literal");
            char c = peek();
            if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
                for (size_t i = 0; i < delimiter; ++i) advance();
                break;
            }
            if (!triple && (c == '\n' || c == '\r')) {
                return error("unterminated string literal (a newline needs \\n or a triple-quoted string)");
            }
            if (c == '\\' && !raw) {
                if (auto problem = escape(out, bytes)) return *problem;
                continue;
            }
            size_t n = util::utf8_sequence_length(m_src, m_pos);
            if (n == 0) return error_here("invalid UTF-8 in string literal");
            out.append(m_src.substr(m_pos, n));
            for (size_t i = 0; i < n; ++i) advance();
        }
        Token t = make(bytes ? TokenKind::Bytes : TokenKind::String);
        t.string_value = std::move(out);
        return t;
    }

    // Reads fixed-width hex digits after an escape letter.
    std::optional<uint32_t> hex_digits(size_t count) {
        uint32_t value = 0;
        for (size_t i = 0; i < count; ++i) {
            if (!is_hex(peek())) return std::nullopt;
            value = (value << 4) | static_cast<uint32_t>(hex_value(peek()));
            advance();
        }
        return value;
    }

    // Decodes one escape sequence at the backslash; returns an error token
    // when it is not one CEL defines.
    std::optional<Token> escape(std::string& out, bool bytes) {
        size_t escape_start = m_pos;
        auto fail = [&](std::string message) {
            Token t = error_here(std::move(message));
            t.span.offset = static_cast<uint32_t>(escape_start);
            t.span.length = static_cast<uint32_t>(m_pos - escape_start);
            t.span.column = static_cast<uint32_t>(escape_start - m_line_start + 1);
            return t;
        };
        advance();  // the backslash
        if (at_end()) return fail("unterminated string literal");
        char c = peek();
        auto simple = [&](char value) { advance(); out += value; return std::nullopt; };
        switch (c) {
            case 'a': return simple('\a');
            case 'b': return simple('\b');
            case 'f': return simple('\f');
            case 'n': return simple('\n');
            case 'r': return simple('\r');
            case 't': return simple('\t');
            case 'v': return simple('\v');
            case '\\': case '\'': case '"': case '`': case '?': return simple(c);
            default: break;
        }
        if (c == 'x' || c == 'X' || c == 'u' || c == 'U') {
            advance();
            size_t width = c == 'u' ? 4 : c == 'U' ? 8 : 2;
            auto value = hex_digits(width);
            if (!value) {
                return fail("invalid escape sequence: \\" + std::string(1, c) + " needs " +
                            std::to_string(width) + " hex digits");
            }
            if (width == 2) {
                if (bytes) out += static_cast<char>(*value);
                else util::append_utf8(out, *value);
                return std::nullopt;
            }
            if (bytes) return fail("\\" + std::string(1, c) + " escapes are not allowed in bytes literals");
            uint32_t cp = *value;
            if (cp >= 0xD800 && cp <= 0xDBFF && c == 'u' && peek() == '\\' && peek(1) == 'u') {
                // A surrogate pair spelled as two \u escapes (langdef allows it).
                size_t save_pos = m_pos;
                advance();
                advance();
                auto low = hex_digits(4);
                if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
                    util::append_utf8(out, 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00));
                    return std::nullopt;
                }
                m_pos = save_pos;  // same line: no line bookkeeping to undo
            }
            if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
                return fail("invalid code point in escape sequence");
            }
            util::append_utf8(out, cp);
            return std::nullopt;
        }
        if (c >= '0' && c <= '3') {
            uint32_t value = 0;
            for (int i = 0; i < 3; ++i) {
                if (peek() < '0' || peek() > '7') return fail("invalid octal escape: needs three digits 000-377");
                value = value * 8 + static_cast<uint32_t>(peek() - '0');
                advance();
            }
            if (bytes) out += static_cast<char>(value);
            else util::append_utf8(out, value);
            return std::nullopt;
        }
        if (util::utf8_sequence_length(m_src, m_pos) > 0) {
            size_t n = util::utf8_sequence_length(m_src, m_pos);
            for (size_t i = 0; i < n; ++i) advance();
            return fail("invalid escape sequence '\\" + std::string(m_src.substr(m_pos - n, n)) + "'");
        }
        advance();
        return fail("invalid escape sequence");
    }
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) {
    if (source.size() > std::numeric_limits<uint32_t>::max() / 2) {
        Token t;
        t.kind = TokenKind::Error;
        t.string_value = "expression too long";
        return {t};
    }
    return Lexer(source).run();
}

std::string_view spelling(TokenKind kind) {
    switch (kind) {
        case TokenKind::End: return "end of expression";
        case TokenKind::Error: return "invalid token";
        case TokenKind::Int: return "int literal";
        case TokenKind::Uint: return "uint literal";
        case TokenKind::Double: return "double literal";
        case TokenKind::String: return "string literal";
        case TokenKind::Bytes: return "bytes literal";
        case TokenKind::Duration: return "duration literal";
        case TokenKind::Ident: return "identifier";
        case TokenKind::QuotedIdent: return "quoted field name";
        case TokenKind::True: return "'true'";
        case TokenKind::False: return "'false'";
        case TokenKind::Null: return "'null'";
        case TokenKind::In: return "'in'";
        case TokenKind::LParen: return "'('";
        case TokenKind::RParen: return "')'";
        case TokenKind::LBracket: return "'['";
        case TokenKind::RBracket: return "']'";
        case TokenKind::LBrace: return "'{'";
        case TokenKind::RBrace: return "'}'";
        case TokenKind::Dot: return "'.'";
        case TokenKind::Comma: return "','";
        case TokenKind::Colon: return "':'";
        case TokenKind::Question: return "'?'";
        case TokenKind::QuestionQuestion: return "'?" "?'";
        case TokenKind::Plus: return "'+'";
        case TokenKind::Minus: return "'-'";
        case TokenKind::Star: return "'*'";
        case TokenKind::Slash: return "'/'";
        case TokenKind::Percent: return "'%'";
        case TokenKind::Bang: return "'!'";
        case TokenKind::EqEq: return "'=='";
        case TokenKind::NotEq: return "'!='";
        case TokenKind::Lt: return "'<'";
        case TokenKind::Le: return "'<='";
        case TokenKind::Gt: return "'>'";
        case TokenKind::Ge: return "'>='";
        case TokenKind::AndAnd: return "'&&'";
        case TokenKind::OrOr: return "'||'";
    }
    return "token";
}

std::string describe(const Token& token) {
    if (token.kind == TokenKind::End) return "end of expression";
    std::string_view text = token.text;
    if (text.size() > 20) return std::string(spelling(token.kind));
    return "'" + std::string(text) + "'";
}

}  // namespace journeyctl::core::expr
