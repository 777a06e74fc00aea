// Profiles and their events loaded from the workspace's data files into
// typed columns: the input of segments, dry-runs and `data export`.
//
// Profiles: one row per profile, in file order; the key column is unique.
// Events: grouped by profile and sorted by time within each profile (file
// order breaks ties), so one profile's events are the rows
// [event_begin(p), event_begin(p + 1)) of the event table. Only the fields
// named in LoadOptions are materialized (plus the profile key and the
// events' key, type and time), so a segment over four fields of a wide
// file does not pay for the others.
//
// Types: a field's declared type (journeyctl.yaml), else the kind that
// sniff_file (core/data/sniff.hpp) infers from the file's first rows, so
// that loading and `validate` agree. An inferred int column that meets a
// decimal becomes double; any other cell that does not fit its column's
// type rejects its row (BadType). Every field the file is known to have
// (CSV: its header; JSON Lines: the sniffed fields and the declared ones)
// is checked, materialized or not, so the rows loaded never depend on
// which fields a command reads: `segment count` and `segment export` see
// the same profiles.
// The profile key is text whatever its inferred type; events expose their
// source fields plus `type` and `time` (formats.md), and the time field is
// a Timestamp under both names (RFC 3339 with any offset, or epoch seconds).
//
// Bad rows are never silently dropped: each is counted under its reason,
// the first few kept with file and line, and in strict mode the first one
// stops loading with a DataError (exit 3).
//
// Extra event files (LoadOptions::extra_event_files: a dry-run's
// hypothetical events) are read as if they were more of the workspace's
// events file: its field names and column types, their rows in the same
// event table after its rows, so grouping and the stable time sort break
// ties by file order, then line order.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/sniff.hpp"
#include "core/data/source.hpp"
#include "core/expr/record.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::data {

std::string_view column_type_name(ColumnType type);  // "int", ..., "dyn"

// One typed column. Dyn holds per-cell values (JSON objects and arrays,
// fields whose kinds vary): event properties are Dyn.
class Column {
public:
    const std::string& name() const { return m_name; }
    ColumnType type() const { return m_type; }
    // Whether the type was declared in journeyctl.yaml (else inferred).
    bool declared() const { return m_declared; }
    bool present(uint32_t row) const;
    // The cell as an expression value (strings borrowed); null Value when
    // absent — check present() first.
    expr::Value value(uint32_t row) const;
    std::size_t present_count() const;
    uint32_t size() const { return m_rows; }

private:
    friend class ColumnBuilder;
    friend struct ColumnAccess;
    friend struct ColumnCodec;  // the column cache (cache_columns.cpp)
    std::string m_name;
    ColumnType m_type = ColumnType::Dyn;
    bool m_declared = false;
    uint32_t m_rows = 0;
    std::vector<uint64_t> m_present;          // bitmap
    std::vector<int64_t> m_ints;              // Int, Bool (0/1), Timestamp seconds
    std::vector<int32_t> m_nanos;             // Timestamp nanos; empty when all are 0
    std::vector<double> m_doubles;            // Double
    std::vector<std::string_view> m_strings;  // String: views into the table's arena
    // String, dictionary-encoded (few distinct values, e.g. event types):
    // m_codes index m_dictionary; m_strings is then empty.
    std::vector<uint32_t> m_codes;
    std::vector<std::string_view> m_dictionary;
    // Dyn: each cell's JSON text (checked when loaded, kept in the table's
    // arena) made a value when read. Building every event's `properties`
    // map while loading cost ten times the rest of the event.
    std::vector<std::string_view> m_json;
    // The events' key column stores nothing: row r belongs to the profile p
    // with m_group_begin[p] <= r < m_group_begin[p + 1], whose key it shows.
    const uint32_t* m_group_begin = nullptr;
    uint32_t m_group_count = 0;
    const Column* m_group_keys = nullptr;
};

// A table of rows: the columns, and the storage their strings point into.
// It is the RecordSource that profile and event Records read from. Its
// fields are its columns (field i = column i) followed by aliases: for
// events, `type` and `time` when the source names those fields otherwise.
class Table final : public expr::RecordSource {
public:
    uint32_t row_count() const { return m_rows; }
    const std::vector<Column>& columns() const { return m_columns; }
    const Column* column(std::string_view name) const;

    uint32_t field_count() const override;
    std::string_view field_name(uint32_t field) const override;
    std::optional<uint32_t> field_index(std::string_view name) const override;
    bool get(uint32_t field, uint32_t row, expr::Value& out) const override;
    // The column a field reads (an alias reads another field's column).
    const Column& field_column(uint32_t field) const;

private:
    friend struct TableAccess;
    uint32_t m_rows = 0;
    std::vector<Column> m_columns;
    std::vector<std::pair<std::string, uint32_t>> m_aliases;  // name, column
    std::vector<std::unique_ptr<char[]>> m_arena;  // string storage (chunks)
    // A table read from the column cache: the mapped file its strings
    // point into, shared by the profile and event tables.
    std::shared_ptr<const void> m_mapping;
};

// Why a row was rejected (counted per reason, reported per file).
enum class RejectReason : uint8_t {
    MalformedRow,      // not CSV/JSON, wrong number of CSV fields, not a JSON object
    BadType,           // a value that does not fit its declared type
    MissingKey,        // no profile key (or, for events, no key/type/time)
    DuplicateKey,      // a second profile with the same key (the first is kept)
    UnknownProfile,    // an event whose key is not a loaded profile
    BadTime,           // an event time that is not RFC 3339 or epoch seconds
};
std::string_view reject_reason_name(RejectReason reason);  // "malformed row", ...

struct RejectedRow {
    std::string path;   // as SourceReport::path
    uint64_t line = 0;  // 1-based physical line where the row starts
    RejectReason reason = RejectReason::MalformedRow;
    std::string detail;  // "age: \"abc\" is not an int"
};

