// The four dialects' spellings: identifiers, literals, JSON access and the
// string functions. Choices that keep CEL's results:
//   * SQLite's LIKE ignores ASCII case, so string tests use instr/substr;
//   * strings order by UTF-8 bytes (CEL's code point order): PostgreSQL
//     gets COLLATE "C", the others compare bytes already;
//   * int division truncates in every engine (DuckDB `//`, Spark DIV) and a
//     zero divisor is NULL (an error) rather than an engine error;
//   * lowerAscii/upperAscii translate A-Z only (SQLite's lower/upper do);
//   * JSON values are type-tested before use (json_type in SQLite and
//     DuckDB, jsonb_typeof in PostgreSQL); Spark has no JSON type test, so
//     there a property's kind is judged from its text.
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "core/segment/sql_internal.hpp"

namespace journeyctl::core::segment {

std::string_view sql_dialect_name(SqlDialect dialect) {
    switch (dialect) {
        case SqlDialect::Sqlite: return "sqlite";
        case SqlDialect::Postgres: return "postgres";
        case SqlDialect::Duckdb: return "duckdb";
        case SqlDialect::Spark: return "spark";
    }
    return "sqlite";
}

std::optional<SqlDialect> parse_sql_dialect(std::string_view name) {
    for (SqlDialect d : {SqlDialect::Sqlite, SqlDialect::Postgres, SqlDialect::Duckdb, SqlDialect::Spark}) {
        if (sql_dialect_name(d) == name) return d;
    }
    if (name == "postgresql") return SqlDialect::Postgres;
    return std::nullopt;
}

namespace {

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

// "YYYY-MM-DD<sep>HH:MM:SS.<digits of the fraction>"
std::string civil_text(expr::Timestamp t, char separator, int fraction_digits) {
    int64_t days = t.seconds / 86400;
    int64_t rest = t.seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civil_from_days(days, y, m, d);
    std::string text = fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}", y, m, d, separator, rest / 3600,
                                   (rest / 60) % 60, rest % 60);
    if (fraction_digits == 9) text += fmt::format(".{:09}", t.nanos);
    if (fraction_digits == 6) text += fmt::format(".{:06}", t.nanos / 1000);
    return text;
}

bool is_plain_key(std::string_view key) {
    if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
    for (char c : key) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) return false;
    }
    return true;
}

// A path in PostgreSQL's text-array form: '{a,b}' from "$.a.b".
std::string pg_path(const sql_detail::Dialect& dialect, const std::string& path) {
    // Paths are built by json_path_append, which for PostgreSQL keeps the
    // keys separated by '\x1f' after the leading '$'.
    std::string keys;
    size_t start = 1;
    while (start < path.size()) {
        size_t end = path.find('\x1f', start + 1);
        std::string key = path.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
        std::string quoted = "\"";
        for (char c : key) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        keys += (keys.empty() ? "" : ",") + quoted + "\"";
        start = end == std::string::npos ? path.size() : end;
    }
    return dialect.string_literal("{" + keys + "}");
}

}  // namespace

std::string sqlite_timestamp_text(expr::Timestamp t) { return civil_text(t, 'T', 9) + "Z"; }

namespace sql_detail {

namespace {

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '"' || c == '`';
}

// Whether text[open] is '(' and its matching ')' is the last character.
bool group_to_end(const std::string& text, size_t open) {
    if (open >= text.size() || text[open] != '(') return false;
    int depth = 0;
    char quote = 0;
    for (size_t i = open; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return i + 1 == text.size();
        }
    }
    return false;
}

bool one_literal(std::string_view text) {
    if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return false;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        if (text[i] == '\'' || text[i] == '\\') return false;
    }
    return true;
}

}  // namespace

