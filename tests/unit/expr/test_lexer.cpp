// Lexer tests: every literal form and escape of CEL's lexis, our duration
// shorthand, reserved words, operators, comments and positions. Each row
// gives the text and the single token it must produce, written compactly
// as "kind:value" (or "error:<part of the message>").
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/expr/lexer.hpp"

using namespace journeyctl::core::expr;

namespace {

// Non-printable bytes as \xHH so that expectations stay readable.
std::string visible(std::string_view s) {
    static const char* k_hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
        }
    }
    return out;
}

std::string show(const Token& t) {
    switch (t.kind) {
        case TokenKind::Int: return (t.int_too_big ? "int!:" : "int:") + std::to_string(t.uint_value);
        case TokenKind::Uint: return "uint:" + std::to_string(t.uint_value);
        case TokenKind::Double: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "double:%g", t.double_value);
            return buf;
        }
        case TokenKind::String: return "string:" + visible(t.string_value);
        case TokenKind::Bytes: return "bytes:" + visible(t.string_value);
        case TokenKind::Duration:
            return "duration:" + std::to_string(t.duration_value.seconds) + "s" +
                   (t.duration_value.nanos ? std::to_string(t.duration_value.nanos) + "n" : "");
        case TokenKind::Ident: return (t.reserved ? "reserved:" : "ident:") + std::string(t.text);
        case TokenKind::Error: return "error:" + t.string_value;
        case TokenKind::End: return "end";
        default: return std::string(spelling(t.kind));
    }
}

// The first token of the text, which must be the only one unless it is an
// error.
std::string single(std::string_view text) {
    auto tokens = tokenize(text);
    if (tokens.empty()) return "none";
    if (tokens[0].kind != TokenKind::Error && tokens.size() != 2) {
        return show(tokens[0]) + " (+" + std::to_string(tokens.size() - 2) + " more)";
    }
    return show(tokens[0]);
}

struct Row {
    std::string_view text;
    std::string_view expected;  // exact, or "error:" + a part of the message
};

void check_rows(std::initializer_list<Row> rows) {
    for (const Row& row : rows) {
        INFO("text: " << row.text);
        std::string got = single(row.text);
        if (row.expected.substr(0, 6) == "error:") {
            CHECK(got.substr(0, 6) == "error:");
            CHECK(got.find(row.expected.substr(6)) != std::string::npos);
        } else {
            CHECK(got == row.expected);
        }
    }
}

}  // namespace

TEST_CASE("integer and unsigned literals", "[lexer]") {
    check_rows({
        {"0", "int:0"},
        {"42", "int:42"},
        {"007", "int:7"},
        {"0x1F", "int:31"},
        {"0X1f", "int:31"},
        {"0xffffffff", "int:4294967295"},
        {"9223372036854775807", "int:9223372036854775807"},
        {"9223372036854775808", "int!:9223372036854775808"},
        {"9223372036854775809", "error:integer literal out of range"},
        {"18446744073709551616", "error:integer literal out of range"},
        {"0x8000000000000001", "error:integer literal out of range"},
        {"42u", "uint:42"},
        {"42U", "uint:42"},
        {"0u", "uint:0"},
        {"0x1Fu", "uint:31"},
        {"18446744073709551615u", "uint:18446744073709551615"},
        {"18446744073709551616u", "error:unsigned integer literal out of range"},
        {"0xFFFFFFFFFFFFFFFFu", "uint:18446744073709551615"},
        {"0x1FFFFFFFFFFFFFFFFu", "error:out of range"},
        {"0x", "error:invalid number literal '0x'"},
        {"0xg", "error:invalid number literal"},
        {"0x1Fz", "error:invalid number literal"},
        {"12abc", "error:invalid number literal '12abc'"},
        {"2uu", "error:invalid number literal"},
    });
}

TEST_CASE("double literals", "[lexer]") {
    check_rows({
        {"1.5", "double:1.5"},
        {"0.0", "double:0"},
        {".5", "double:0.5"},
        {"1e3", "double:1000"},
        {"1E3", "double:1000"},
        {"1e-3", "double:0.001"},
        {"2.5e+2", "double:250"},
        {"1.0e0", "double:1"},
        {"1e400", "error:double literal out of range"},
        {"1.5h", "error:invalid number literal '1.5h'"},
        {"1e3x", "error:invalid number literal"},
    });
}

