#include "cmd/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "cmd/exit_codes.hpp"
#include "core/diag/errors.hpp"

namespace journeyctl::cmd {
namespace fs = std::filesystem;
namespace {

// The temporary files the signal handler must remove: fixed storage, since
// a handler may only read memory and call async-signal-safe functions
// (unlink, _exit). A slot is claimed by setting `used` after its path is
// written, and released before the path changes.
constexpr size_t k_slots = 8;
constexpr size_t k_path_max = 4096;
struct Slot {
    std::atomic<bool> used{false};
    char path[k_path_max] = {};
};
std::array<Slot, k_slots> g_slots;

int claim_slot(const fs::path& path) {
    const std::string& text = path.native();
    if (text.size() >= k_path_max) return -1;  // still removed on every other path
    for (size_t i = 0; i < k_slots; ++i) {
        Slot& slot = g_slots[i];
        if (slot.used.load()) continue;
        std::memcpy(slot.path, text.c_str(), text.size() + 1);
        slot.used.store(true);
        return static_cast<int>(i);
    }
    return -1;
}

void release_slot(int index) {
    if (index >= 0) g_slots[static_cast<size_t>(index)].used.store(false);
}

extern "C" void remove_temporaries_and_exit(int) {
    for (Slot& slot : g_slots) {
        if (slot.used.load()) ::unlink(slot.path);
    }
    ::_exit(k_exit_interrupted);
}

std::string reason(int error) {
    return std::strerror(error);
}

}  // namespace

TemporaryOutput::TemporaryOutput(fs::path target, std::string option, bool write_through)
    : m_target(std::move(target)), m_option(std::move(option)) {
    struct stat info {};
    if (::stat(m_target.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
        if (S_ISDIR(info.st_mode)) {
            throw core::UsageError(fmt::format("{}: cannot write {}: it is a folder", m_option, m_target.string()));
        }
        // Renaming a file over /dev/null would replace the device.
        if (!write_through) {
            throw core::UsageError(
                fmt::format("{}: cannot write {}: not a regular file", m_option, m_target.string()));
        }
        m_fd = ::open(m_target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (m_fd < 0) {
            throw core::UsageError(fmt::format("{}: cannot write {}: {}", m_option, m_target.string(), reason(errno)));
        }
        m_direct = true;
        return;
    }
    const fs::path folder = m_target.has_parent_path() ? m_target.parent_path() : fs::path(".");
    std::string name = (folder / ("." + m_target.filename().string() + ".XXXXXX")).string();
    // The slot is claimed before the file exists and mkstemp fills in the
    // X's in the slot itself, so no signal can leave the file behind (the
    // handler unlinking a name not yet created does no harm).
    m_slot = claim_slot(name);
    char* chars = m_slot >= 0 ? g_slots[static_cast<size_t>(m_slot)].path : name.data();
    const int fd = ::mkstemp(chars);
    if (fd < 0) {
        const int error = errno;
        release_slot(m_slot);
        m_slot = -1;
        throw core::UsageError(
            fmt::format("{}: cannot write {}: {}", m_option, m_target.string(), reason(error)));
    }
    m_path = chars;
    m_fd = fd;
}

TemporaryOutput::~TemporaryOutput() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_committed && !m_path.empty()) ::unlink(m_path.c_str());
    release_slot(m_slot);
}

void TemporaryOutput::fail(int error) const {
    throw OutputError(fmt::format("{}: cannot write {}: {}", m_option, m_target.string(), reason(error)));
}

void TemporaryOutput::write(std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(m_fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(n < 0 ? errno : EIO);
        text.remove_prefix(static_cast<size_t>(n));
    }
}

void TemporaryOutput::close_descriptor() {
    if (m_fd >= 0 && ::close(m_fd) != 0) {
        m_fd = -1;
        fail(errno);
    }
    m_fd = -1;
}

void TemporaryOutput::commit() {
    if (m_direct) {
        close_descriptor();
        m_committed = true;
        return;
    }
    if (m_fd >= 0) {
        // A full disk may only show at fsync or close (NFS, delayed allocation).
        if (::fsync(m_fd) != 0 && errno != EINVAL) fail(errno);
        ::fchmod(m_fd, 0644);
    } else {
        ::chmod(m_path.c_str(), 0644);
    }
    close_descriptor();
    if (std::rename(m_path.c_str(), m_target.c_str()) != 0) fail(errno);
    m_committed = true;
    release_slot(m_slot);
    m_slot = -1;
}

void write_file_atomically(const fs::path& target, std::string_view text, std::string option) {
    TemporaryOutput output(target, std::move(option));
    output.write(text);
    output.commit();
}

void install_interrupt_cleanup() {
    struct sigaction action {};
    action.sa_handler = remove_temporaries_and_exit;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

}  // namespace journeyctl::cmd
