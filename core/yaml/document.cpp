#include "core/yaml/document.hpp"

#include <algorithm>
#include <string>

#include <yaml-cpp/depthguard.h>

namespace journeyctl::core::yaml {

FileContext::FileContext(const SourceFile& file, std::vector<diag::Diagnostic>& diagnostics)
    : m_file(file), m_diagnostics(diagnostics) {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < file.text.size(); ++i) {
        if (file.text[i] == '\n') m_line_starts.push_back(i + 1);
    }
}

std::optional<YAML::Node> FileContext::parse() {
    // yaml-cpp's marks are 0-based; an unknown mark is -1.
    auto pos_of_mark = [&](const YAML::Mark& mark) {
        if (mark.pos >= 0) return pos_of_offset(static_cast<std::size_t>(mark.pos));
        if (mark.line >= 0) {
            return SourcePos{static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1), 0};
        }
        return SourcePos{1, 1, 0};
    };
    try {
        return YAML::Load(m_file.text);
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp stops nesting before its recursion exhausts the stack,
        // with the message "bad file"; say what is wrong instead.
        report(pos_of_mark(e.mark), "yaml-syntax",
               "YAML nests too deeply: lists and maps inside each other more than " + std::to_string(e.depth() - 1) +
                   " levels deep");
    } catch (const YAML::ParserException& e) {
        std::string message = e.msg.empty() ? std::string("invalid YAML") : e.msg;
        report(pos_of_mark(e.mark), "yaml-syntax", "YAML syntax error: " + message);
    } catch (const YAML::Exception& e) {
        report(SourcePos{1, 1, 0}, "yaml-syntax", std::string("YAML error: ") + e.msg);
    }
    return std::nullopt;
}

SourcePos FileContext::pos_of_offset(std::size_t offset) const {
    offset = std::min(offset, m_file.text.size());
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    const std::size_t line = static_cast<std::size_t>(it - m_line_starts.begin());  // 1-based
    const std::size_t start = m_line_starts[line - 1];
    return SourcePos{static_cast<uint32_t>(line), static_cast<uint32_t>(offset - start + 1),
                     static_cast<uint32_t>(offset)};
}

SourcePos FileContext::pos_of(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    if (mark.pos < 0) return {};
    return pos_of_offset(static_cast<std::size_t>(mark.pos));
}

Text FileContext::text_of(const YAML::Node& node, SourcePos key_pos) const {
    Text text;
    text.value = node.Scalar();
    text.pos = pos_of(node);
    text.key_pos = key_pos;
    if (text.pos.known()) text.map = ScalarMap::build(m_file.text, text.pos, text.value);
    return text;
}

void FileContext::report(SourcePos pos, std::string code, std::string message, uint32_t length,
                         diag::Severity severity) {
    diag::Diagnostic d;
    d.path = m_file.path;
    d.line = pos.line;
    d.column = pos.column;
    d.length = length == 0 ? 1 : length;
    d.severity = severity;
    d.message = std::move(message);
    d.code = std::move(code);
    if (severity == diag::Severity::Error) ++m_errors;
    m_diagnostics.push_back(std::move(d));
}

}  // namespace journeyctl::core::yaml
