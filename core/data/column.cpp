// Columns and tables: reading cells as expression values, and the builder
// operations the loader uses (append, join the threads' parts, reorder,
// drop rows). See column_builder.hpp.
#include <algorithm>
#include <bit>
#include <cstring>

#include "core/data/column_builder.hpp"
#include "core/data/jsonl.hpp"

namespace journeyctl::core::data {

namespace {

constexpr std::size_t k_arena_chunk = 1 << 20;
// A part with more distinct strings than this stores plain views.
constexpr std::size_t k_max_dictionary = 4096;

bool bit(const std::vector<uint64_t>& bits, uint32_t i) {
    return (bits[i >> 6] >> (i & 63)) & 1;
}

}  // namespace

std::string_view column_type_name(ColumnType type) {
    switch (type) {
        case ColumnType::Int: return "int";
        case ColumnType::Double: return "double";
        case ColumnType::Bool: return "bool";
        case ColumnType::String: return "string";
        case ColumnType::Timestamp: return "timestamp";
        case ColumnType::Dyn: return "dyn";
    }
    return "dyn";
}

// ---- Column ----

bool Column::present(uint32_t row) const {
    return m_group_keys != nullptr || bit(m_present, row);
}

expr::Value Column::value(uint32_t row) const {
    if (m_group_keys != nullptr) {
        const uint32_t* end = m_group_begin + m_group_count + 1;
        const uint32_t profile = static_cast<uint32_t>(std::upper_bound(m_group_begin, end, row) - m_group_begin) - 1;
        return m_group_keys->value(profile);
    }
    if (!bit(m_present, row)) return expr::Value::null();
    switch (m_type) {
        case ColumnType::Int: return expr::Value::integer(m_ints[row]);
        case ColumnType::Bool: return expr::Value::boolean(m_ints[row] != 0);
        case ColumnType::Double: return expr::Value::real(m_doubles[row]);
        case ColumnType::String:
            return expr::Value::borrowed_string(m_codes.empty() ? m_strings[row] : m_dictionary[m_codes[row]]);
        case ColumnType::Timestamp:
            return expr::Value::timestamp({m_ints[row], m_nanos.empty() ? 0 : m_nanos[row]});
        case ColumnType::Dyn: return json_cell_value(m_json[row]);
    }
    return expr::Value::null();
}

std::size_t Column::present_count() const {
    if (m_group_keys != nullptr) return m_rows;
    std::size_t count = 0;
    for (std::size_t w = 0; w < m_present.size(); ++w) count += static_cast<std::size_t>(std::popcount(m_present[w]));
    return count;
}

// ---- Table ----

const Column* Table::column(std::string_view name) const {
    for (const Column& c : m_columns) {
        if (c.name() == name) return &c;
    }
    return nullptr;
}

uint32_t Table::field_count() const {
    return static_cast<uint32_t>(m_columns.size() + m_aliases.size());
}

std::string_view Table::field_name(uint32_t field) const {
    return field < m_columns.size() ? std::string_view(m_columns[field].name())
                                    : std::string_view(m_aliases[field - m_columns.size()].first);
}

std::optional<uint32_t> Table::field_index(std::string_view name) const {
    // An alias (`type`, `time`) wins over a source field of the same name.
    for (std::size_t i = 0; i < m_aliases.size(); ++i) {
        if (m_aliases[i].first == name) return static_cast<uint32_t>(m_columns.size() + i);
    }
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].name() == name) return static_cast<uint32_t>(i);
    }
    return std::nullopt;
}

const Column& Table::field_column(uint32_t field) const {
    return field < m_columns.size() ? m_columns[field] : m_columns[m_aliases[field - m_columns.size()].second];
}

bool Table::get(uint32_t field, uint32_t row, expr::Value& out) const {
    const Column& c = field_column(field);
    if (!c.present(row)) return false;
    out = c.value(row);
    return true;
}

void TableAccess::set(Table& table, uint32_t rows, std::vector<Column> columns) {
    table.m_rows = rows;
    table.m_columns = std::move(columns);
}

void TableAccess::add_alias(Table& table, std::string name, uint32_t column) {
    table.m_aliases.emplace_back(std::move(name), column);
}

// ---- Arena ----

std::string_view Arena::copy(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > m_left) {
        const std::size_t size = std::max(k_arena_chunk, text.size());
        m_chunks.push_back(std::make_unique_for_overwrite<char[]>(size));
        m_next = m_chunks.back().get();
        m_left = size;
    }
    std::memcpy(m_next, text.data(), text.size());
    std::string_view stored(m_next, text.size());
    m_next += text.size();
    m_left -= text.size();
    return stored;
}

void Arena::move_into(std::vector<std::unique_ptr<char[]>>& chunks) {
    for (auto& chunk : m_chunks) chunks.push_back(std::move(chunk));
    m_chunks.clear();
    m_next = nullptr;
    m_left = 0;
}

// ---- ColumnBuilder ----

