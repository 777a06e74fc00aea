// Building columns while loading (internal to core/data): appending typed
// cells, then joining the parts that the loading threads built, reordering
// rows (events grouped by profile, in time order) and dropping rejected
// ones. Strings are copied once into an Arena of big chunks, so a row costs
// no heap allocation; string columns start dictionary-encoded (one copy per
// distinct value, 4 bytes a row) and turn into plain views when a part has
// too many distinct values for a dictionary to pay.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/data/dataset.hpp"

namespace journeyctl::core::data {

// Append-only storage for strings in chunks that never move.
class Arena {
public:
    std::string_view copy(std::string_view text);
    // Moves the chunks out (into a Table), leaving the arena empty.
    void move_into(std::vector<std::unique_ptr<char[]>>& chunks);

private:
    std::vector<std::unique_ptr<char[]>> m_chunks;
    char* m_next = nullptr;
    std::size_t m_left = 0;
};

class ColumnBuilder {
public:
    // `dictionary`: start String cells dictionary-encoded (the profile key,
    // unique by nature, starts plain).
    ColumnBuilder(std::string name, ColumnType type, bool declared, bool dictionary);

    ColumnType type() const { return m_column.m_type; }
    uint32_t rows() const { return m_column.m_rows; }
    void reserve(std::size_t rows);

    void append_absent();
    void append_int(int64_t value);
    void append_bool(bool value);
    void append_double(double value);
    void append_string(std::string_view text, Arena& arena);  // copied (or interned)
    void append_timestamp(expr::Timestamp value);
    // A Dyn cell as its JSON text (copied), made a value when read.
    void append_json(std::string_view json, Arena& arena);
    // An inferred int column met a decimal: its ints become doubles.
    void widen_to_double();

    Column take() { return std::move(m_column); }

    // One column from the parts of one field built by several threads (or
    // read from several files), in row order. Parts may differ in
    // Int/Double (joined as Double), in string encoding (joined plain unless
    // all are dictionaries; each part's own dictionary is remapped) and in
    // whether timestamps carry nanoseconds.
    static Column concat(std::vector<Column>& parts);
    // Row i of the result is row order[i] of `column`.
    static void gather(Column& column, std::span<const uint32_t> order);
    // Rows [begin, begin + order.size()) reordered: new row begin + i is
    // old row begin + order[i].
    static void permute_range(Column& column, uint32_t begin, std::span<const uint32_t> order);
    // Keeps the rows whose keep[row] is true.
    static void keep_rows(Column& column, const std::vector<uint8_t>& keep);
    // Makes `column` show, for row r, the key of the profile p whose group
    // [begin[p], begin[p + 1]) holds r.
    static void make_group_key(Column& column, uint32_t rows, const std::vector<uint32_t>& begin, const Column& keys);

private:
    void push_present(bool present);
    void to_plain_strings();

    Column m_column;
    bool m_dictionary_mode = false;
    std::unordered_map<std::string_view, uint32_t> m_dictionary_index;
};

// Direct access to a Table's private parts for the loader.
struct TableAccess {
    static void set(Table& table, uint32_t rows, std::vector<Column> columns);
    static void add_alias(Table& table, std::string name, uint32_t column);
    static std::vector<std::unique_ptr<char[]>>& arena(Table& table) { return table.m_arena; }
    static std::vector<Column>& columns(Table& table) { return table.m_columns; }
    static void set_rows(Table& table, uint32_t rows) { table.m_rows = rows; }
    static void keep_mapped(Table& table, std::shared_ptr<const void> mapping) { table.m_mapping = std::move(mapping); }
    static const std::vector<std::pair<std::string, uint32_t>>& aliases(const Table& table) { return table.m_aliases; }
};

// Direct access to a Column's storage for the loader's sorting, and for the
// segment engine's tests that read cells without making Values of them.
struct ColumnAccess {
    static const std::vector<int64_t>& ints(const Column& column) { return column.m_ints; }
    static const std::vector<int32_t>& nanos(const Column& column) { return column.m_nanos; }
    static const std::vector<double>& doubles(const Column& column) { return column.m_doubles; }
    static const std::vector<std::string_view>& strings(const Column& column) { return column.m_strings; }
    static const std::vector<uint32_t>& codes(const Column& column) { return column.m_codes; }
    static const std::vector<std::string_view>& dictionary(const Column& column) { return column.m_dictionary; }
    static void rename(Column& column, std::string name) { column.m_name = std::move(name); }
};

}  // namespace journeyctl::core::data
