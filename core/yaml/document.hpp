// One YAML file being loaded: its text, its path relative to the workspace,
// and where its diagnostics go. Positions come from yaml-cpp's marks (byte
// offsets) turned into 1-based line/column through a line index, so columns
// count bytes like every other diagnostic.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/diag/diagnostic.hpp"
#include "core/yaml/located.hpp"

namespace journeyctl::core::yaml {

// A file's text as read, kept for caret lines in diagnostics.
struct SourceFile {
    std::string path;  // relative to the workspace root, '/' separated
    std::string text;
};

class FileContext {
public:
    FileContext(const SourceFile& file, std::vector<diag::Diagnostic>& diagnostics);

    const std::string& path() const { return m_file.path; }
    std::string_view text() const { return m_file.text; }

    // Parses the file's document. A syntax error, bytes that are not UTF-8
    // or a second document (`---`) become one "yaml-syntax" diagnostic at
    // its position and the result is empty.
    std::optional<YAML::Node> parse();

    SourcePos pos_of_offset(std::size_t offset) const;
    // The position of a node's token; unknown for nodes without a mark.
    SourcePos pos_of(const YAML::Node& node) const;
    // A string scalar with its position map (the node must be a scalar).
    Text text_of(const YAML::Node& node, SourcePos key_pos = {}) const;

    void report(SourcePos pos, std::string code, std::string message, uint32_t length = 1,
                diag::Severity severity = diag::Severity::Error);
    std::size_t error_count() const { return m_errors; }

private:
    // Where the `---` that starts the document after `first` is.
    std::size_t second_document_offset(const YAML::Node& first) const;

    const SourceFile& m_file;
    std::vector<diag::Diagnostic>& m_diagnostics;
    std::vector<std::size_t> m_line_starts;
    std::size_t m_errors = 0;
};

}  // namespace journeyctl::core::yaml
