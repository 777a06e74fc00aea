// The names of a batch's files in a file channel's folder, deterministic
// from the batch id and the part number, so that a rerun finds what an
// earlier run published:
//
//   STEM.part-0001.csv             the part's extraction
//   STEM.part-0001.manifest.json   its manifest, written last
//   .STEM.part-0001.csv.tmp        either of them while it is written
//                                  (hidden, never matched by *.csv)
//
// STEM is the batch id with every byte outside [A-Za-z0-9._@-], and a
// leading '.', written as %HH: any batch id gives a name that every file
// system and SFTP server takes, and two ids never give one name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace journeyctl::core::delivery::file {

std::string batch_stem(std::string_view batch);

std::string part_csv_name(std::string_view stem, uint32_t part);
std::string part_manifest_name(std::string_view stem, uint32_t part);
// The name a file is written under before it is published as `name`.
std::string staging_name(std::string_view name);

enum class BatchFileKind : uint8_t { Csv, Manifest, Staging };
struct BatchFile {
    BatchFileKind kind = BatchFileKind::Csv;
    uint32_t part = 0;
};

// What a file of the folder is to the batch of `stem`; nullopt when it is
// none of its files (another batch's, or anything else).
std::optional<BatchFile> batch_file_of(std::string_view name, std::string_view stem);

}  // namespace journeyctl::core::delivery::file
