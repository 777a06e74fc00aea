// Columns and datasets to and from a column cache file (internal to
// core/data; cache_columns.cpp, cache_dataset.cpp). Writing stores the
// columns a load kept (JSON values whole); reading takes only the columns a
// load asks for, copying their arrays out of the mapped file and pointing
// their strings into it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/batch.hpp"
#include "core/data/cache_file.hpp"
#include "core/data/column_builder.hpp"
#include "core/data/dataset.hpp"
#include "core/data/load_files.hpp"

namespace journeyctl::core::data {

struct ColumnCodec {
    // The column's arrays as sections; its directory entry.
    static nlohmann::json write(CacheFileWriter& writer, const Column& column);
    // The column of a directory entry (CacheDamaged when it does not hold
    // together). The events' key column comes back empty, marked by
    // is_group_key(): the caller makes it from the groups.
    static Column read(const MappedCache& cache, const nlohmann::json& entry);
    static bool is_group_key(const nlohmann::json& entry);
    // A column of `rows` absent cells: a field a load names that no row has.
    static Column absent(std::string name, ColumnType type, uint32_t rows);
    // Each object cell cut down to `slot.keys`, as loading cuts it
    // (LoadOptions::event_field_keys), on `threads` threads; the cut text
    // is kept in `storage` (the table's arena).
    static void cut_to_keys(Column& column, const FieldSlot& slot, std::vector<std::unique_ptr<char[]>>& storage,
                            unsigned threads);
};

// Where a load's columns come from: a cache file, or the full dataset just
// parsed and written (its columns moved out, not read back from the file).
class ColumnSource {
public:
    explicit ColumnSource(const MappedCache& cache) : m_cache(&cache) {}
    explicit ColumnSource(Dataset& parsed) : m_parsed(&parsed) {}

    Column column(bool events, std::size_t stored, const nlohmann::json& entry) const;
    std::vector<uint32_t> event_begin(const nlohmann::json& directory) const;
    void keep_storage(Table& table, bool events) const;

private:
    const MappedCache* m_cache = nullptr;
    Dataset* m_parsed = nullptr;
};

struct DatasetCodec {
    // Writes the dataset's sections; returns the directory, with `key`
    // (what the cache is valid for) in it.
    static nlohmann::json write(CacheFileWriter& writer, const Dataset& data, const FieldsListed& listed,
                                nlohmann::json key);
    // The fields a load with `options` needs that the cache has no column
    // for but the file has (listed, or seen past the sniffed rows): the
    // cache cannot serve it. `events`: the load reads events.
    static std::vector<std::string> unserved_fields(const nlohmann::json& directory, const LoadOptions& options,
                                                    bool events);
    // The fields the cache has columns for, and those seen past the
    // sniffed rows: what a rebuild keeps too, so that the cache grows to
    // the fields the commands use.
    static std::vector<std::string> named_fields(const nlohmann::json& directory, std::string_view table);
    // The dataset a load with `options` gives, read from the cache.
    // `events_configured`: the sources have an events file.
    static Dataset read(const MappedCache& cache, const LoadOptions& options, bool events_configured);
    // The same from `source`, described by `directory`.
    static Dataset take(const nlohmann::json& directory, const ColumnSource& source, const LoadOptions& options,
                        bool events_configured);
};

}  // namespace journeyctl::core::data
