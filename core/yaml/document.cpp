#include "core/yaml/document.hpp"

#include <algorithm>
#include <string>

#include <yaml-cpp/depthguard.h>

#include <fmt/format.h>

#include "core/util/utf8.hpp"

namespace journeyctl::core::yaml {

FileContext::FileContext(const SourceFile& file, std::vector<diag::Diagnostic>& diagnostics)
    : m_file(file), m_diagnostics(diagnostics) {
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < file.text.size(); ++i) {
        if (file.text[i] == '\n') m_line_starts.push_back(i + 1);
    }
}

namespace {

// The first place where a YAML file breaks YAML's character set: a byte
// that is not part of well-formed UTF-8 (overlong forms, surrogates and
// values past U+10FFFF are not), or a control character YAML does not
// allow (C0 controls but tab, line feed and carriage return; DEL; C1
// controls but NEL). yaml-cpp passes such bytes through or garbles them
// (a NUL comes back as another byte), so they are refused before parsing.
struct CharacterProblem {
    std::size_t offset = std::string_view::npos;
    std::string message;
};

CharacterProblem character_problem(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) {
            return {i, fmt::format("control character 0x{:02X} is not allowed in YAML", b)};
        }
        const std::size_t length = util::utf8_sequence_length(text, i);
        if (length == 0) return {i, fmt::format("byte 0x{:02X} is not UTF-8; YAML files must be UTF-8", b)};
        if (b == 0xC2) {  // U+0080..U+00BF: the C1 controls but NEL are not allowed
            const auto c = static_cast<unsigned char>(text[i + 1]);
            if (c < 0xA0 && c != 0x85) {
                return {i, fmt::format("control character U+{:04X} is not allowed in YAML", c)};
            }
        }
        i += length;
    }
    return {};
}

// Whether a line starting at `offset` is a document marker: `marker`
// ("---" starts a document, "..." ends one) followed by a space, a tab, a
// line break or the end. At column 0 such a line is always a marker: YAML
// forbids one inside a scalar.
bool marker_at(std::string_view text, std::size_t offset, std::string_view marker) {
    if (text.compare(offset, 3, marker) != 0) return false;
    return offset + 3 == text.size() || text[offset + 3] == ' ' || text[offset + 3] == '\t' ||
           text[offset + 3] == '\n' || text[offset + 3] == '\r';
}

// Whether the line starting at `offset` holds content: not blank, not
// only a comment.
bool has_content(std::string_view text, std::size_t offset) {
    const std::size_t first = text.find_first_not_of(" \t\r", offset);
    return first != std::string_view::npos && text[first] != '\n' && text[first] != '#';
}

}  // namespace

std::size_t FileContext::second_document_offset(const YAML::Node& first) const {
    const std::string_view text = m_file.text;
    // A "---" before the first document's content starts that document.
    const std::size_t after = first.Mark().pos >= 0 ? static_cast<std::size_t>(first.Mark().pos) : 0;
    bool seen_leading = false;
    bool ended = false;  // a "..." closed the first document
    for (std::size_t start : m_line_starts) {
        if (marker_at(text, start, "---")) {
            if (start > after || (first.Mark().pos < 0 && seen_leading) || ended) return start;
            seen_leading = true;
        } else if (marker_at(text, start, "...")) {
            ended = ended || start > after || first.Mark().pos < 0;
        } else if (ended && has_content(text, start)) {
            return start;  // a bare document after "..."
        }
    }
    return text.size();
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
    if (CharacterProblem bad = character_problem(m_file.text); bad.offset != std::string_view::npos) {
        report(pos_of_offset(bad.offset), "yaml-syntax", bad.message);
        return std::nullopt;
    }
    try {
        // The first document is parsed; a second one is found by its marker
        // (broken or not). yaml-cpp 0.7's LoadAll can loop without end on
        // a malformed stream (",x[[[[[[" takes all memory), so it is not used.
        YAML::Node first = YAML::Load(m_file.text);
        if (const std::size_t second = second_document_offset(first); second < m_file.text.size()) {
            report(pos_of_offset(second), "yaml-syntax",
                   "a second YAML document starts here; a workspace file holds one document", 3);
            return std::nullopt;
        }
        return first;
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