TEST_CASE("duration shorthand literals", "[lexer]") {
    check_rows({
        {"90d", "duration:7776000s"},
        {"2w", "duration:1209600s"},
        {"12h", "duration:43200s"},
        {"30m", "duration:1800s"},
        {"10s", "duration:10s"},
        {"1d12h", "duration:129600s"},
        {"1h30m", "duration:5400s"},
        {"1ms", "duration:0s1000000n"},
        {"2us", "duration:0s2000n"},
        {"3ns", "duration:0s3n"},
        {"1500ms", "duration:1s500000000n"},
        {"1w2d3h4m5s6ms7us8ns", "duration:788645s6007008n"},
        {"0s", "duration:0s"},
        {"1m1h", "error:largest to the smallest"},
        {"1h1h", "error:largest to the smallest"},
        {"1h30", "error:invalid number literal"},
        {"5y", "error:duration units are"},
        {"1x", "error:invalid number literal '1x'"},
        {"99999999999999999999d", "error:duration literal out of range"},
        {"20000000w", "error:duration literal out of range"},
        {"9223372036s854775807ns", "duration:9223372036s854775807n"},
        {"9223372036s854775808ns", "error:out of range"},
        {"9223372037s", "error:out of range"},
        {"106752d", "error:out of range"},
    });
}