// What loading one file found.
struct SourceReport {
    bool loaded = false;  // false: not configured (no events), or not asked for
    // As reports show it: the workspace's files as journeyctl.yaml names
    // them (relative to the root); an extra event file relative to the root
    // when inside it, else as given.
    std::string path;
    FileFormat format = FileFormat::Csv;
    uint64_t rows = 0;    // data rows read (blank lines are not rows)
    uint64_t kept = 0;    // rows in the table
    std::map<RejectReason, uint64_t> rejected;
    // JSON Lines: top-level fields found in rows past the sniffed sample
    // and not loaded (a command that names one loads it).
    std::vector<std::string> other_fields;
    uint64_t rejected_total() const;
};

// What the column cache (core/data/cache.hpp) did for a load.
enum class CacheUse : uint8_t {
    Off,      // no cache folder given (--no-cache)
    Fresh,    // the cache matched the files: read from it, nothing parsed
    Written,  // parsed and written: none yet, stale, damaged or incomplete (why)
    Skipped,  // parsed, cache neither read nor written (why)
};
std::string_view cache_use_name(CacheUse use);  // "off", "fresh", "written", "skipped"

struct CacheReport {
    CacheUse use = CacheUse::Off;
    std::filesystem::path file;  // the cache file (empty when Off)
    std::string why;             // Written, Skipped: "no cache yet", "data/events.jsonl changed", ...
    // Something the user should hear of: a damaged cache rebuilt, a cache
    // that could not be written. Empty when all went as it should.
    std::string warning;
};

struct LoadReport {
    uint64_t profile_rows = 0;  // data rows read from the profile file
    uint64_t event_rows = 0;    // data rows read from every event file, extra ones included
    std::map<RejectReason, uint64_t> rejected;  // count per reason, all files
    std::vector<RejectedRow> examples;          // the first few per reason and file
    SourceReport profiles;
    SourceReport events;                      // the workspace's events file
    std::vector<SourceReport> extra_events;  // one per LoadOptions::extra_event_files, in order
    CacheReport cache;
    uint64_t rejected_total() const;
};

struct LoadOptions {
    // Profile / event fields to materialize; nullopt = all of them.
    std::optional<std::vector<std::string>> profile_fields;
    std::optional<std::vector<std::string>> event_fields;
    // Event fields of JSON Lines files read only through these keys of
    // their object values (`e.properties.amount`): such a cell keeps just
    // those keys, so that loading neither checks nor stores the rest (the
    // keys left out are skipped like the fields left out). A field not
    // named here is kept whole.
    std::map<std::string, std::vector<std::string>> event_field_keys;
    bool load_events = true;
    // More event files read with the workspace events source's field names
    // and column types (.csv, .jsonl or .ndjson; absolute or relative to the
    // workspace root), their rows joined to the workspace's events. They
    // need an events source in journeyctl.yaml (ConfigError without one);
    // ignored when !load_events.
    std::vector<std::filesystem::path> extra_event_files;
    bool strict = false;            // first rejected row throws DataError
    unsigned threads = 0;           // 0 = one per core
    std::size_t examples_per_reason = 5;
    // Called now and then with bytes read and total, for a progress bar.
    // Called on the calling thread.
    std::function<void(uint64_t done, uint64_t total)> progress;
    // The folder of the column cache (the workspace's state folder's
    // `cache/`, made by the caller's layer); nullopt: no cache. With one,
    // a load reads every field's column from a cache file that matches the
    // data files' content, the sources' settings and the loader's format
    // version, and when there is none parses every field and writes it
    // (core/data/cache.hpp). What a load returns is the same either
    // way. Loads with extra event files, and strict loads of data with
    // rejected rows, parse the files and leave the cache alone.
    std::optional<std::filesystem::path> cache_folder;
};

class Dataset {
public:
    const Table& profiles() const { return *m_profiles; }
    const Table& events() const { return *m_events; }
    const LoadReport& report() const { return m_report; }
    uint32_t key_field() const { return m_key_field; }  // profile key column
    std::optional<uint32_t> find_profile(std::string_view key) const;
    // Events of profile p are rows [event_begin(p), event_begin(p + 1)).
    uint32_t event_begin(uint32_t profile) const { return m_event_begin[profile]; }
    // The field names events expose besides their source fields ("type",
    // "time") map to these columns.
    uint32_t event_type_field() const { return m_event_type_field; }
    uint32_t event_time_field() const { return m_event_time_field; }

private:
    friend class DatasetLoader;
    friend struct DatasetCodec;  // the column cache (cache_dataset.cpp)
    friend class CachedLoad;     // (cache.cpp)
    friend class ColumnSource;   // (cache_dataset.cpp)
    std::unique_ptr<Table> m_profiles;
    std::unique_ptr<Table> m_events;
    LoadReport m_report;
    uint32_t m_key_field = 0;
    uint32_t m_event_type_field = 0;
    uint32_t m_event_time_field = 0;
    std::vector<uint32_t> m_event_begin;  // profiles + 1 entries
    std::shared_ptr<const class KeyIndex> m_key_index;
};

// Loads the data sources (journeyctl.yaml's data.profiles / .events, made
// by core/workspace/data_sources.hpp; paths relative to `root`) and any
// extra event files. Throws ConfigError when no profiles are configured, a
// file cannot be opened (the extra ones too), or extra event files come
// without an events source, and DataError on the first bad row in strict
// mode ("path:line: reason: detail"). Without an events source the event
// table is empty (with its `type` and `time` fields).
Dataset load_dataset(const DataSources& sources, const std::filesystem::path& root, const LoadOptions& options = {});

}  // namespace journeyctl::core::data
