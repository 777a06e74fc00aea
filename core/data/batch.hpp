// One loading thread's share of a file (internal to core/data): the plan of
// which fields to keep and how to type them, the columns built so far, and
// the rows rejected. A row's cells are first staged, then checked (key,
// event type and time present, the event's profile known) and only then
// appended, so a rejected row leaves nothing behind.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/column_builder.hpp"
#include "core/data/dataset.hpp"
#include "core/data/key_index.hpp"
#include "core/data/sniff.hpp"

namespace journeyctl::core::data {

enum class FieldRole : uint8_t { Plain, Key, EventType, EventTime };

struct FieldSlot {
    std::string name;
    ColumnType type = ColumnType::String;
    bool declared = false;
    FieldRole role = FieldRole::Plain;
    // Dyn: the keys of a JSON object value to keep (LoadOptions::event_field_keys); none: all of it.
    std::optional<std::vector<std::string>> keys;
};

struct SourcePlan {
    std::filesystem::path file;
    std::string display;  // the path as reports show it
    FileFormat format = FileFormat::Csv;
    bool events = false;
    std::vector<FieldSlot> slots;              // the fields to materialize
    // Every other field the file is known to have (its header, sniffed or
    // declared): each value is still converted to the field's type and the
    // row rejected when it does not fit, but nothing is kept. So the rows a
    // command accepts do not depend on which fields it reads.
    std::vector<FieldSlot> checked;
    // The fields the file is known to have, in order (a load of every
    // field keeps these); the load may name others besides (a field past
    // the sniffed rows, or in no row at all). For the cache.
    std::vector<std::string> listed;
    const KeyIndex* profile_index = nullptr;  // events: keys to resolve
    std::size_t examples_per_reason = 5;
    bool strict = false;
    unsigned threads = 1;
};

// Rejected rows of one batch; lines relative to the batch's first line.
struct Rejects {
    std::map<RejectReason, uint64_t> counts;
    std::vector<RejectedRow> examples;
    void add(RejectReason reason, uint64_t line, std::string detail, std::size_t limit, uint64_t rows = 1);
    uint64_t total() const;
};

struct ProfileRun {
    uint32_t profile = 0;
    uint32_t rows = 0;
};

struct Batch {
    std::vector<ColumnBuilder> columns;  // one per slot
    // Events: the profile row of each row, as runs of rows of one profile
    // (a file grouped by profile has one run per profile, not per event).
    std::vector<ProfileRun> profile_of;
    std::vector<uint64_t> line_of;       // profiles: each row's line (relative)
    Arena arena;
    uint64_t rows_read = 0;   // data rows seen, rejected ones included
    uint64_t newlines = 0;    // newlines consumed
    std::size_t end = 0;      // CSV: offset where the last record ended
    Rejects rejects;
    // JSON Lines: top-level fields met that the plan neither keeps nor
    // checks (beyond the sniffed rows), each once: SourceReport::other_fields.
    std::vector<std::string> other_fields;
};

// An empty batch with one column per slot, reserved for about `rows` rows.
Batch new_batch(const SourcePlan& plan, std::size_t rows);

// One staged cell.
struct Staged {
    // Json: `text` is a Dyn cell's JSON text, checked.
    enum class Kind : uint8_t { Absent, Int, Double, Bool, Text, Time, Json };
    Kind kind = Kind::Absent;
    int64_t i = 0;
    double d = 0;
    expr::Timestamp t;
    std::string_view text;  // valid until the row is committed
};

class RowStager {
public:
    RowStager(const SourcePlan& plan, Batch& batch);

    void begin();
    Staged& cell(uint32_t slot) { return m_cells[slot]; }
    // Room for a Dyn cell's JSON text made for this row (a CSV cell quoted,
    // an object cut down to its wanted keys), valid until the next row.
    std::string& json_text(uint32_t slot) { return m_json_text[slot]; }
    // Converts a CSV cell (or a JSON string) to the slot's type. False when
    // it does not fit: the row is then rejected (reject() was called).
    bool text(uint32_t slot, std::string_view text);
    // As text(), for a field of SourcePlan::checked: converted, not kept.
    bool check_text(const FieldSlot& field, std::string_view text);
    // A top-level field the plan does not know (JSON Lines), noted once.
    void saw_other_field(std::string_view name);
    // A cell to convert a checked field's value into (then forgotten).
    Staged& scratch() { return m_scratch; }
    std::string& scratch_json() { return m_scratch_json; }
    // Converts `text` to the field's type into `s`; false (and the row
    // rejected) when it does not fit. text() and check_text() use it.
    bool convert(const FieldSlot& f, Staged& s, std::string& json_text, std::string_view text);
    void reject(RejectReason reason, std::string detail);
    bool rejected() const { return m_rejected; }
    // Checks and appends the staged row, or records why it is rejected.
    // `line` is relative to the batch's start. True when appended.
    bool commit(uint64_t line);
    // Records a row rejected before staging (malformed).
    // `rows`: how many rows it stands for (a quote never closed swallows
    // every line after it).
    void reject_row(uint64_t line, RejectReason reason, std::string detail, uint64_t rows = 1);
    // Why a value does not fit: "age: \"abc\" is not an int".
    std::string bad_type(uint32_t slot, std::string_view shown) const;
    std::string bad_type(const FieldSlot& field, std::string_view shown) const;

private:
    const SourcePlan& m_plan;
    Batch& m_batch;
    std::vector<Staged> m_cells;
    Staged m_scratch;
    std::string m_scratch_json;
    std::vector<std::string> m_json_text;  // per slot: a CSV dyn cell quoted as JSON
    bool m_rejected = false;
    RejectReason m_reason = RejectReason::MalformedRow;
    std::string m_detail;
    int m_key_slot = -1, m_type_slot = -1, m_time_slot = -1;
    std::string m_last_key;  // events: the last key resolved, and its profile
    uint32_t m_last_profile = 0;
    bool m_has_last = false;
};

// "\"abc\"" shortened for messages.
std::string quoted_excerpt(std::string_view text);

}  // namespace journeyctl::core::data
