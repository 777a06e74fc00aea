// Sniffing: the header or keys of a data file's first rows and the kind of
// value each field holds (rules in sniff.hpp). Reads line by line so that a
// large file costs only its first rows.
#include "core/data/sniff.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/expr/time.hpp"

namespace journeyctl::core::data {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_timestamp(std::string_view text) {
    // Cheap pre-test: RFC 3339 starts with four digits and a dash.
    if (text.size() < 20 || text[4] != '-' || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
    return std::holds_alternative<expr::Timestamp>(expr::time::parse_timestamp(text));
}

SniffedKind merge(SniffedKind a, SniffedKind b, FileFormat format) {
    if (a == b) return a;
    auto is_number = [](SniffedKind k) { return k == SniffedKind::Int || k == SniffedKind::Double; };
    if (is_number(a) && is_number(b)) return SniffedKind::Double;
    auto is_text = [](SniffedKind k) { return k == SniffedKind::String || k == SniffedKind::Timestamp; };
    if (is_text(a) && is_text(b)) return SniffedKind::String;
    return format == FileFormat::Csv ? SniffedKind::String : SniffedKind::Dyn;
}

// Fields in first-seen order with the kinds voted so far.
class FieldTable {
public:
    explicit FieldTable(FileFormat format) : m_format(format) {}

    std::size_t add_name(const std::string& name) {
        auto [it, inserted] = m_index.emplace(name, m_fields.size());
        if (inserted) m_fields.push_back(SniffedField{name, SniffedKind::Dyn, 0});
        return it->second;
    }
    void vote(std::size_t index, SniffedKind kind) {
        SniffedField& f = m_fields[index];
        f.kind = f.present == 0 ? kind : merge(f.kind, kind, m_format);
        ++f.present;
    }
    std::vector<SniffedField> take() { return std::move(m_fields); }

private:
    FileFormat m_format;
    std::vector<SniffedField> m_fields;
    std::map<std::string, std::size_t, std::less<>> m_index;
};

// One CSV record, which may span lines when a quoted cell holds a newline.
// False at the end of the input.
bool read_csv_record(std::istream& in, std::vector<std::string>& cells, bool& malformed) {
    cells.clear();
    malformed = false;
    std::string line;
    if (!std::getline(in, line)) return false;
    std::string cell;
    bool quoted = false, after_quote = false;
    for (;;) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (quoted) {
                if (c != '"') {
                    cell += c;
                } else if (i + 1 < line.size() && line[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    quoted = false;
                    after_quote = true;
                }
            } else if (c == ',') {
                cells.push_back(std::move(cell));
                cell.clear();
                after_quote = false;
            } else if (c == '"' && cell.empty() && !after_quote) {
                quoted = true;
            } else if (c == '\r' && i + 1 == line.size()) {
                // CRLF line end
            } else {
                if (after_quote) malformed = true;
                cell += c;
            }
        }
        if (!quoted) break;
        if (!std::getline(in, line)) {
            malformed = true;  // a quote never closed
            break;
        }
        cell += '\n';
    }
    cells.push_back(std::move(cell));
    return true;
}

bool blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

// Whether anything but blank lines is left.
bool at_end(std::istream& in) {
    std::string line;
    while (std::getline(in, line)) {
        if (!blank(line)) return false;
    }
    return true;
}

void strip_bom(std::string& s) {
    if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.erase(0, 3);
}

void sniff_csv(std::istream& in, const SniffOptions& options, SniffResult& result) {
    FieldTable table(FileFormat::Csv);
    std::vector<std::string> cells;
    bool malformed = false;
    if (!read_csv_record(in, cells, malformed)) {
        result.complete = true;
        return;
    }
    if (!cells.empty()) strip_bom(cells.front());
    std::vector<std::size_t> columns;
    std::optional<std::size_t> values_column;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        // Two columns of one name would vote as one field; loading refuses
        // such a file (source_loader.cpp), so validation must not read it.
        if (std::find(cells.begin(), cells.begin() + static_cast<std::ptrdiff_t>(i), cells[i]) !=
            cells.begin() + static_cast<std::ptrdiff_t>(i)) {
            result.readable = false;
            result.error = "the header names column '" + cells[i] + "' twice";
            return;
        }
        columns.push_back(table.add_name(cells[i]));
        if (!options.values_of.empty() && cells[i] == options.values_of) values_column = i;
    }
    while (result.rows + result.rejected < options.max_rows && read_csv_record(in, cells, malformed)) {
        if (cells.size() == 1 && blank(cells[0])) continue;
        if (malformed || cells.size() != columns.size()) {
            ++result.rejected;
            continue;
        }
        ++result.rows;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (cells[i].empty()) continue;
            table.vote(columns[i], csv_cell_kind(cells[i]));
        }
        if (values_column && !cells[*values_column].empty()) result.values.insert(cells[*values_column]);
    }
    result.complete = at_end(in);
    result.fields = table.take();
}

