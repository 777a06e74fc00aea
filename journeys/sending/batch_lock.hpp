// One send of a batch through a file channel at a time, in one workspace.
// The ledger alone keeps two runs from sending one message, but a file
// channel's runs also share the folder: two of them would number their
// parts alike, and one's clean-up would take the other's unfinished part
// for a crash's leftover. The lock is an flock(2) on a file beside the
// state database, named after the batch: the kernel drops it when the
// process ends, SIGKILL included, so a crash never leaves it held.
#pragma once

#include <filesystem>
#include <string_view>

namespace journeyctl::journeys {

class BatchLock {
public:
    // Takes the lock of `batch` in `folder` (the state database's), or
    // throws core::UsageError when another process holds it, and
    // core::ConfigError when the lock file cannot be made.
    BatchLock(const std::filesystem::path& folder, std::string_view batch);
    ~BatchLock();
    BatchLock(const BatchLock&) = delete;
    BatchLock& operator=(const BatchLock&) = delete;

private:
    int m_fd = -1;
};

}  // namespace journeyctl::journeys
