// Textual forms of values: CEL literals (what `eval` prints), JSON (for
// `eval --format json`) and the number formatting that string(double)
// shares with them. Records and RecordLists print as the map and list they
// stand for.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/expr/time.hpp"
#include "core/expr/value.hpp"
#include "core/expr/value_internal.hpp"

namespace journeyctl::core::expr {

namespace detail {

std::string format_double(double d, int exponent_threshold) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
    if (d == 0) return std::signbit(d) ? "-0" : "0";
    // Shortest round-trip digits in scientific form: "-d.ddde+XX".
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
    bool negative = sci.front() == '-';
    if (negative) sci.remove_prefix(1);
    size_t e_pos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e_pos)) {
        if (c != '.') digits += c;
    }
    int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());

    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= exponent_threshold) {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out.append(digits, 1);
        }
        char exp_buf[16];
        std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += exp_buf;
    } else if (exponent < 0) {
        out += "0.";
        out.append(static_cast<size_t>(-exponent - 1), '0');
        out += digits;
    } else {
        auto int_len = static_cast<size_t>(exponent) + 1;
        if (digits.size() <= int_len) {
            out += digits;
            out.append(int_len - digits.size(), '0');
        } else {
            out.append(digits, 0, int_len);
            out += '.';
            out.append(digits, int_len);
        }
    }
    return out;
}

std::string double_literal(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "+infinity" : "-infinity";
    std::string s = format_double(d, 21);
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
}

void append_quoted(std::string& out, std::string_view s, bool is_bytes) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7f || (is_bytes && c >= 0x80)) {
                    out += "\\x";
                    out += k_hex[c >> 4];
                    out += k_hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

}  // namespace detail

