// The column cache's file layout (internal to core/data), with its writer
// and its reader. Nothing of it is trusted before it is checked:
//
//   header   64 bytes: magic "JCTLCOL\n", format version, header size, file
//            size, where the directory is, its length and xxh3, and the
//            xxh3 of the header's own first 56 bytes;
//   sections the columns' arrays, each 8-byte aligned, each with its own
//            xxh3 in the directory, checked when the section is read (so a
//            load that reads five columns touches five columns' pages);
//   directory JSON: what the cache is valid for, the tables' columns and
//            their sections, the load report.
//
// A file shorter or longer than its header says, a checksum that does not
// match, a section outside the file: CacheDamaged, and the cache is
// rebuilt. The writer writes into a descriptor of a temporary file; making
// it the cache (rename) is the caller's (cache.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

struct XXH3_state_s;  // xxhash.h, kept out of this header

namespace journeyctl::core::data {

// A cache file that cannot be read: damaged (truncated, altered), or of
// another format version (`other_version`).
struct CacheDamaged : std::runtime_error {
    explicit CacheDamaged(const std::string& why, bool other_version = false)
        : std::runtime_error(why), other_version(other_version) {}
    bool other_version = false;
};

// Where a section is: offset and size in bytes, and the xxh3 of its bytes.
struct Section {
    uint64_t offset = 0;
    uint64_t size = 0;
    uint64_t checksum = 0;
};
nlohmann::json to_json(const Section& section);
Section section_from_json(const nlohmann::json& json);  // CacheDamaged when malformed

class CacheFileWriter {
public:
    explicit CacheFileWriter(int fd);
    ~CacheFileWriter();
    CacheFileWriter(const CacheFileWriter&) = delete;
    CacheFileWriter& operator=(const CacheFileWriter&) = delete;

    // A section of one array.
    template <typename T>
    Section write(std::span<const T> items) {
        begin_section();
        append(items.data(), items.size_bytes());
        return end_section();
    }
    // A section written in pieces.
    void begin_section();
    void append(const void* data, std::size_t size);
    Section end_section();
    // The directory, then the header. Throws std::system_error on a write
    // that failed (a full disk), as every write does.
    void finish(const std::string& directory);

private:
    void flush();
    void write_at(const void* data, std::size_t size, uint64_t offset);

    int m_fd = -1;
    uint64_t m_offset = 0;  // where the next byte goes
    std::vector<char> m_buffer;
    Section m_section;
    ::XXH3_state_s* m_hash = nullptr;
};

// A cache file mapped into memory, its header checked.
class MappedCache {
public:
    // Throws CacheDamaged; std::system_error when it cannot be opened (an
    // absent file: std::errc::no_such_file_or_directory).
    explicit MappedCache(const std::filesystem::path& file);

    // The directory, its checksum checked.
    const nlohmann::json& directory() const { return m_directory; }
    // A section's bytes, its bounds and checksum checked (CacheDamaged).
    std::string_view bytes(const Section& section) const;
    // A section as an array of T (its size a multiple of T's).
    template <typename T>
    std::span<const T> array(const Section& section) const {
        const std::string_view b = bytes(section);
        if (b.size() % sizeof(T) != 0) throw CacheDamaged("a section's size does not fit its type");
        return {reinterpret_cast<const T*>(b.data()), b.size() / sizeof(T)};
    }
    // Keeps the mapping alive (strings read from the cache point into it).
    std::shared_ptr<const void> mapping() const { return m_mapping; }

private:
    std::shared_ptr<const void> m_mapping;
    const char* m_data = nullptr;
    uint64_t m_size = 0;
    nlohmann::json m_directory;
};

}  // namespace journeyctl::core::data
