// Why a state database cannot be used, as typed errors. Each is a
// configuration error (exit 2): the workspace's `state:` names a file that
// is not a SQLite database, belongs to another program, was written by a
// newer journeyctl, or cannot be created. The message names the file, so
// the command prints it as it is.
//
// Failures while using a good database (disk full, I/O) stay SqliteError.
#pragma once

#include <filesystem>
#include <string>

#include "core/diag/errors.hpp"

namespace journeyctl::core::state {

class StateFileError : public ConfigError {
public:
    StateFileError(const std::filesystem::path& path, const std::string& problem)
        : ConfigError(path.string() + ": " + problem), m_path(path) {}
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// The file's schema version is newer than the versions this binary knows:
// opening it could misread what a newer journeyctl wrote, so it is refused.
class StateVersionError : public StateFileError {
public:
    StateVersionError(const std::filesystem::path& path, int64_t found, int64_t known)
        : StateFileError(path, "the state database has schema version " + std::to_string(found) +
                                   ", newer than this journeyctl knows (" + std::to_string(known) +
                                   "); use a newer journeyctl"),
          m_found(found),
          m_known(known) {}
    int64_t found() const { return m_found; }
    int64_t known() const { return m_known; }

private:
    int64_t m_found;
    int64_t m_known;
};

}  // namespace journeyctl::core::state
