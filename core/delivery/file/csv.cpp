#include "core/delivery/file/csv.hpp"

#include <cerrno>
#include <cstring>

namespace journeyctl::core::delivery::file {

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_record(std::string& out, std::span<const std::string_view> fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        append_csv_field(out, fields[i]);
    }
    out += "\r\n";
}

int CsvReader::get() {
    const int c = std::fgetc(m_in);
    if (c == EOF && std::ferror(m_in) != 0)
        throw std::runtime_error(std::string("cannot read the CSV file: ") + std::strerror(errno));
    return c;
}

bool CsvReader::next(std::vector<std::string>& fields) {
    fields.clear();
    int c = get();
    if (c == EOF) return false;
    ++m_record;
    const auto malformed = [this](const char* why) {
        return CsvFormatError("record " + std::to_string(m_record) + " of the CSV file: " + why);
    };
    std::string field;
    while (true) {
        if (c == '"') {
            // A quoted field: up to the quote not followed by another.
            while (true) {
                c = get();
                if (c == EOF) throw malformed("a quoted field is not closed");
                if (c == '"') {
                    c = get();
                    if (c != '"') break;
                }
                field += static_cast<char>(c);
            }
            if (c != ',' && c != '\r' && c != '\n' && c != EOF) throw malformed("text after a closing quote");
        } else {
            while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
                if (c == '"') throw malformed("a quote inside an unquoted field");
                field += static_cast<char>(c);
                c = get();
            }
        }
        fields.push_back(std::move(field));
        field.clear();
        if (c == ',') {
            c = get();
            continue;
        }
        if (c == '\r') {
            c = get();
            if (c != '\n') throw malformed("a CR not followed by LF");
        }
        return true;  // LF, CRLF, or the end of the input
    }
}

}  // namespace journeyctl::core::delivery::file