std::string parens(const std::string& text) {
    // Already one operand: a word (number, column, alias.column), a quoted
    // or TIMESTAMP literal, a negative number, a parenthesized group or a
    // function call. (A backslash escapes quotes in Spark only: with one
    // in the text, the scan below cannot be trusted, so just wrap.)
    if (text.empty()) return "()";
    bool word = true;
    for (char c : text) word = word && word_char(c);
    if (word || one_literal(text)) return text;
    if (text.starts_with("TIMESTAMP ") && one_literal(std::string_view(text).substr(10))) return text;
    if (text.starts_with("TIMESTAMPTZ ") && one_literal(std::string_view(text).substr(12))) return text;
    if (text.size() > 1 && text[0] == '-' && text.find_first_not_of("0123456789.", 1) == std::string::npos) {
        return text;
    }
    if (text.find('\\') == std::string::npos) {
        const size_t open = text.find('(');
        bool prefix = open != std::string::npos;
        for (size_t i = 0; prefix && i < open; ++i) prefix = word_char(text[i]);
        if (prefix && group_to_end(text, open)) return text;
    }
    return "(" + text + ")";
}

std::string Dialect::quote(std::string_view identifier) const {
    const char q = m_d == SqlDialect::Spark ? '`' : '"';
    std::string out(1, q);
    for (char c : identifier) {
        if (c == q) out += q;
        out += c;
    }
    out += q;
    return out;
}