SniffedKind json_kind(const nlohmann::ordered_json& value) {
    switch (value.type()) {
        case nlohmann::ordered_json::value_t::boolean: return SniffedKind::Bool;
        case nlohmann::ordered_json::value_t::number_integer:
        case nlohmann::ordered_json::value_t::number_unsigned: return SniffedKind::Int;
        case nlohmann::ordered_json::value_t::number_float: return SniffedKind::Double;
        case nlohmann::ordered_json::value_t::string:
            return is_timestamp(value.get_ref<const std::string&>()) ? SniffedKind::Timestamp : SniffedKind::String;
        case nlohmann::ordered_json::value_t::array: return SniffedKind::List;
        case nlohmann::ordered_json::value_t::object: return SniffedKind::Map;
        default: return SniffedKind::Dyn;
    }
}

void sniff_json_lines(std::istream& in, const SniffOptions& options, SniffResult& result) {
    FieldTable table(FileFormat::JsonLines);
    std::string line;
    bool first = true;
    while (result.rows + result.rejected < options.max_rows && std::getline(in, line)) {
        if (first) strip_bom(line);
        first = false;
        if (blank(line)) continue;
        nlohmann::ordered_json row = nlohmann::ordered_json::parse(line, nullptr, false);
        if (row.is_discarded() || !row.is_object()) {
            ++result.rejected;
            continue;
        }
        ++result.rows;
        for (const auto& [key, value] : row.items()) {
            const std::size_t index = table.add_name(key);
            if (value.is_null()) continue;
            table.vote(index, json_kind(value));
            if (!options.values_of.empty() && key == options.values_of && value.is_string())
                result.values.insert(value.get<std::string>());
        }
    }
    result.complete = at_end(in);
    result.fields = table.take();
}

}  // namespace

std::optional<FileFormat> format_of(const std::filesystem::path& path) {
    const std::string ext = lower(path.extension().string());
    if (ext == ".csv") return FileFormat::Csv;
    if (ext == ".jsonl" || ext == ".ndjson") return FileFormat::JsonLines;
    return std::nullopt;
}

std::string_view sniffed_kind_name(SniffedKind kind) {
    switch (kind) {
        case SniffedKind::Int: return "int";
        case SniffedKind::Double: return "double";
        case SniffedKind::Bool: return "bool";
        case SniffedKind::Timestamp: return "timestamp";
        case SniffedKind::String: return "string";
        case SniffedKind::List: return "list";
        case SniffedKind::Map: return "map";
        case SniffedKind::Dyn: return "dyn";
    }
    return "dyn";
}

const SniffedField* SniffResult::field(std::string_view name) const {
    for (const SniffedField& f : fields) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

SniffedKind csv_cell_kind(std::string_view cell) {
    const std::string low = cell.size() <= 5 ? lower(cell) : std::string();
    if (low == "true" || low == "false") return SniffedKind::Bool;
    // A leading '+' marks a phone number ("+15005550006"), not a number.
    if (cell[0] == '+') return is_timestamp(cell) ? SniffedKind::Timestamp : SniffedKind::String;
    const std::size_t digits_start = cell[0] == '-' ? 1 : 0;
    const std::string_view digits = cell.substr(digits_start);
    const bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    });
    if (all_digits) {
        // "007" and "01234" are codes (zip, phone), not numbers.
        if (digits.size() > 1 && digits[0] == '0') return SniffedKind::String;
        int64_t n = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        return ec == std::errc() && end == digits.data() + digits.size() ? SniffedKind::Int : SniffedKind::String;
    }
    if (cell.find_first_of(".eE") != std::string_view::npos && cell.find_first_not_of("+-.eE0123456789") == std::string_view::npos) {
        double d = 0;
        const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), d);
        if (ec == std::errc() && end == cell.data() + cell.size()) return SniffedKind::Double;
    }
    return is_timestamp(cell) ? SniffedKind::Timestamp : SniffedKind::String;
}

SniffResult sniff_stream(std::istream& in, FileFormat format, const SniffOptions& options) {
    SniffResult result;
    result.readable = true;
    result.format = format;
    if (format == FileFormat::Csv) {
        sniff_csv(in, options, result);
    } else {
        sniff_json_lines(in, options, result);
    }
    if (!result.readable) return result;
    if (in.bad()) {
        result.readable = false;
        result.error = "read error";
    }
    return result;
}

SniffResult sniff_file(const std::filesystem::path& path, const SniffOptions& options) {
    SniffResult result;
    const auto format = format_of(path);
    if (!format) {
        result.error = "'" + path.filename().string() + "' is neither .csv nor .jsonl/.ndjson";
        return result;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        result.error = "'" + path.string() + "' is a folder";
        return result;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.error = "cannot open '" + path.string() + "'";
        return result;
    }
    return sniff_stream(in, *format, options);
}

}  // namespace journeyctl::core::data
