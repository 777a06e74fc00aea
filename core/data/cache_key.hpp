// What a column cache file is valid for (internal to core/data): the data
// files' content, the sources' settings, and the loader's format version.
//
// A file's content is its xxh3 hash. Hashing a large file costs a read of
// it, so a file's stamp (size, mtime, ctime, inode) is kept beside the hash
// and a file whose stamp has not moved is taken as unchanged without
// hashing; one whose stamp moved is hashed, so the same bytes under a new
// mtime (a checkout, a copy) still match, and a changed file of the same
// size never does. The ctime is in the stamp because a program can set the
// mtime back (rsync -t, touch -r) but not the ctime.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/data/dataset.hpp"

namespace journeyctl::core::data {

// Bump on any change to what loading makes of a file (types, rejections,
// columns) or to the cache file's layout: a cache of another version is
// never read.
inline constexpr uint32_t k_cache_format_version = 1;

struct FileStamp {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    int64_t ctime_ns = 0;
    uint64_t inode = 0;
    uint64_t device = 0;
    bool operator==(const FileStamp&) const = default;
};

// The stamp of a regular file; nullopt when it cannot be read.
std::optional<FileStamp> stamp_of(const std::filesystem::path& file);

// The xxh3 (64-bit) hash of the file's bytes; nullopt when it cannot be read.
std::optional<uint64_t> content_hash(const std::filesystem::path& file);

// One data file as a cache file records it.
struct FileIdentity {
    FileStamp stamp;
    uint64_t hash = 0;
};

// The sources' settings that decide what loading makes of the files
// (paths as written, key, type and time fields, declared fields and types,
// the examples kept per reason) and the format version, as a hash: two
// loads with the same settings and the same file contents give the same
// tables.
uint64_t settings_hash(const DataSources& sources, const LoadOptions& options);

// The cache file of these sources in `folder`: one per pair of data files,
// so a change of their content or settings replaces it rather than adding
// another.
std::filesystem::path cache_file_of(const DataSources& sources, const std::filesystem::path& folder);

// A hash as 16 hex digits, and back (nullopt when not that).
std::string hash_text(uint64_t hash);
std::optional<uint64_t> hash_from_text(const std::string& text);

}  // namespace journeyctl::core::data
