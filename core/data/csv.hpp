// A CSV tokenizer for RFC 4180 text held in memory: `,` separators, records
// ended by LF or CRLF, `"` quoting with `""` for a quote, line breaks inside
// quotes. The common unquoted cell is a view into the text with no copy;
// only a quoted cell holding `""` is copied (into the reader's scratch).
// Leniencies, as in sniff.hpp: a `"` inside an unquoted cell is kept as
// text, and a lone CR is text. Text after a closing quote, or a quote never
// closed, marks the record malformed (it is still read to its end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::data {

struct CsvRecord {
    uint64_t line = 0;        // newlines before the record, from the reader's start
    bool blank = false;       // an empty or whitespace-only line
    std::string_view error;   // why the record is malformed; empty when fine
    // A quote never closed: the record ran to the end of the text, so every
    // line from its start on is lost to it (the caller reports them all).
    bool unclosed = false;
};

class CsvReader {
public:
    // `text` from a record start to the end of the input.
    explicit CsvReader(std::string_view text) : m_text(text) {}

    // The next record's cells (views valid until the next call); false at
    // the end of the text.
    bool next(std::vector<std::string_view>& cells, CsvRecord& record);
    // Offset just past the last record read (after its line break).
    std::size_t position() const { return m_pos; }
    // Newlines passed so far (line breaks inside quotes included).
    uint64_t newlines() const { return m_newlines; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    uint64_t m_newlines = 0;
    std::string m_scratch;
    std::vector<std::pair<std::size_t, std::size_t>> m_scratch_cells;  // cell index, scratch offset
};

}  // namespace journeyctl::core::data
