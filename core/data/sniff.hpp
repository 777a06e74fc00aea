// A quick look at a data file's first rows: which fields it has and what
// type each one seems to hold. Validation uses it to type-check expressions
// against the data without loading it (`profile.frist_name` is an unknown
// field; `profile.age > "30"` compares an int with a string), and to know
// which event types a small events file contains.
//
// CSV (RFC 4180: a header row, `,` separators, `"` quoting with `""` for a
// quote, line breaks inside quotes) or JSON Lines (one object a line, by the
// extension .jsonl or .ndjson). Only the first `max_rows` data rows are read.
// An empty CSV cell, an absent JSON key and a JSON null are absent values
// and do not vote. Per value:
//   CSV cell   true/false (any case) -> bool; a whole number without a
//              leading zero or '+' (phone numbers, codes) that fits 64
//              bits -> int; a decimal or exponent
//              number -> double; RFC 3339 -> timestamp; else string.
//   JSON value bool, integer -> int, float -> double, string -> timestamp
//              when RFC 3339 else string, array -> list, object -> map.
// A field's kind is its values' common kind: int and double make double;
// timestamp and string make string; any other mix is string in CSV (every
// cell is text) and dyn in JSON Lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::data {

enum class FileFormat : uint8_t { Csv, JsonLines };

// By extension: .csv, .jsonl / .ndjson (case-insensitive); nullopt otherwise.
std::optional<FileFormat> format_of(const std::filesystem::path& path);

enum class SniffedKind : uint8_t { Int, Double, Bool, Timestamp, String, List, Map, Dyn };
std::string_view sniffed_kind_name(SniffedKind kind);  // "int", "double", ..., "dyn"

struct SniffedField {
    std::string name;
    SniffedKind kind = SniffedKind::Dyn;  // Dyn also when no sampled row had a value
    std::size_t present = 0;              // sampled rows with a value for it
};

struct SniffOptions {
    std::size_t max_rows = 100;
    // Collect the distinct string values of this field (the events' type
    // field); empty: collect nothing.
    std::string values_of;
};

struct SniffResult {
    bool readable = false;
    std::string error;  // why not, when !readable ("cannot open data/p.csv")
    FileFormat format = FileFormat::Csv;
    std::vector<SniffedField> fields;  // CSV: header order; JSON Lines: first seen
    std::size_t rows = 0;              // data rows sampled (rejected ones not counted)
    std::size_t rejected = 0;          // sampled rows that did not parse
    bool complete = false;             // the sample reached the end of the file
    std::set<std::string, std::less<>> values;  // distinct values of options.values_of

    const SniffedField* field(std::string_view name) const;
};

// Reads the file's first rows; never throws. The format comes from the
// extension; an unknown extension is unreadable.
SniffResult sniff_file(const std::filesystem::path& path, const SniffOptions& options = {});
SniffResult sniff_stream(std::istream& in, FileFormat format, const SniffOptions& options = {});

// The kind one CSV cell suggests (see above); the cell is not empty.
SniffedKind csv_cell_kind(std::string_view cell);

}  // namespace journeyctl::core::data