ColumnBuilder::ColumnBuilder(std::string name, ColumnType type, bool declared, bool dictionary) {
    m_column.m_name = std::move(name);
    m_column.m_type = type;
    m_column.m_declared = declared;
    m_dictionary_mode = dictionary && type == ColumnType::String;
}

void ColumnBuilder::reserve(std::size_t rows) {
    m_column.m_present.reserve((rows + 63) / 64);
    switch (m_column.m_type) {
        case ColumnType::Int:
        case ColumnType::Bool:
        case ColumnType::Timestamp: m_column.m_ints.reserve(rows); break;
        case ColumnType::Double: m_column.m_doubles.reserve(rows); break;
        case ColumnType::String:
            if (m_dictionary_mode) {
                m_column.m_codes.reserve(rows);
            } else {
                m_column.m_strings.reserve(rows);
            }
            break;
        case ColumnType::Dyn: m_column.m_json.reserve(rows); break;
    }
}

void ColumnBuilder::push_present(bool present) {
    const uint32_t row = m_column.m_rows++;
    if ((row & 63) == 0) m_column.m_present.push_back(0);
    if (present) m_column.m_present.back() |= uint64_t{1} << (row & 63);
}

void ColumnBuilder::append_absent() {
    switch (m_column.m_type) {
        case ColumnType::Int:
        case ColumnType::Bool: m_column.m_ints.push_back(0); break;
        case ColumnType::Timestamp:
            m_column.m_ints.push_back(0);
            if (!m_column.m_nanos.empty()) m_column.m_nanos.push_back(0);
            break;
        case ColumnType::Double: m_column.m_doubles.push_back(0); break;
        case ColumnType::String:
            if (m_dictionary_mode) {
                m_column.m_codes.push_back(0);
            } else {
                m_column.m_strings.emplace_back();
            }
            break;
        case ColumnType::Dyn: m_column.m_json.emplace_back(); break;
    }
    push_present(false);
}

void ColumnBuilder::append_int(int64_t value) {
    m_column.m_ints.push_back(value);
    push_present(true);
}

void ColumnBuilder::append_bool(bool value) {
    m_column.m_ints.push_back(value ? 1 : 0);
    push_present(true);
}

void ColumnBuilder::append_double(double value) {
    m_column.m_doubles.push_back(value);
    push_present(true);
}

void ColumnBuilder::append_timestamp(expr::Timestamp value) {
    // Nanoseconds are stored from the first fraction on (zeros filled in
    // for the rows before it); testing emptiness alone lost the fraction of
    // a column's first row, whose fill leaves the vector empty.
    const bool fractions = value.nanos != 0 || !m_column.m_nanos.empty();
    if (fractions) m_column.m_nanos.resize(m_column.m_ints.size(), 0);
    m_column.m_ints.push_back(value.seconds);
    if (fractions) m_column.m_nanos.push_back(value.nanos);
    push_present(true);
}

void ColumnBuilder::append_json(std::string_view json, Arena& arena) {
    m_column.m_json.push_back(arena.copy(json));
    push_present(true);
}

void ColumnBuilder::append_string(std::string_view text, Arena& arena) {
    if (m_dictionary_mode) {
        auto it = m_dictionary_index.find(text);
        if (it == m_dictionary_index.end()) {
            if (m_column.m_dictionary.size() >= k_max_dictionary) {
                to_plain_strings();
                append_string(text, arena);
                return;
            }
            const std::string_view stored = arena.copy(text);
            it = m_dictionary_index.emplace(stored, static_cast<uint32_t>(m_column.m_dictionary.size())).first;
            m_column.m_dictionary.push_back(stored);
        }
        m_column.m_codes.push_back(it->second);
    } else {
        m_column.m_strings.push_back(arena.copy(text));
    }
    push_present(true);
}

void ColumnBuilder::to_plain_strings() {
    std::vector<std::string_view> plain;
    plain.reserve(std::max(m_column.m_codes.capacity(), m_column.m_codes.size() + 1));
    for (uint32_t code : m_column.m_codes) {
        plain.push_back(m_column.m_dictionary.empty() ? std::string_view() : m_column.m_dictionary[code]);
    }
    // Absent cells carry code 0 but must read as empty views.
    for (uint32_t row = 0; row < m_column.m_rows; ++row) {
        if (!bit(m_column.m_present, row)) plain[row] = {};
    }
    m_column.m_strings = std::move(plain);
    std::vector<uint32_t>().swap(m_column.m_codes);
    m_column.m_dictionary.clear();
    m_dictionary_index.clear();
    m_dictionary_mode = false;
}

void ColumnBuilder::widen_to_double() {
    if (m_column.m_type != ColumnType::Int) return;
    m_column.m_doubles.reserve(m_column.m_ints.capacity());
    for (int64_t v : m_column.m_ints) m_column.m_doubles.push_back(static_cast<double>(v));
    std::vector<int64_t>().swap(m_column.m_ints);
    m_column.m_type = ColumnType::Double;
}

}  // namespace journeyctl::core::data
