// Diagnostics about user files and expressions: where (path, line, column,
// length), how bad (error or warning), what (message) and a stable code per
// kind of problem. Rendering follows compilers: `path:line:col: error:
// message [code]`, then the source line and a caret under the spot.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::diag {

enum class Severity : uint8_t { Error, Warning, Note };

struct Diagnostic {
    std::string path;       // file the problem is in; empty for command-line text
    uint32_t line = 0;      // 1-based; 0 when the problem has no position
    uint32_t column = 0;    // 1-based, in bytes
    uint32_t length = 1;    // how many bytes the caret underlines
    Severity severity = Severity::Error;
    std::string message;
    std::string code;       // stable identifier, e.g. "expr-syntax"; may be empty
    // Related places, as clang and rustc show them: where an unclosed '['
    // or {{#if}} was opened. Each has severity Note, no code, no notes.
    std::vector<Diagnostic> notes = {};
    // Byte offset of line:column in the text it was reported against. A
    // caller that took that text out of a larger file (a template in a
    // YAML scalar) places the diagnostic in the file by this offset, never
    // by re-counting lines.
    uint32_t offset = 0;
};

std::string_view severity_name(Severity s);

// Whether to color the severity word (the CLI decides from --color).
struct RenderOptions {
    bool color = false;
};

// `path:line:col: error: message [code]` then, when source_line is given,
// the line itself and a caret line (tabs kept so the caret lines up).
std::string render_text(const Diagnostic& d, std::string_view source_line, RenderOptions options = {});
// The same, then each of its notes (`path:line:col: note: ...` with its own
// source line and caret); source_line gives the line a diagnostic or note
// points at.
using SourceLineOf = std::function<std::string_view(const Diagnostic&)>;
std::string render_text(const Diagnostic& d, const SourceLineOf& source_line, RenderOptions options = {});

// The line-th line (1-based) of text, without its newline; empty past the end.
// Scans the text: for one lookup. Many lookups in one file use a LineIndex.
std::string_view line_of(std::string_view text, uint32_t line);

// Where each line of a text starts, built once (one pass) so that finding
// the line of each of many diagnostics costs a binary search, not a rescan
// of the file: 100,000 diagnostics in one file stay linear.
class LineIndex {
public:
    LineIndex() = default;
    explicit LineIndex(std::string_view text);
    // As line_of(text, line); `text` must be the text the index was built on.
    std::string_view line(std::string_view text, uint32_t line) const;
    std::size_t line_count() const { return m_starts.size(); }

private:
    std::vector<std::size_t> m_starts;  // byte offset of each line's first byte
};

// Sorts by path, line, column, then errors before warnings.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace journeyctl::core::diag
