// The CSV tokenizer (see csv.hpp). The hot path is the unquoted cell: a
// byte loop that stops at `,`, LF or CR and yields a view, no copy.
#include "core/data/csv.hpp"

#include <algorithm>
#include <cstring>

namespace journeyctl::core::data {

namespace {

bool whitespace_only(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

bool CsvReader::next(std::vector<std::string_view>& cells, CsvRecord& record) {
    cells.clear();
    m_scratch.clear();
    m_scratch_cells.clear();
    record = CsvRecord{};
    record.line = m_newlines;
    const char* s = m_text.data();
    const std::size_t n = m_text.size();
    std::size_t i = m_pos;
    if (i >= n) return false;
    bool any_quoted = false;
    bool done = false;
    while (!done) {
        if (s[i] == '"') {
            any_quoted = true;
            ++i;
            std::size_t segment = i;
            bool copied = false;
            std::size_t scratch_start = 0;
            for (;;) {
                const char* quote = static_cast<const char*>(std::memchr(s + i, '"', n - i));
                const std::size_t q = quote != nullptr ? static_cast<std::size_t>(quote - s) : n;
                m_newlines += static_cast<uint64_t>(std::count(s + i, s + q, '\n'));
                if (quote == nullptr) {
                    if (record.error.empty()) record.error = "a quoted field is never closed";
                    record.unclosed = true;
                    i = n;
                    break;
                }
                if (q + 1 < n && s[q + 1] == '"') {
                    if (!copied) scratch_start = m_scratch.size();
                    copied = true;
                    m_scratch.append(s + segment, q + 1 - segment);
                    i = q + 2;
                    segment = i;
                    continue;
                }
                i = q;
                break;
            }
            const std::size_t content_end = std::min(i, n);
            if (copied) {
                m_scratch.append(s + segment, content_end - segment);
                m_scratch_cells.emplace_back(cells.size(), scratch_start);
                cells.push_back(std::string_view(m_scratch).substr(scratch_start));  // fixed below
            } else {
                cells.push_back(std::string_view(s + segment, content_end - segment));
            }
            if (i < n) ++i;  // the closing quote
            if (i >= n) break;
            if (s[i] == ',') {
                ++i;
                if (i >= n) {
                    cells.emplace_back();
                    break;
                }
                continue;
            }
            if (s[i] != '\n' && s[i] != '\r') {
                if (record.error.empty()) record.error = "text after a closing quote";
                while (i < n && s[i] != ',' && s[i] != '\n') ++i;
                if (i < n && s[i] == ',') {
                    ++i;
                    if (i >= n) {
                        cells.emplace_back();
                        break;
                    }
                    continue;
                }
            }
        } else {
            const std::size_t start = i;
            while (i < n) {
                const char c = s[i];
                if (c == ',' || c == '\n' || (c == '\r' && (i + 1 == n || s[i + 1] == '\n'))) break;
                ++i;
            }
            cells.push_back(std::string_view(s + start, i - start));
            if (i >= n) break;
            if (s[i] == ',') {
                ++i;
                if (i >= n) {
                    cells.emplace_back();
                    break;
                }
                continue;
            }
        }
        // A line break (LF, CRLF or a CR at the very end) ends the record.
        if (i < n && s[i] == '\r') ++i;
        if (i < n && s[i] == '\n') {
            ++i;
            ++m_newlines;
        }
        done = true;
    }
    m_pos = i;
    // Cells copied into the scratch string: their views are only final now
    // that the scratch no longer grows.
    for (std::size_t k = 0; k < m_scratch_cells.size(); ++k) {
        const auto [index, offset] = m_scratch_cells[k];
        const std::size_t end = k + 1 < m_scratch_cells.size() ? m_scratch_cells[k + 1].second : m_scratch.size();
        cells[index] = std::string_view(m_scratch).substr(offset, end - offset);
    }
    record.blank = cells.size() == 1 && !any_quoted && whitespace_only(cells[0]);
    return true;
}

}  // namespace journeyctl::core::data
