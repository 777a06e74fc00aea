// Writing and mapping column cache files (see cache_file.hpp).
#include "core/data/cache_file.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <xxhash.h>

#include "core/data/cache_key.hpp"

namespace journeyctl::core::data {

namespace {

constexpr char k_magic[8] = {'J', 'C', 'T', 'L', 'C', 'O', 'L', '\n'};
constexpr std::size_t k_header_size = 64;
constexpr std::size_t k_buffer_size = 1 << 20;

// The header's fields, in file order (little-endian, as written on the
// machines journeyctl runs on; another byte order fails the checksum).
struct Header {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t file_size;
    uint64_t directory_offset;
    uint64_t directory_size;
    uint64_t directory_checksum;
    uint64_t reserved;
    uint64_t header_checksum;  // xxh3 of the 56 bytes before it
};
static_assert(sizeof(Header) == k_header_size);

uint64_t header_checksum(const Header& h) {
    return XXH3_64bits(&h, offsetof(Header, header_checksum));
}

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

nlohmann::json to_json(const Section& section) {
    return nlohmann::json::array({section.offset, section.size, hash_text(section.checksum)});
}

Section section_from_json(const nlohmann::json& json) {
    if (!json.is_array() || json.size() != 3 || !json[0].is_number_unsigned() || !json[1].is_number_unsigned() ||
        !json[2].is_string()) {
        throw CacheDamaged("a section entry is malformed");
    }
    const auto checksum = hash_from_text(json[2].get<std::string>());
    if (!checksum) throw CacheDamaged("a section checksum is malformed");
    return {json[0].get<uint64_t>(), json[1].get<uint64_t>(), *checksum};
}

// ---- CacheFileWriter ----

CacheFileWriter::CacheFileWriter(int fd) : m_fd(fd), m_offset(k_header_size), m_hash(XXH3_createState()) {
    m_buffer.reserve(k_buffer_size);
}

CacheFileWriter::~CacheFileWriter() {
    XXH3_freeState(m_hash);
}

void CacheFileWriter::write_at(const void* data, std::size_t size, uint64_t offset) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::pwrite(m_fd, p, size, static_cast<off_t>(offset));
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("writing the data cache");
        }
        p += n;
        size -= static_cast<std::size_t>(n);
        offset += static_cast<uint64_t>(n);
    }
}

void CacheFileWriter::flush() {
    if (m_buffer.empty()) return;
    write_at(m_buffer.data(), m_buffer.size(), m_offset - m_buffer.size());
    m_buffer.clear();
}

void CacheFileWriter::begin_section() {
    static constexpr char k_zeros[8] = {};
    if (const uint64_t pad = (8 - m_offset % 8) % 8; pad != 0) {
        m_buffer.insert(m_buffer.end(), k_zeros, k_zeros + pad);
        m_offset += pad;
    }
    m_section = Section{m_offset, 0, 0};
    XXH3_64bits_reset(m_hash);
}

void CacheFileWriter::append(const void* data, std::size_t size) {
    if (size == 0) return;
    XXH3_64bits_update(m_hash, data, size);
    m_section.size += size;
    if (m_buffer.size() + size > k_buffer_size) flush();
    if (size >= k_buffer_size) {
        write_at(data, size, m_offset);
    } else {
        const char* p = static_cast<const char*>(data);
        m_buffer.insert(m_buffer.end(), p, p + size);
    }
    m_offset += size;
}

Section CacheFileWriter::end_section() {
    m_section.checksum = XXH3_64bits_digest(m_hash);
    return m_section;
}

void CacheFileWriter::finish(const std::string& directory) {
    begin_section();
    append(directory.data(), directory.size());
    const Section where = end_section();
    flush();
    Header h{};
    std::memcpy(h.magic, k_magic, sizeof k_magic);
    h.version = k_cache_format_version;
    h.header_size = k_header_size;
    h.file_size = m_offset;
    h.directory_offset = where.offset;
    h.directory_size = where.size;
    h.directory_checksum = where.checksum;
    h.header_checksum = header_checksum(h);
    write_at(&h, sizeof h, 0);
}

// ---- MappedCache ----

MappedCache::MappedCache(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_errno("opening the data cache");
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int error = errno;
        ::close(fd);
        throw std::system_error(error, std::generic_category(), "reading the data cache");
    }
    m_size = static_cast<uint64_t>(st.st_size);
    if (!S_ISREG(st.st_mode) || m_size < k_header_size) {
        ::close(fd);
        throw CacheDamaged(fmt::format("{} bytes, shorter than a header", m_size));
    }
    void* map = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) throw_errno("mapping the data cache");
    const uint64_t size = m_size;
    m_mapping = std::shared_ptr<const void>(map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
    m_data = static_cast<const char*>(map);

    Header h{};
    std::memcpy(&h, m_data, sizeof h);
    if (std::memcmp(h.magic, k_magic, sizeof k_magic) != 0) throw CacheDamaged("not a journeyctl column cache");
    // The version before the rest: another version's header may be laid
    // out otherwise.
    if (h.version != k_cache_format_version) {
        throw CacheDamaged(fmt::format("format version {}, this journeyctl reads {}", h.version, k_cache_format_version),
                           true);
    }
    if (h.header_checksum != header_checksum(h)) throw CacheDamaged("its header checksum does not match");
    if (h.file_size != m_size) {
        throw CacheDamaged(fmt::format("{} bytes where its header says {} (truncated?)", m_size, h.file_size));
    }
    const std::string_view text = bytes(Section{h.directory_offset, h.directory_size, h.directory_checksum});
    m_directory = nlohmann::json::parse(text, nullptr, false);
    if (m_directory.is_discarded() || !m_directory.is_object()) throw CacheDamaged("its directory is not JSON");
}

std::string_view MappedCache::bytes(const Section& section) const {
    if (section.offset < k_header_size || section.offset > m_size || section.size > m_size - section.offset) {
        throw CacheDamaged("a section lies outside the file (truncated?)");
    }
    const std::string_view b(m_data + section.offset, section.size);
    if (section.offset % 8 != 0) throw CacheDamaged("a section is misaligned");
    if (XXH3_64bits(b.data(), b.size()) != section.checksum) throw CacheDamaged("a section's checksum does not match");
    return b;
}

}  // namespace journeyctl::core::data