std::string Dialect::string_literal(std::string_view text) const {
    if (text.find('\0') != std::string_view::npos) {
        throw std::invalid_argument("a string with a NUL character");
    }
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += m_d == SqlDialect::Spark ? "\\'" : "''";
        } else if (c == '\\' && m_d == SqlDialect::Spark) {
            out += "\\\\";  // Spark reads backslash escapes in literals
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string Dialect::int_literal(int64_t value) const {
    if (value == std::numeric_limits<int64_t>::min()) return "(-9223372036854775807 - 1)";
    return std::to_string(value);
}

std::string Dialect::double_literal(double value) const {
    if (!std::isfinite(value)) throw std::invalid_argument("an infinite or NaN double");
    std::string text = fmt::format("{:.17g}", value);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    if (m_d == SqlDialect::Postgres) return "CAST(" + text + " AS DOUBLE PRECISION)";
    if (m_d == SqlDialect::Spark || m_d == SqlDialect::Duckdb) return "CAST(" + text + " AS DOUBLE)";
    return text;
}

std::string Dialect::bool_literal(bool value) const { return value ? "TRUE" : "FALSE"; }

std::string Dialect::timestamp_literal(expr::Timestamp t) const {
    switch (m_d) {
        case SqlDialect::Sqlite: return "'" + sqlite_timestamp_text(t) + "'";
        // Zone-explicit, so that the session's time zone never moves the
        // instant (a zone-less TIMESTAMP compared with a TIMESTAMPTZ column
        // is read in the session's zone).
        case SqlDialect::Spark: return "TIMESTAMP '" + civil_text(t, ' ', 6) + "Z'";
        default: return "TIMESTAMPTZ '" + civil_text(t, ' ', 6) + "+00:00'";
    }
}

std::string Dialect::json_path_append(std::string_view path, std::string_view key) const {
    std::string out(path);
    if (m_d == SqlDialect::Postgres) {
        out += '\x1f';
        out += key;
        return out;
    }
    if (is_plain_key(key)) return out + "." + std::string(key);
    if (m_d == SqlDialect::Spark) {
        std::string inner;
        for (char c : key) {
            if (c == '\'' || c == '\\') inner += '\\';
            inner += c;
        }
        return out + "['" + inner + "']";
    }
    std::string quoted = ".\"";
    for (char c : key) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return out + quoted + "\"";
}

std::string Dialect::json_present(const std::string& column, const std::string& path) const {
    switch (m_d) {
        case SqlDialect::Sqlite:
        case SqlDialect::Duckdb:
            return "json_type(" + column + ", " + string_literal(path) + ") IS NOT NULL";
        case SqlDialect::Postgres: return "(" + column + " #> " + pg_path(*this, path) + ") IS NOT NULL";
        case SqlDialect::Spark: return "get_json_object(" + column + ", " + string_literal(path) + ") IS NOT NULL";
    }
    return "";
}

std::string Dialect::json_is(const std::string& column, const std::string& path, JsonKind kind) const {
    if (m_d == SqlDialect::Sqlite || m_d == SqlDialect::Duckdb) {
        const bool lite = m_d == SqlDialect::Sqlite;
        const std::string type = "json_type(" + column + ", " + string_literal(path) + ")";
        switch (kind) {
            case JsonKind::Number: return type + (lite ? " IN ('integer', 'real')" : " IN ('BIGINT', 'UBIGINT', 'DOUBLE')");
            case JsonKind::Integer: return type + (lite ? " = 'integer'" : " IN ('BIGINT', 'UBIGINT')");
            case JsonKind::Real: return type + (lite ? " = 'real'" : " = 'DOUBLE'");
            case JsonKind::String: return type + (lite ? " = 'text'" : " = 'VARCHAR'");
            case JsonKind::Bool: return type + (lite ? " IN ('true', 'false')" : " = 'BOOLEAN'");
            case JsonKind::Null: return type + (lite ? " = 'null'" : " = 'NULL'");
            case JsonKind::Object: return type + (lite ? " = 'object'" : " = 'OBJECT'");
        }
    }
    if (m_d == SqlDialect::Postgres) {
        const std::string p = pg_path(*this, path);
        const std::string type = "jsonb_typeof(" + column + " #> " + p + ")";
        const std::string integral = "(" + column + " #>> " + p + ") ~ '^-?[0-9]+$'";
        switch (kind) {
            case JsonKind::Number: return type + " = 'number'";
            case JsonKind::Integer: return "(" + type + " = 'number' AND " + integral + ")";
            case JsonKind::Real: return "(" + type + " = 'number' AND NOT " + integral + ")";
            case JsonKind::String: return type + " = 'string'";
            case JsonKind::Bool: return type + " = 'boolean'";
            case JsonKind::Null: return type + " = 'null'";
            case JsonKind::Object: return type + " = 'object'";
        }
    }
    // Spark: get_json_object gives the value's text (NULL for JSON null).
    const std::string text = "get_json_object(" + column + ", " + string_literal(path) + ")";
    switch (kind) {
        case JsonKind::Number: return "CAST(" + text + " AS DOUBLE) IS NOT NULL";
        case JsonKind::Integer: return text + " RLIKE '^-?[0-9]+$'";
        case JsonKind::Real: return "(" + text + " RLIKE '^-?[0-9]' AND NOT " + text + " RLIKE '^-?[0-9]+$')";
        case JsonKind::String: return text + " IS NOT NULL";
        case JsonKind::Bool: return text + " IN ('true', 'false')";
        case JsonKind::Null: return "FALSE";
        case JsonKind::Object: return text + " LIKE '{%'";
    }
    return "FALSE";
}

std::string Dialect::json_value(const std::string& column, const std::string& path, JsonKind kind) const {
    switch (m_d) {
        case SqlDialect::Sqlite: return "json_extract(" + column + ", " + string_literal(path) + ")";
        case SqlDialect::Duckdb: {
            const std::string p = string_literal(path);
            switch (kind) {
                case JsonKind::String: return "json_extract_string(" + column + ", " + p + ")";
                case JsonKind::Integer: return "CAST(json_extract(" + column + ", " + p + ") AS BIGINT)";
                case JsonKind::Bool: return "CAST(json_extract(" + column + ", " + p + ") AS BOOLEAN)";
                default: return "CAST(json_extract(" + column + ", " + p + ") AS DOUBLE)";
            }
        }
        case SqlDialect::Postgres: {
            const std::string text = "(" + column + " #>> " + pg_path(*this, path) + ")";
            switch (kind) {
                case JsonKind::String: return text;
                case JsonKind::Integer: return "CAST(" + text + " AS BIGINT)";
                case JsonKind::Bool: return "CAST(" + text + " AS BOOLEAN)";
                default: return "CAST(" + text + " AS DOUBLE PRECISION)";
            }
        }
        case SqlDialect::Spark: {
            const std::string text = "get_json_object(" + column + ", " + string_literal(path) + ")";
            switch (kind) {
                case JsonKind::String: return text;
                case JsonKind::Integer: return "CAST(" + text + " AS BIGINT)";
                case JsonKind::Bool: return "CAST(" + text + " AS BOOLEAN)";
                default: return "CAST(" + text + " AS DOUBLE)";
            }
        }
    }
    return "NULL";
}

std::string Dialect::contains(const std::string& s, const std::string& part) const {
    switch (m_d) {
        case SqlDialect::Postgres: return "strpos(" + s + ", " + part + ") > 0";
        case SqlDialect::Duckdb: return "contains(" + s + ", " + part + ")";
        default: return "instr(" + s + ", " + part + ") > 0";
    }
}

std::string Dialect::starts_with(const std::string& s, const std::string& part) const {
    switch (m_d) {
        case SqlDialect::Sqlite: return "substr(" + s + ", 1, length(" + part + ")) = " + part;
        case SqlDialect::Duckdb: return "starts_with(" + s + ", " + part + ")";
        default: return "left(" + s + ", " + length(part) + ") = " + part;
    }
}

std::string Dialect::ends_with(const std::string& s, const std::string& part) const {
    switch (m_d) {
        case SqlDialect::Sqlite:
            // substr with a start below 1 counts from the other end: test the
            // lengths first.
            return "(length(" + s + ") >= length(" + part + ") AND substr(" + s + ", length(" + s + ") - length(" +
                   part + ") + 1) = " + part + ")";
        case SqlDialect::Duckdb: return "ends_with(" + s + ", " + part + ")";
        default: return "right(" + s + ", " + length(part) + ") = " + part;
    }
}

std::optional<std::string> Dialect::matches(const std::string& s, const std::string& pattern) const {
    switch (m_d) {
        case SqlDialect::Sqlite: return std::nullopt;  // REGEXP is not built into SQLite
        case SqlDialect::Postgres: return s + " ~ " + pattern;
        case SqlDialect::Duckdb: return "regexp_matches(" + s + ", " + pattern + ")";
        case SqlDialect::Spark: return s + " RLIKE " + pattern;
    }
    return std::nullopt;
}

std::string Dialect::length(const std::string& s) const {
    switch (m_d) {
        case SqlDialect::Postgres:
        case SqlDialect::Spark: return "char_length(" + s + ")";
        default: return "length(" + s + ")";
    }
}

std::string Dialect::ascii_case(const std::string& s, bool lower) const {
    // SQLite's lower/upper know ASCII only (without its ICU extension);
    // the others' change every letter (É to é), CEL's do not: translate.
    if (m_d == SqlDialect::Sqlite) return std::string(lower ? "lower(" : "upper(") + s + ")";
    const std::string upper_letters = "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'";
    const std::string lower_letters = "'abcdefghijklmnopqrstuvwxyz'";
    return "translate(" + s + ", " + (lower ? upper_letters : lower_letters) + ", " +
           (lower ? lower_letters : upper_letters) + ")";
}

std::string Dialect::concat(const std::string& a, const std::string& b) const {
    if (m_d == SqlDialect::Spark) return "concat(" + a + ", " + b + ")";
    return parens(a) + " || " + parens(b);
}

std::string Dialect::int_divide(const std::string& a, const std::string& b) const {
    const std::string divisor = "NULLIF(" + b + ", 0)";
    switch (m_d) {
        case SqlDialect::Duckdb: return parens(a) + " // " + divisor;
        case SqlDialect::Spark: return parens(a) + " DIV " + divisor;
        default: return parens(a) + " / " + divisor;
    }
}

std::string Dialect::string_compare(const std::string& a, std::string_view op, const std::string& b) const {
    if (m_d == SqlDialect::Postgres) return parens(a) + " COLLATE \"C\" " + std::string(op) + " " + parens(b);
    return parens(a) + " " + std::string(op) + " " + parens(b);
}

}  // namespace sql_detail
}  // namespace journeyctl::core::segment
