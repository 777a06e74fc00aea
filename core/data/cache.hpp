// The column cache: what loading a workspace's data files gives, kept in a
// file under the workspace's state folder (LoadOptions::cache_folder), so
// that the next command maps it instead of parsing the files.
//
// One cache file per pair of data files (cache_key.hpp names it), valid
// for their content (xxh3; a file whose size, mtime, ctime and inode have
// not moved is not hashed again), the sources' settings (declared types,
// key, type and time fields) and the loader's format version. It holds
// every field's column (and the names of fields seen past the sniffed
// rows, which a load that names one makes it rebuild with them), the
// events grouped by profile, and the load report, so that a load from it
// returns what parsing would, rejected rows included.
//
// load_dataset (dataset.hpp) with a cache folder: a fresh cache is mapped
// and only the columns the load names are read from it (CacheUse::Fresh);
// otherwise every field is parsed, written to a temporary file, renamed
// over the cache file, and read back (CacheUse::Written): two processes
// building it at once each serve their own file, and the last rename
// wins. A damaged cache file (truncated, altered, of another format
// version) is rebuilt with a warning (CacheReport::warning); a cache that
// cannot be written leaves the load to parse, with a warning too.
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
