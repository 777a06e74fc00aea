// One runner per state database: `run` takes an flock(2) on a file beside
// the database for its whole life (the kernel drops it when the process
// ends, SIGKILL included, so a crash never leaves it held), and writes who
// holds it into the file, so that a second run can name the holder.
// `status` and `send` do not take it: they read or write through SQLite's
// own locking.
#pragma once

#include <filesystem>

namespace journeyctl::journeys {

class RunnerLock {
public:
    enum class Wait : bool { No, Yes };
    // Takes the lock for the database at `state_path`. Busy: with Wait::No
    // throws core::UsageError naming the holder; with Wait::Yes waits.
    // core::ConfigError when the lock file cannot be made.
    RunnerLock(const std::filesystem::path& state_path, Wait wait);
    ~RunnerLock();
    RunnerLock(const RunnerLock&) = delete;
    RunnerLock& operator=(const RunnerLock&) = delete;

private:
    int m_fd = -1;
};

}  // namespace journeyctl::journeys
