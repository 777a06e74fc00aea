#include "journeys/running/runner_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"
#include "core/util/escape.hpp"
#include "core/state/unix_nanos.hpp"
#include "journeys/runtime/stored_time.hpp"

namespace journeyctl::journeys {

namespace {

std::string holder_of(int fd) {
    char buffer[256] = {};
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    std::string text = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
    return text.empty() ? std::string("a process that has not said who it is") : core::util::escape_controls(text);
}

std::string hostname() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "?";
    return name;
}

}  // namespace

RunnerLock::RunnerLock(const std::filesystem::path& state_path, Wait wait) {
    std::error_code ec;
    if (state_path.has_parent_path()) std::filesystem::create_directories(state_path.parent_path(), ec);
    // The lock file stays: removing it while another process waits on it
    // would let a third take a lock on a new file of the same name.
    const std::filesystem::path path = state_path.string() + ".run.lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) {
        throw core::ConfigError(fmt::format("cannot make the lock file {}: {}", path.string(), std::strerror(errno)));
    }
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        int error = errno;
        if (error == EWOULDBLOCK && wait == Wait::Yes) {
            while (::flock(m_fd, LOCK_EX) != 0 && errno == EINTR) {
            }
            error = 0;
        }
        if (error != 0) {
            const std::string holder = holder_of(m_fd);
            ::close(m_fd);
            if (error == EWOULDBLOCK) {
                throw core::UsageError(fmt::format(
                    "another run holds the state database {} ({}); wait for it with --wait", state_path.string(),
                    holder));
            }
            throw core::ConfigError(fmt::format("cannot lock {}: {}", path.string(), std::strerror(error)));
        }
    }
    core::expr::Timestamp since = from_unix_nanos(core::state::unix_nanos_now());
    since.nanos = 0;
    const std::string me =
        fmt::format("pid {} on {} since {}\n", ::getpid(), hostname(), core::expr::time::format_timestamp(since));
    // Who holds it is for the error above only: a failure to say so is no
    // reason not to run.
    if (::ftruncate(m_fd, 0) == 0) {
        [[maybe_unused]] const ssize_t written = ::pwrite(m_fd, me.data(), me.size(), 0);
    }
}

RunnerLock::~RunnerLock() { ::close(m_fd); }

}  // namespace journeyctl::journeys
