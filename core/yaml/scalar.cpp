#include "core/yaml/scalar.hpp"

#include <algorithm>

#include "core/util/utf8.hpp"

namespace journeyctl::core::yaml {

SourcePos position_at(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    SourcePos pos{1, 1, static_cast<uint32_t>(offset)};
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else {
            ++pos.column;
        }
    }
    return pos;
}

std::string_view scalar_style_name(ScalarStyle style) {
    switch (style) {
        case ScalarStyle::Plain: return "plain";
        case ScalarStyle::SingleQuoted: return "single-quoted";
        case ScalarStyle::DoubleQuoted: return "double-quoted";
        case ScalarStyle::Literal: return "literal";
        case ScalarStyle::Folded: return "folded";
    }
    return "plain";
}

SourcePos ScalarMap::at(std::size_t offset) const {
    if (m_anchors.empty()) return {};
    auto after = std::upper_bound(m_anchors.begin(), m_anchors.end(), offset,
                                  [](std::size_t o, const Anchor& a) { return o < a.value_offset; });
    const Anchor& anchor = after == m_anchors.begin() ? m_anchors.front() : *(after - 1);
    const auto delta = static_cast<uint32_t>(offset - std::min<std::size_t>(offset, anchor.value_offset));
    return SourcePos{anchor.file.line, anchor.file.column + delta, anchor.file.offset + delta};
}

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_break(char c) { return c == '\n' || c == '\r'; }


int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

// Walks one scalar's source text forward, keeping the file position of the
// byte it stands on, and fills a ScalarMap.
class ScalarScanner {
public:
    ScalarScanner(std::string_view source, SourcePos token, std::string_view value, ScalarMap& out)
        : m_src(source), m_value(value), m_out(out), m_pos(token) {}

    void run() {
        std::size_t p = m_pos.offset;
        p = skip_properties(p);
        const char c = p < m_src.size() ? m_src[p] : '\0';
        switch (c) {
            case '|': m_out.m_style = ScalarStyle::Literal; scan_block(p); break;
            case '>': m_out.m_style = ScalarStyle::Folded; scan_block(p); break;
            case '\'': m_out.m_style = ScalarStyle::SingleQuoted; scan_quoted(p, false); break;
            case '"': m_out.m_style = ScalarStyle::DoubleQuoted; scan_quoted(p, true); break;
            default: m_out.m_style = ScalarStyle::Plain; scan_plain(p); break;
        }
        if (m_out.m_anchors.empty()) anchor(0, p);
    }

private:
    // Tags and anchors (`!!str`, `&a`) come before the scalar's first byte.
    std::size_t skip_properties(std::size_t p) const {
        while (p < m_src.size() && (m_src[p] == '!' || m_src[p] == '&')) {
            while (p < m_src.size() && !is_blank(m_src[p]) && !is_break(m_src[p])) ++p;
            while (p < m_src.size() && is_blank(m_src[p])) ++p;
        }
        return p;
    }

    SourcePos pos_at(std::size_t offset) {
        while (m_pos.offset < offset && m_pos.offset < m_src.size()) {
            if (m_src[m_pos.offset] == '\n') {
                ++m_pos.line;
                m_pos.column = 1;
            } else {
                ++m_pos.column;
            }
            ++m_pos.offset;
        }
        return m_pos;
    }

    void anchor(std::size_t value_offset, std::size_t file_offset) {
        auto& anchors = m_out.m_anchors;
        const auto v = static_cast<uint32_t>(value_offset);
        if (!anchors.empty() && anchors.back().value_offset == v) anchors.pop_back();
        anchors.push_back({v, pos_at(file_offset)});
    }

    // [start, end) of the line beginning at start, without its line break.
    std::pair<std::size_t, std::size_t> line_at(std::size_t start) const {
        std::size_t end = m_src.find('\n', start);
        if (end == std::string_view::npos) end = m_src.size();
        std::size_t text_end = end;
        if (text_end > start && m_src[text_end - 1] == '\r') --text_end;
        return {end, text_end};
    }

    // Finds `content` (or, when prefix_ok, its longest prefix) in the value
    // at or after m_cursor, skipping only what folding inserts (spaces and
    // newlines). Returns the number of bytes matched, 0 when not found.
    std::size_t match_line(std::size_t file_offset, std::string_view content, bool prefix_ok) {
        std::size_t q = m_cursor;
        while (q <= m_value.size()) {
            std::size_t n = 0;
            while (n < content.size() && q + n < m_value.size() && m_value[q + n] == content[n]) ++n;
            if (n == content.size() || (prefix_ok && n > 0)) {
                anchor(q, file_offset);
                m_cursor = q + n;
                return n;
            }
            if (q < m_value.size() && (m_value[q] == ' ' || m_value[q] == '\n')) {
                ++q;
            } else {
                break;
            }
        }
        m_out.m_exact = false;
        return 0;
    }

    void scan_block(std::size_t p) {
        auto [line_end, unused] = line_at(p);
        (void)unused;
        std::size_t indent = 0;
        std::size_t start = line_end + 1;
        while (start < m_src.size() && m_cursor < m_value.size()) {
            auto [end, text_end] = line_at(start);
            std::size_t lead = 0;
            while (start + lead < text_end && m_src[start + lead] == ' ') ++lead;
            if (start + lead == text_end) {  // blank line: only the value's newline
                start = end + 1;
                continue;
            }
            if (indent == 0) indent = lead;
            if (lead < indent || indent == 0) break;
            const std::string_view content = m_src.substr(start + indent, text_end - start - indent);
            if (match_line(start + indent, content, false) == 0) return;
            start = end + 1;
        }
    }

