#include "core/delivery/file/local_folder.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc, _GNU_SOURCE)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/delivery/file/part_names.hpp"

namespace journeyctl::core::delivery::file {

namespace {

DestinationFailure failure_of(int error_number) {
    return error_number == EACCES || error_number == EPERM || error_number == EROFS ? DestinationFailure::Refused
                                                                                    : DestinationFailure::Failed;
}

class LocalStagedFile final : public StagedFile {
public:
    LocalStagedFile(std::FILE* stream, std::filesystem::path path, std::string name)
        : m_stream(stream), m_path(std::move(path)), m_name(std::move(name)) {}
    ~LocalStagedFile() override {
        if (m_stream != nullptr) std::fclose(m_stream);
        if (!m_published) ::unlink(m_path.c_str());
    }
    std::FILE* stream() override { return m_stream; }
    const std::string& name() const override { return m_name; }
    const std::filesystem::path& path() const { return m_path; }

    // Flushes and syncs the bytes, and closes the stream; errno on failure.
    int close_synced() {
        int error = 0;
        if (std::fflush(m_stream) != 0 || ::fsync(::fileno(m_stream)) != 0) error = errno;
        if (std::fclose(m_stream) != 0 && error == 0) error = errno;
        m_stream = nullptr;
        return error;
    }
    void mark_published() { m_published = true; }

private:
    std::FILE* m_stream;
    std::filesystem::path m_path;
    std::string m_name;
    bool m_published = false;
};

// Renames without replacing: 0, or errno (EEXIST when `to` exists).
int rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return errno;
    // A file system without RENAME_NOREPLACE: a hard link fails when the
    // name exists, as the rename would.
    if (::link(from.c_str(), to.c_str()) != 0) return errno;
    ::unlink(from.c_str());
    return 0;
}

}  // namespace

LocalFolder::LocalFolder(std::filesystem::path folder, const std::string& shown)
    : m_folder(std::move(folder)), m_description("folder " + shown) {
    std::error_code ec;
    std::filesystem::create_directories(m_folder, ec);
    if (ec) fail("cannot create the folder", ec.value());
    if (!std::filesystem::is_directory(m_folder, ec)) fail("cannot use it", ENOTDIR);
}

void LocalFolder::fail(const std::string& what, int error_number) const {
    throw DestinationError(failure_of(error_number), m_description + ": " + what + ": " + std::strerror(error_number));
}

std::vector<std::string> LocalFolder::list() {
    std::vector<std::string> names;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(m_folder, ec), end; !ec && it != end; it.increment(ec)) {
        names.push_back(it->path().filename().string());
    }
    if (ec) fail("cannot list it", ec.value());
    return names;
}

std::unique_ptr<StagedFile> LocalFolder::stage(const std::string& name) {
    const std::filesystem::path path = m_folder / staging_name(name);
    // O_EXCL: a staging file left by a crash is removed before a run
    // writes; one found here belongs to someone else.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) fail("cannot create " + path.filename().string(), errno);
    std::FILE* stream = ::fdopen(fd, "w");
    if (stream == nullptr) {
        const int error = errno;
        ::close(fd);
        ::unlink(path.c_str());
        fail("cannot write " + path.filename().string(), error);
    }
    return std::make_unique<LocalStagedFile>(stream, path, name);
}

void LocalFolder::publish(StagedFile& file) {
    auto& staged = dynamic_cast<LocalStagedFile&>(file);
    if (const int error = staged.close_synced(); error != 0) fail("cannot write " + file.name(), error);
    if (const int error = rename_no_replace(staged.path(), m_folder / file.name()); error != 0) {
        fail("cannot publish " + file.name(), error);
    }
    staged.mark_published();
    sync_folder(file.name());
}

void LocalFolder::sync_folder(const std::string& after) const {
    const int fd = ::open(m_folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const int error = fd < 0 || ::fsync(fd) != 0 ? errno : 0;
    if (fd >= 0) ::close(fd);
    // The file has its name, but whether the name survives a crash of the
    // machine is unknown.
    if (error != 0) {
        throw DestinationError(
            DestinationFailure::MaybeDone,
            m_description + ": cannot sync the folder after publishing " + after + ": " + std::strerror(error));
    }
}

void LocalFolder::remove(const std::string& name) {
    if (::unlink((m_folder / name).c_str()) != 0 && errno != ENOENT) fail("cannot remove " + name, errno);
}

void LocalFolder::fetch(const std::string& name, std::FILE* into) {
    std::FILE* in = std::fopen((m_folder / name).c_str(), "rb");
    if (in == nullptr) fail("cannot read " + name, errno);
    char buffer[1 << 16];
    size_t got = 0;
    int error = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) {
        if (std::fwrite(buffer, 1, got, into) != got) {
            error = errno;
            break;
        }
    }
    if (error == 0 && std::ferror(in) != 0) error = errno;
    std::fclose(in);
    if (error != 0) fail("cannot read " + name, error);
}

}  // namespace journeyctl::core::delivery::file
