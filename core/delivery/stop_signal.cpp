#include "core/delivery/stop_signal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace journeyctl::core::delivery {

StopSignal::StopSignal() {
    int fds[2];
    // Non-blocking both ways: raise() must never block in a signal handler
    // (a full pipe already says "stop"), and drain() reads until empty.
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    read_fd_ = fds[0];
    write_fd_ = fds[1];
}

StopSignal::~StopSignal() {
    close(read_fd_);
    close(write_fd_);
}

void StopSignal::raise() noexcept {
    const int saved_errno = errno;  // a handler must leave errno as it found it
    raised_.store(true, std::memory_order_release);
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = write(write_fd_, &byte, 1);
    errno = saved_errno;
}

void StopSignal::drain() noexcept {
    char bytes[64];
    while (read(read_fd_, bytes, sizeof bytes) > 0) {
    }
}

}  // namespace journeyctl::core::delivery
