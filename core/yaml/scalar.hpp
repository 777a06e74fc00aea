// Where the characters of a YAML string scalar sit in its file. yaml-cpp
// gives a node's mark (where its token starts: the quote, the `|`), but an
// expression inside `where: |` reports errors at offsets inside the string,
// and those must become file line/column. A ScalarMap records anchors — value
// offset ↔ file position — at the start of the content, at every source line
// the value continues on, and after every escape sequence of a quoted scalar,
// so between two anchors value bytes and file bytes advance together.
//
// Block literal `|`: content line k is file line (first + k), at the content
// indentation. Folded `>` and multi-line plain scalars: each source line is
// found in the folded value. Quoted scalars: re-scanned with YAML's escape and
// folding rules. When a re-scan disagrees with what yaml-cpp produced (an
// exotic construct), the map keeps the anchors it is sure of and maps the
// rest from the last one: positions stay on the right line or close to it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::yaml {

// A place in a file, 1-based; line 0 means "no position".
struct SourcePos {
    uint32_t line = 0;
    uint32_t column = 0;  // in bytes
    uint32_t offset = 0;  // byte offset in the file, 0-based

    bool known() const { return line != 0; }
    friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

// The 1-based line/column of a byte offset in text.
SourcePos position_at(std::string_view text, std::size_t offset);

enum class ScalarStyle : uint8_t { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

std::string_view scalar_style_name(ScalarStyle style);

class ScalarMap {
public:
    struct Anchor {
        uint32_t value_offset = 0;  // offset in the scalar's value
        SourcePos file;             // where that value byte is written
    };

    ScalarMap() = default;

    // Scans source from the scalar's token at `token` (from yaml-cpp's
    // Mark::pos) and maps value — the scalar as yaml-cpp read it.
    static ScalarMap build(std::string_view source, SourcePos token, std::string_view value);

    // A whole file's text as the value (an html_file's content): one anchor
    // a line, style Literal.
    static ScalarMap for_file(std::string_view text);

    ScalarStyle style() const { return m_style; }
    // Where the value's first byte is written (after the quote; for a block
    // scalar, the first content line at its indentation).
    SourcePos start() const { return m_anchors.empty() ? SourcePos{} : m_anchors.front().file; }
    // The file position of value byte `offset` (offsets past the end map to
    // just after the last byte's anchor run).
    SourcePos at(std::size_t offset) const;
    const std::vector<Anchor>& anchors() const { return m_anchors; }
    // False when the re-scan disagreed with yaml-cpp and the map was cut short.
    bool exact() const { return m_exact; }

private:
    ScalarStyle m_style = ScalarStyle::Plain;
    std::vector<Anchor> m_anchors;
    bool m_exact = true;

    friend class ScalarScanner;
};

}  // namespace journeyctl::core::yaml
