// Helpers for the state database's tests: a state file in a temporary
// folder, times as the store keeps them, and child processes (fork) that
// open the database themselves, as a second journeyctl would.
#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>

#include <csignal>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "core/state/unix_nanos.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

namespace journeyctl::testing {

// A workspace-like folder; the state file where journeyctl puts it.
struct StateFolder {
    TempWorkspace folder;
    std::filesystem::path state_file() const { return folder.root() / ".journeyctl" / "state.db"; }
};

inline constexpr core::state::UnixNanos k_second = 1'000'000'000;
inline constexpr core::state::UnixNanos k_day = 86'400 * k_second;
// 2026-11-01T09:00:00Z
inline constexpr core::state::UnixNanos k_t = 1'793'523'600 * k_second;

// Runs `body` in a child process and returns its pid. The child exits
// with body's result, or 120 when it throws; it never returns into the
// test runner.
inline pid_t fork_child(const std::function<int()>& body) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int code = 120;
        try {
            code = body();
        } catch (...) {
        }
        ::_exit(code);
    }
    return pid;
}

// The child's exit status (-signal when a signal ended it).
inline int wait_child(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return WEXITSTATUS(status);
}

// A pipe for a child to tell the parent how far it got (one byte per
// step), or for the parent to let children go at once.
class Pipe {
public:
    Pipe() { REQUIRE(::pipe(m_fds) == 0); }
    ~Pipe() {
        close_read();
        close_write();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;

    bool write_byte(char byte = 'x') { return ::write(m_fds[1], &byte, 1) == 1; }
    // False at end of file (every writer closed).
    bool read_byte() {
        char byte = 0;
        return ::read(m_fds[0], &byte, 1) == 1;
    }
    void close_read() { close_fd(m_fds[0]); }
    void close_write() { close_fd(m_fds[1]); }

private:
    static void close_fd(int& fd) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
    int m_fds[2] = {-1, -1};
};

}  // namespace journeyctl::testing
