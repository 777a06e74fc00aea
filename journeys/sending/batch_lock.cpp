#include "journeys/sending/batch_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "core/delivery/file/part_names.hpp"
#include "core/diag/errors.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::journeys {

BatchLock::BatchLock(const std::filesystem::path& folder, std::string_view batch) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    // The lock files stay: removing one while another process waits on it
    // would let a third take a lock on a new file of the same name.
    const std::filesystem::path path = folder / ("send-" + core::delivery::file::batch_stem(batch) + ".lock");
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw core::ConfigError(fmt::format("cannot make the lock file {}: {}", path.string(), std::strerror(errno)));
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(m_fd);
        if (error == EWOULDBLOCK) {
            throw core::UsageError(fmt::format("another send of batch '{}' is running in this workspace (it holds {})",
                                               core::util::escape_controls(batch), path.string()));
        }
        throw core::ConfigError(fmt::format("cannot lock {}: {}", path.string(), std::strerror(error)));
    }
}

BatchLock::~BatchLock() { ::close(m_fd); }

}  // namespace journeyctl::journeys
