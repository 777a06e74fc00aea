// CSV as RFC 4180 writes it, for the extractions of a file channel: fields
// separated by commas, records ended by CRLF, a field quoted ("...") when
// it holds a comma, a double quote, CR or LF, a quote inside doubled. The
// bytes are written as given (UTF-8, no byte order mark): a print house's
// import reads them back exactly.
//
// CsvReader reads such a file back a record at a time (a run that
// recovers after a crash reads the profile keys of what was published).
// It accepts LF as well as CRLF record ends, and is strict about the
// rest: a quote inside an unquoted field, or text after a closing quote,
// is an error rather than a guess.
#pragma once

#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::delivery::file {

// Appends one field, quoted when it needs to be.
void append_csv_field(std::string& out, std::string_view field);

// Appends one record: the fields, commas between, CRLF after.
void append_csv_record(std::string& out, std::span<const std::string_view> fields);

class CsvFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class CsvReader {
public:
    // Reads from `in`, which must outlive the reader; `in` is not closed.
    explicit CsvReader(std::FILE* in) : m_in(in) {}

    // The next record's fields; false at the end of the input.
    // CsvFormatError (naming the record's number) for a malformed record,
    // std::runtime_error when the stream cannot be read.
    bool next(std::vector<std::string>& fields);

private:
    int get();
    std::FILE* m_in;
    size_t m_record = 0;
};

}  // namespace journeyctl::core::delivery::file
