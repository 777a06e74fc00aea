// The column cache: what loading a workspace's data files gives, kept in a
// file under the workspace's state folder (LoadOptions::cache_folder), so
// that the next command maps it instead of parsing the files.
//
// One cache file per pair of data files (cache_key.hpp names it), valid
// for their content (xxh3; a file whose size, mtime, ctime and inode have
// not moved is not hashed again), the sources' settings (declared types,
// key, type and time fields) and the loader's format version. It holds the
// columns of the fields loads have used (JSON values whole), the fields
// each file lists, the names of fields seen past the sniffed rows, the
// events grouped by profile, and the load report, so that a load from it
// returns what parsing would, rejected rows included.
//
// load_dataset (dataset.hpp) with a cache folder: a fresh cache that has
// the load's fields is mapped and only those columns are read from it
// (CacheUse::Fresh). Otherwise the files are parsed for the load's fields
// and the cache's (so the cache grows to what the commands use, and the
// first run pays little more than its own parse), written to a temporary
// file, renamed over the cache file, and the load's columns taken from
// the parsed tables (CacheUse::Written): two processes building it at
// once each serve their own parse, and the last rename wins. A damaged
// cache file (truncated, altered, of another format version) is rebuilt
// with a warning (CacheReport::warning); a cache that cannot be written
// leaves the load to parse, with a warning too.
#pragma once

#include <cstdint>
#include <filesystem>

namespace journeyctl::core::data {

struct ClearedCache {
    uint64_t files = 0;
    uint64_t bytes = 0;
};

// Removes the cache files from `folder` (and the temporary files of a
// writer that died); an absent folder has none. Throws ConfigError when a
// file cannot be removed.
ClearedCache clear_cache(const std::filesystem::path& folder);

}  // namespace journeyctl::core::data