    void scan_plain(std::size_t p) {
        auto [end, text_end] = line_at(p);
        std::size_t n = 0;
        while (p + n < text_end && n < m_value.size() && m_src[p + n] == m_value[n]) ++n;
        anchor(0, p);
        m_cursor = n;
        std::size_t start = end + 1;
        while (m_cursor < m_value.size() && start < m_src.size()) {
            auto [next_end, next_text_end] = line_at(start);
            std::size_t lead = start;
            while (lead < next_text_end && is_blank(m_src[lead])) ++lead;
            if (lead < next_text_end) {
                const std::string_view content = m_src.substr(lead, next_text_end - lead);
                if (match_line(lead, content, true) == 0) return;
            }
            start = next_end + 1;
        }
    }

    // Re-reads a quoted scalar with YAML's rules and checks the result
    // against yaml-cpp's value; anchors go after each escape and line fold.
    void scan_quoted(std::size_t p, bool double_quoted) {
        const char quote = m_src[p];
        std::string built;
        std::size_t s = p + 1;
        anchor(0, s);
        while (s < m_src.size()) {
            const char ch = m_src[s];
            if (ch == quote) {
                if (!double_quoted && s + 1 < m_src.size() && m_src[s + 1] == '\'') {
                    built += '\'';
                    s += 2;
                    anchor(built.size(), s);
                    continue;
                }
                break;
            }
            if (is_break(ch)) {
                while (!built.empty() && is_blank(built.back())) built.pop_back();
                s = skip_break(s);
                std::size_t empty_lines = 0;
                for (;;) {
                    while (s < m_src.size() && is_blank(m_src[s])) ++s;
                    if (s < m_src.size() && is_break(m_src[s])) {
                        ++empty_lines;
                        s = skip_break(s);
                    } else {
                        break;
                    }
                }
                built += empty_lines == 0 ? std::string(" ") : std::string(empty_lines, '\n');
                anchor(built.size(), s);
                continue;
            }
            if (double_quoted && ch == '\\' && s + 1 < m_src.size()) {
                s = escape(s, built);
                anchor(built.size(), s);
                continue;
            }
            built += ch;
            ++s;
        }
        if (built != m_value) {
            m_out.m_exact = false;
            m_out.m_anchors.resize(1);
        }
    }

    std::size_t skip_break(std::size_t s) const {
        if (m_src[s] == '\r' && s + 1 < m_src.size() && m_src[s + 1] == '\n') return s + 2;
        return s + 1;
    }

    // One escape sequence at s (the backslash); returns where it ends.
    std::size_t escape(std::size_t s, std::string& built) const {
        const char e = m_src[s + 1];
        std::size_t digits = 0;
        switch (e) {
            case '0': built += '\0'; return s + 2;
            case 'a': built += '\a'; return s + 2;
            case 'b': built += '\b'; return s + 2;
            case 't': case '\t': built += '\t'; return s + 2;
            case 'n': built += '\n'; return s + 2;
            case 'v': built += '\v'; return s + 2;
            case 'f': built += '\f'; return s + 2;
            case 'r': built += '\r'; return s + 2;
            case 'e': built += '\x1b'; return s + 2;
            case ' ': case '"': case '/': case '\\': built += e; return s + 2;
            case 'N': util::append_utf8(built, 0x85); return s + 2;
            case '_': util::append_utf8(built, 0xA0); return s + 2;
            case 'L': util::append_utf8(built, 0x2028); return s + 2;
            case 'P': util::append_utf8(built, 0x2029); return s + 2;
            case 'x': digits = 2; break;
            case 'u': digits = 4; break;
            case 'U': digits = 8; break;
            case '\r': case '\n': {
                // An escaped line break joins the lines with nothing between.
                std::size_t t = skip_break(s + 1);
                while (t < m_src.size() && is_blank(m_src[t])) ++t;
                return t;
            }
            default: built += e; return s + 2;
        }
        uint32_t cp = 0;
        std::size_t t = s + 2;
        for (std::size_t i = 0; i < digits && t < m_src.size(); ++i, ++t) {
            const int h = hex_value(m_src[t]);
            if (h < 0) break;
            cp = cp * 16 + static_cast<uint32_t>(h);
        }
        util::append_utf8(built, cp);
        return t;
    }

    std::string_view m_src;
    std::string_view m_value;
    ScalarMap& m_out;
    SourcePos m_pos;
    std::size_t m_cursor = 0;  // value bytes mapped so far (line-based styles)
};

ScalarMap ScalarMap::for_file(std::string_view text) {
    ScalarMap map;
    map.m_style = ScalarStyle::Literal;
    SourcePos pos{1, 1, 0};
    map.m_anchors.push_back({0, pos});
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && i + 1 < text.size()) {
            ++pos.line;
            map.m_anchors.push_back({static_cast<uint32_t>(i + 1), SourcePos{pos.line, 1, static_cast<uint32_t>(i + 1)}});
        }
    }
    return map;
}

ScalarMap ScalarMap::build(std::string_view source, SourcePos token, std::string_view value) {
    ScalarMap map;
    if (token.offset > source.size()) token = position_at(source, source.size());
    ScalarScanner scanner(source, token, value, map);
    scanner.run();
    return map;
}

}  // namespace journeyctl::core::yaml