TEST_CASE("string literals and every escape", "[lexer]") {
    check_rows({
        {R"("")", "string:"},
        {R"("abc")", "string:abc"},
        {R"('abc')", "string:abc"},
        {R"('"')", "string:\""},
        {R"("'")", "string:'"},
        {R"("\a\b\f\n\r\t\v")", "string:\\x07\\x08\\x0C\\x0A\\x0D\\x09\\x0B"},
        {R"("\\")", "string:\\x5C"},
        {R"("\"")", "string:\""},
        {R"('\'')", "string:'"},
        {R"("\`")", "string:`"},
        {R"("\?")", "string:?"},
        {R"("\101")", "string:A"},
        {R"("\000")", "string:\\x00"},
        {R"("\377")", "string:\\xC3\\xBF"},
        {R"("\x41")", "string:A"},
        {R"("\X41")", "string:A"},
        {R"("\xFF")", "string:\\xC3\\xBF"},
        {R"("\u00e9")", "string:\\xC3\\xA9"},
        {R"("\u20AC")", "string:\\xE2\\x82\\xAC"},
        {R"("\U0001F600")", "string:\\xF0\\x9F\\x98\\x80"},
        {R"("\uD83D\uDE00")", "string:\\xF0\\x9F\\x98\\x80"},
        {"\"caf\xC3\xA9\"", "string:caf\\xC3\\xA9"},
        {R"("\uD800")", "error:invalid code point"},
        {R"("\uDC00")", "error:invalid code point"},
        {R"("\U0000D800")", "error:invalid code point"},
        {R"("\U00110000")", "error:invalid code point"},
        {R"("\u12")", "error:needs 4 hex digits"},
        {R"("\x4")", "error:needs 2 hex digits"},
        {R"("\400")", "error:invalid escape sequence"},
        {R"("\18")", "error:octal"},
        {R"("\q")", R"(error:invalid escape sequence '\q')"},
        {R"("abc)", "error:unterminated string literal"},
        {"\"a\nb\"", "error:newline"},
        {"'a\rb'", "error:newline"},
        {"\"\xFF\"", "error:invalid UTF-8"},
        {"\"\xED\xA0\x80\"", "error:invalid UTF-8"},
        {"\"\xC0\xAF\"", "error:invalid UTF-8"},
    });
}

TEST_CASE("raw, triple-quoted and bytes literals", "[lexer]") {
    check_rows({
        {R"(r"\n")", "string:\\x5Cn"},
        {R"(R'\d+')", "string:\\x5Cd+"},
        {R"(r"\\")", "string:\\x5C\\x5C"},
        {R"("""a"b""")", "string:a\"b"},
        {R"('''x''x''')", "string:x''x"},
        {"'''line1\nline2'''", "string:line1\\x0Aline2"},
        {R"("""\n""")", "string:\\x0A"},
        {R"(r"""\n""")", "string:\\x5Cn"},
        {R"("""abc"")", "error:unterminated string literal"},
        {R"(b"abc")", "bytes:abc"},
        {R"(B'abc')", "bytes:abc"},
        {R"(b"\377")", "bytes:\\xFF"},
        {R"(b"\xFF")", "bytes:\\xFF"},
        {R"(b"\303\277")", "bytes:\\xC3\\xBF"},
        {"b\"\xC3\xBF\"", "bytes:\\xC3\\xBF"},
        {R"(b"\u0041")", "error:not allowed in bytes"},
        {R"(b"\U00000041")", "error:not allowed in bytes"},
        {R"(br"\n")", "bytes:\\x5Cn"},
        {R"(b'''a'b''')", "bytes:a'b"},
    });
}

TEST_CASE("identifiers, keywords and reserved words", "[lexer]") {
    check_rows({
        {"x", "ident:x"},
        {"_a1", "ident:_a1"},
        {"first_name", "ident:first_name"},
        {"r", "ident:r"},
        {"b", "ident:b"},
        {"br", "ident:br"},
        {"rb", "ident:rb"},
        {"inSegment", "ident:inSegment"},
        {"true", "'true'"},
        {"false", "'false'"},
        {"null", "'null'"},
        {"in", "'in'"},
        {"index", "ident:index"},
        {"nulls", "ident:nulls"},
    });
    for (std::string_view word : {"as", "break", "const", "continue", "else", "for", "function", "if", "import",
                                  "let", "loop", "package", "namespace", "return", "var", "void", "while"}) {
        INFO(word);
        CHECK(single(word) == "reserved:" + std::string(word));
    }
}

TEST_CASE("operators and punctuation", "[lexer]") {
    auto kinds = [](std::string_view text) {
        std::string out;
        for (const Token& t : tokenize(text)) {
            if (!out.empty()) out += " ";
            out += t.kind == TokenKind::End ? "end" : std::string(spelling(t.kind));
        }
        return out;
    };
    CHECK(kinds("( ) [ ] { } . , :") == "'(' ')' '[' ']' '{' '}' '.' ',' ':' end");
    CHECK(kinds("? ?? + - * / % !") == "'?' '?" "?' '+' '-' '*' '/' '%' '!' end");
    CHECK(kinds("== != < <= > >= && ||") == "'==' '!=' '<' '<=' '>' '>=' '&&' '||' end");
    CHECK(kinds("a??b") == "identifier '?" "?' identifier end");
    CHECK(kinds("a???b") == "identifier '?" "?' '?' identifier end");
    CHECK(kinds("!a") == "'!' identifier end");
    CHECK(kinds("a.b") == "identifier '.' identifier end");
    CHECK(kinds("1.size()") == "int literal '.' identifier '(' ')' end");
    CHECK(kinds("x // comment\n+ 1") == "identifier '+' int literal end");
    CHECK(kinds("// only a comment") == "end");
    CHECK(kinds("") == "end");
    CHECK(kinds(" \t\r\n\f") == "end");
    check_rows({
        {"=", "error:unexpected '=' (did you mean '=='?)"},
        {"&", "error:(did you mean '&&'?)"},
        {"|", "error:(did you mean '||'?)"},
        {"#", "error:unexpected character '#'"},
        {"\xC3\xA9", "error:unexpected character '\xC3\xA9'"},
        {"\xFF", "error:invalid UTF-8 in expression"},
    });
}

TEST_CASE("token positions count lines and byte columns", "[lexer]") {
    auto tokens = tokenize("a +\n  bb\r\n'x'\r\"y\"");
    REQUIRE(tokens.size() == 6);
    CHECK(tokens[0].span.line == 1);
    CHECK(tokens[0].span.column == 1);
    CHECK(tokens[1].span.column == 3);
    CHECK(tokens[1].span.offset == 2);
    CHECK(tokens[2].span.line == 2);
    CHECK(tokens[2].span.column == 3);
    CHECK(tokens[2].span.length == 2);
    CHECK(tokens[3].span.line == 3);
    CHECK(tokens[3].span.column == 1);
    CHECK(tokens[3].span.length == 3);
    CHECK(tokens[4].span.line == 4);
    CHECK(tokens[4].span.offset == 14);
    CHECK(tokens[5].kind == TokenKind::End);

    // A bad escape points at the escape, not at the string's start.
    auto bad = tokenize("'abc\\qdef'");
    REQUIRE(bad.back().kind == TokenKind::Error);
    CHECK(bad.back().span.column == 5);
    CHECK(bad.back().span.length == 2);

    // Triple-quoted strings may span lines; the token after counts them.
    auto multi = tokenize("'''a\nb\nc''' x");
    REQUIRE(multi.size() == 3);
    CHECK(multi[1].span.line == 3);
    CHECK(multi[1].span.column == 6);
}
