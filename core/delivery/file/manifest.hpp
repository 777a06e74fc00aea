// The manifest of one published part of an extraction: a small JSON file
// written after the part's CSV, under a name of its own. Its presence is
// the publication: a reader of the folder takes a CSV only once its
// manifest is there, and a rerun counts a part's messages as sent only
// then (a CSV without one is the leftover of a crash, removed and written
// again). It says what the CSV must be: its name, row count (records
// after the header), size and SHA-256, the batch and the part number, and
// the columns, so a print house can check a file before it prints a
// letter. Deterministic: no clock, keys in a fixed order, so the same
// batch gives the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::core::delivery::file {

inline constexpr std::string_view k_manifest_format = "journeyctl-extraction/1";

struct PartManifest {
    std::string batch;
    uint32_t part = 0;
    std::string file;    // the CSV's name, in the same folder
    uint64_t count = 0;  // records after the header: one per message
    uint64_t bytes = 0;
    std::string sha256;  // of the CSV's bytes, lowercase hex
    std::vector<std::string> columns;

    bool operator==(const PartManifest&) const = default;
};

// The manifest as the file holds it: pretty-printed JSON and a newline.
std::string manifest_text(const PartManifest& manifest);

// A manifest read back; nullopt when the text is not one of this format.
std::optional<PartManifest> parse_manifest(std::string_view text);

}  // namespace journeyctl::core::delivery::file
