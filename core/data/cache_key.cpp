// File stamps, content hashes and the settings hash of the column cache
// (see cache_key.hpp).
#include "core/data/cache_key.hpp"

#include <cerrno>
#include <algorithm>
#include <charconv>
#include <memory>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <xxhash.h>

namespace journeyctl::core::data {

namespace {

int64_t nanoseconds(const struct timespec& t) {
    return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// Closes a descriptor on every path out.
struct Descriptor {
    int fd = -1;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

void add_text(XXH3_state_t* state, std::string_view text) {
    const uint64_t size = text.size();
    XXH3_64bits_update(state, &size, sizeof size);
    XXH3_64bits_update(state, text.data(), text.size());
}

}  // namespace

std::optional<FileStamp> stamp_of(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return FileStamp{static_cast<uint64_t>(st.st_size), nanoseconds(st.st_mtim), nanoseconds(st.st_ctim),
                     static_cast<uint64_t>(st.st_ino), static_cast<uint64_t>(st.st_dev)};
}

std::optional<uint64_t> content_hash(const std::filesystem::path& file) {
    // Mapped a window at a time: no copy of the bytes (read() would copy
    // them all), and few of its pages resident at once (a whole mapping
    // would add the file to the peak resident size while the parse runs).
    Descriptor d{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    if (d.fd < 0) return std::nullopt;
    struct stat st {};
    if (::fstat(d.fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    const auto size = static_cast<uint64_t>(st.st_size);
    std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state(XXH3_createState(), &XXH3_freeState);
    XXH3_64bits_reset(state.get());
    constexpr uint64_t k_window = uint64_t{16} << 20;  // a multiple of the page size
    for (uint64_t at = 0; at < size; at += k_window) {
        const auto length = static_cast<std::size_t>(std::min(k_window, size - at));
        void* map = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, d.fd, static_cast<off_t>(at));
        if (map == MAP_FAILED) return std::nullopt;
        XXH3_64bits_update(state.get(), map, length);
        ::munmap(map, length);
    }
    return XXH3_64bits_digest(state.get());
}

uint64_t settings_hash(const DataSources& sources, const LoadOptions& options) {
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    const uint32_t version = k_cache_format_version;
    XXH3_64bits_update(state, &version, sizeof version);
    const uint64_t examples = options.examples_per_reason;
    XXH3_64bits_update(state, &examples, sizeof examples);
    for (const auto* source : {&sources.profiles, &sources.events}) {
        if (!*source) {
            add_text(state, "none");
            continue;
        }
        const DataSource& s = **source;
        for (const std::string* text : {&s.file, &s.key, &s.type_field, &s.time_field}) add_text(state, *text);
        for (const DeclaredField& field : s.fields) {
            add_text(state, field.name);
            add_text(state, column_type_name(field.type));
        }
        add_text(state, "end");
    }
    const uint64_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    return hash;
}

std::filesystem::path cache_file_of(const DataSources& sources, const std::filesystem::path& folder) {
    std::string files = sources.profiles ? sources.profiles->file : std::string();
    files.push_back('\0');
    if (sources.events) files += sources.events->file;
    return folder / fmt::format("data-{}.cache", hash_text(XXH3_64bits(files.data(), files.size())));
}

std::string hash_text(uint64_t hash) {
    return fmt::format("{:016x}", hash);
}

std::optional<uint64_t> hash_from_text(const std::string& text) {
    uint64_t hash = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), hash, 16);
    if (error != std::errc() || end != text.data() + text.size() || text.size() != 16) return std::nullopt;
    return hash;
}

}  // namespace journeyctl::core::data