namespace {

// Printing recurses once per level of lists and maps. Values from JSON are
// at most k_max_json_depth deep and expressions add at most their own
// nesting, so a deeper value is a bug elsewhere; it prints as an error
// rather than exhausting the stack.
constexpr int k_max_print_depth = 1000;
constexpr std::string_view k_too_deep = "value nests too deeply to print";

void append_literal(std::string& out, const Value& v, int depth) {
    using Kind = Value::Kind;
    if (depth > k_max_print_depth) {
        out += "error: ";
        out += k_too_deep;
        return;
    }
    switch (v.kind()) {
        case Kind::Null: out += "null"; break;
        case Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
        case Kind::Int: out += std::to_string(v.as_int()); break;
        case Kind::Uint: out += std::to_string(v.as_uint()) + "u"; break;
        case Kind::Double: out += detail::double_literal(v.as_double()); break;
        case Kind::String: detail::append_quoted(out, v.as_string(), false); break;
        case Kind::Bytes:
            out += 'b';
            detail::append_quoted(out, v.as_string(), true);
            break;
        case Kind::List: {
            out += '[';
            bool first = true;
            for (const Value& item : v.as_list()) {
                if (!first) out += ", ";
                first = false;
                append_literal(out, item, depth + 1);
            }
            out += ']';
            break;
        }
        case Kind::Map: {
            out += '{';
            bool first = true;
            for (const auto& [key, value] : v.as_map().entries()) {
                if (!first) out += ", ";
                first = false;
                append_literal(out, key, depth + 1);
                out += ": ";
                append_literal(out, value, depth + 1);
            }
            out += '}';
            break;
        }
        case Kind::Timestamp:
            out += "timestamp(\"" + time::format_timestamp(v.as_timestamp()) + "\")";
            break;
        case Kind::Duration:
            out += "duration(\"" + time::format_duration(v.as_duration()) + "\")";
            break;
        case Kind::Type: out += v.as_string(); break;
        case Kind::Error:
            out += "error: ";
            out += v.as_string();
            break;
        case Kind::Record: {
            out += '{';
            bool first = true;
            detail::for_each_field(v, [&](std::string_view name, const Value& value) {
                if (!first) out += ", ";
                first = false;
                detail::append_quoted(out, name, false);
                out += ": ";
                append_literal(out, value, depth + 1);
            });
            out += '}';
            break;
        }
        case Kind::RecordList: {
            out += '[';
            for (size_t i = 0, n = detail::list_size(v); i < n; ++i) {
                if (i > 0) out += ", ";
                append_literal(out, detail::list_element(v, i), depth + 1);
            }
            out += ']';
            break;
        }
    }
}

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    out += "\\u00";
                    out += k_hex[c >> 4];
                    out += k_hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

std::string base64(std::string_view data) {
    static constexpr char k_alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                     (static_cast<unsigned char>(data[i + 1]) << 8) |
                     static_cast<unsigned char>(data[i + 2]);
        for (int shift = 18; shift >= 0; shift -= 6) out += k_alphabet[(n >> shift) & 63];
    }
    if (size_t rest = data.size() - i; rest > 0) {
        uint32_t n = static_cast<unsigned char>(data[i]) << 16;
        if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += k_alphabet[(n >> 18) & 63];
        out += k_alphabet[(n >> 12) & 63];
        out += rest == 2 ? k_alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

void append_json(std::string& out, const Value& v, int depth) {
    using Kind = Value::Kind;
    if (depth > k_max_print_depth) {
        out += "{\"error\":";
        append_json_string(out, k_too_deep);
        out += '}';
        return;
    }
    switch (v.kind()) {
        case Kind::Null: out += "null"; break;
        case Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
        case Kind::Int: out += std::to_string(v.as_int()); break;
        case Kind::Uint: out += std::to_string(v.as_uint()); break;
        case Kind::Double: {
            double d = v.as_double();
            if (std::isnan(d)) out += "\"NaN\"";
            else if (std::isinf(d)) out += d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
            else out += detail::double_literal(d);
            break;
        }
        case Kind::String: append_json_string(out, v.as_string()); break;
        case Kind::Bytes: out += '"' + base64(v.as_string()) + '"'; break;
        case Kind::List: {
            out += '[';
            bool first = true;
            for (const Value& item : v.as_list()) {
                if (!first) out += ',';
                first = false;
                append_json(out, item, depth + 1);
            }
            out += ']';
            break;
        }
        case Kind::Map: {
            // JSON object keys are strings: 1, 1u and true become "1", "1", "true".
            out += '{';
            bool first = true;
            for (const auto& [key, value] : v.as_map().entries()) {
                if (!first) out += ',';
                first = false;
                if (key.kind() == Kind::String) {
                    append_json_string(out, key.as_string());
                } else {
                    std::string text = key.kind() == Kind::Uint ? std::to_string(key.as_uint())
                                                                : key.to_cel_literal();
                    append_json_string(out, text);
                }
                out += ':';
                append_json(out, value, depth + 1);
            }
            out += '}';
            break;
        }
        case Kind::Timestamp: append_json_string(out, time::format_timestamp(v.as_timestamp())); break;
        case Kind::Duration: append_json_string(out, time::format_duration(v.as_duration())); break;
        case Kind::Type: append_json_string(out, v.as_string()); break;
        case Kind::Error:
            out += "{\"error\":";
            append_json_string(out, v.as_string());
            out += '}';
            break;
        case Kind::Record: {
            out += '{';
            bool first = true;
            detail::for_each_field(v, [&](std::string_view name, const Value& value) {
                if (!first) out += ',';
                first = false;
                append_json_string(out, name);
                out += ':';
                append_json(out, value, depth + 1);
            });
            out += '}';
            break;
        }
        case Kind::RecordList: {
            out += '[';
            for (size_t i = 0, n = detail::list_size(v); i < n; ++i) {
                if (i > 0) out += ',';
                append_json(out, detail::list_element(v, i), depth + 1);
            }
            out += ']';
            break;
        }
    }
}

}  // namespace

std::string Value::to_cel_literal() const {
    std::string out;
    append_literal(out, *this, 0);
    return out;
}

std::string Value::to_json() const {
    std::string out;
    append_json(out, *this, 0);
    return out;
}

std::string Value::to_cell_text() const {
    switch (kind()) {
        case Kind::String: return std::string(as_string());
        case Kind::Null: return "null";
        case Kind::Bool: return as_bool() ? "true" : "false";
        case Kind::Int: return std::to_string(as_int());
        case Kind::Uint: return std::to_string(as_uint());
        case Kind::Double: return to_json();
        case Kind::Timestamp: return time::format_timestamp(as_timestamp());
        case Kind::Duration: return time::format_duration(as_duration());
        case Kind::Error: return "error: " + std::string(as_string());
        default: return to_json();
    }
}

}  // namespace journeyctl::core::expr
