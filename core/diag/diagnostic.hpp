// Diagnostics about user files and expressions: where (path, line, column,
// length), how bad (error or warning), what (message) and a stable code per
// kind of problem. Rendering follows compilers: `path:line:col: error:
// message [code]`, then the source line and a caret under the spot.
#pragma once

#include <cstdint>
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
};

std::string_view severity_name(Severity s);

// Whether to color the severity word (the CLI decides from --color).
struct RenderOptions {
    bool color = false;
};

// `path:line:col: error: message [code]` then, when source_line is given,
// the line itself and a caret line (tabs kept so the caret lines up).
std::string render_text(const Diagnostic& d, std::string_view source_line, RenderOptions options = {});

// The line-th line (1-based) of text, without its newline; empty past the end.
std::string_view line_of(std::string_view text, uint32_t line);

// Sorts by path, line, column, then errors before warnings.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

}  // namespace journeyctl::core::diag
