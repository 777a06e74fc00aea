// A table for the terminal, as dry-run and diff print them.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/util/escape.hpp"

namespace journeyctl::cmd {

// Columns padded to their widest cell: text columns (named in `text`,
// the first always) left-aligned, numbers right-aligned; the last column
// is not padded.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header, std::vector<bool> text = {}) : m_text(std::move(text)) {
        m_text.resize(header.size(), false);
        m_text[0] = true;
        m_rows.push_back(std::move(header));
    }
    void add(std::vector<std::string> row) {
        for (std::string& cell : row) cell = core::util::escape_controls(cell);
        m_rows.push_back(std::move(row));
    }
    std::string render() const {
        std::vector<size_t> widths(m_rows.front().size(), 0);
        for (const auto& row : m_rows) {
            for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
        }
        std::string out;
        for (const auto& row : m_rows) {
            std::string line;
            for (size_t c = 0; c < row.size(); ++c) {
                line += "  ";
                line += m_text[c] ? fmt::format("{:<{}}", row[c], widths[c]) : fmt::format("{:>{}}", row[c], widths[c]);
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line + "\n";
        }
        return out;
    }

private:
    std::vector<std::vector<std::string>> m_rows;
    std::vector<bool> m_text;
};

}  // namespace journeyctl::cmd
