// Loading one data file into columns (internal to core/data): map the file,
// cut it into chunks of whole lines, let a few threads turn chunks into
// batches (CSV: csv.hpp; JSON Lines: jsonl.hpp), then join the batches in
// file order and number the rejected rows' lines.
//
// CSV chunks are cut at line breaks without knowing whether a quoted cell
// spans the cut; each chunk is read from there, and afterwards every chunk
// must have ended exactly where the next one began. When one did not (a
// line break inside quotes crossed the cut), the file is read again in one
// piece, so the result never depends on where the cuts fell.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/data/batch.hpp"

namespace journeyctl::core::data {

struct LoadedSource {
    std::vector<Column> columns;       // one per slot, all rows
    uint32_t rows = 0;
    std::vector<ProfileRun> profile_of;  // events: each row's profile, in runs
    std::vector<uint64_t> line_of;     // profiles: each row's line
    std::vector<std::unique_ptr<char[]>> arena;
    SourceReport report;
    std::vector<RejectedRow> examples;  // file order, path and line set
};

struct ProgressState {
    std::function<void(uint64_t, uint64_t)> callback;
    uint64_t total = 0;
    std::atomic<uint64_t> done{0};
};

// The header of a CSV file (BOM removed); empty for an empty file. Throws
// ConfigError when the file cannot be read.
std::vector<std::string> read_csv_header(const SourcePlan& plan);

// Throws ConfigError when the file cannot be read, DataError on the first
// rejected row when plan.strict.
LoadedSource load_source(const SourcePlan& plan, ProgressState& progress);

// "path:line: reason: detail"
std::string describe_rejected(const RejectedRow& row);

}  // namespace journeyctl::core::data
