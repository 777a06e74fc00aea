#include "core/diag/diagnostic.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "core/util/escape.hpp"

namespace journeyctl::core::diag {

std::string_view severity_name(Severity s) {
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
    }
    return "error";
}

namespace {

std::string_view severity_color(Severity s) {
    switch (s) {
    case Severity::Error: return "\x1b[1;31m";
    case Severity::Warning: return "\x1b[1;35m";
    case Severity::Note: return "\x1b[1;36m";
    }
    return "";
}

std::string location(const Diagnostic& d) {
    std::string where = d.path.empty() ? std::string("<expr>") : d.path;
    if (d.line > 0) {
        where += fmt::format(":{}:{}", d.line, d.column);
    }
    return where;
}

// The caret line copies tabs from the source so the caret sits under the
// right character whatever the terminal's tab width.
std::string caret_line(std::string_view source_line, uint32_t column, uint32_t length) {
    std::string out;
    uint32_t col = column == 0 ? 1 : column;
    for (uint32_t i = 0; i + 1 < col && i < source_line.size(); ++i) {
        out += source_line[i] == '\t' ? '\t' : ' ';
    }
    out += '^';
    uint32_t room = source_line.size() >= col ? static_cast<uint32_t>(source_line.size()) - col : 0;
    for (uint32_t i = 1; i < length && i <= room; ++i) {
        out += '~';
    }
    return out;
}

}  // namespace

std::string render_text(const Diagnostic& d, std::string_view source_line, RenderOptions options) {
    std::string severity(severity_name(d.severity));
    if (options.color) {
        severity = fmt::format("{}{}\x1b[0m", severity_color(d.severity), severity);
    }
    // Messages and source lines can quote data: control characters in them
    // are escaped so that they cannot act on the terminal (a NUL cannot
    // cut the message either).
    std::string out = fmt::format("{}: {}: {}", util::escape_controls(location(d)), severity,
                                  util::escape_controls(d.message, {.keep_newline = true, .keep_tab = true}));
    if (!d.code.empty()) {
        out += fmt::format(" [{}]", d.code);
    }
    out += '\n';
    if (d.line > 0 && !source_line.empty()) {
        const util::EscapeOptions keep_tab{.keep_tab = true};
        const std::string shown = util::escape_controls(source_line, keep_tab);
        // The caret's column in the escaped line.
        const std::size_t before = std::min<std::size_t>(d.column > 0 ? d.column - 1 : 0, source_line.size());
        const auto column = static_cast<uint32_t>(util::escape_controls(source_line.substr(0, before), keep_tab).size() + 1);
        out += fmt::format("  {}\n  {}\n", shown, caret_line(shown, column, d.length));
    }
    return out;
}

std::string render_text(const Diagnostic& d, const SourceLineOf& source_line, RenderOptions options) {
    std::string out = render_text(d, source_line(d), options);
    for (const Diagnostic& note : d.notes) out += render_text(note, source_line(note), options);
    return out;
}

std::string_view line_of(std::string_view text, uint32_t line) {
    uint32_t current = 1;
    size_t start = 0;
    while (current < line) {
        size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            return {};
        }
        start = nl + 1;
        ++current;
    }
    size_t end = text.find('\n', start);
    std::string_view result = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
    if (!result.empty() && result.back() == '\r') {
        result.remove_suffix(1);
    }
    return result;
}

LineIndex::LineIndex(std::string_view text) {
    m_starts.push_back(0);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
        m_starts.push_back(i + 1);
    }
}

std::string_view LineIndex::line(std::string_view text, uint32_t line) const {
    if (line == 0 || line > m_starts.size()) return {};
    const std::size_t start = std::min(m_starts[line - 1], text.size());
    const std::size_t end = line < m_starts.size() ? m_starts[line] - 1 : text.size();
    std::string_view result = text.substr(start, end > start ? end - start : 0);
    if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
    return result;
}

void sort_diagnostics(std::vector<Diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.path, a.line, a.column, a.severity) < std::tie(b.path, b.line, b.column, b.severity);
    });
}

}  // namespace journeyctl::core::diag
