// The events `run --events` takes: read and checked from a file or, a
// line at a time, from standard input; kept in the state database; and
// handed back to every later run as one more events file, with the
// workspace's own (journeyctl-run(1)).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/state/state_store.hpp"

namespace journeyctl::cmd {

// A folder under the system's temporary folder, removed with what it holds.
class TemporaryFolder {
public:
    TemporaryFolder();  // core::ConfigError when it cannot be made
    ~TemporaryFolder();
    TemporaryFolder(const TemporaryFolder&) = delete;
    TemporaryFolder& operator=(const TemporaryFolder&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// Every event the state database keeps, written to a temporary JSON Lines
// file for the data loader; no file when there are none.
class StoredEventsFile {
public:
    explicit StoredEventsFile(core::state::StateStore& store);
    const std::optional<std::filesystem::path>& path() const { return m_path; }

private:
    std::optional<TemporaryFolder> m_folder;
    std::optional<std::filesystem::path> m_path;
};

// An event line must be one JSON object (the loader checks its fields).
// Throws core::DataError naming `where` ("FILE:LINE", "stdin:LINE").
void check_event_line(const std::string& line, const std::string& where);

// The non-blank lines of FILE, each checked; core::UsageError when it
// cannot be read.
std::vector<std::string> read_event_file(const std::string& file);

// Keeps `lines` in the state database and counts what came: new lines, and
// late ones, whose time (the workspace's event time field) is at or before
// the instant every journey's runs had reached: conditions see them, they
// trigger nothing.
struct ReceivedEvents {
    uint64_t received = 0;
    uint64_t late = 0;
};
ReceivedEvents store_events(core::state::StateStore& store, const std::vector<std::string>& lines,
                            std::string_view time_field);

// Standard input, read as lines come: waits up to `timeout` for more.
class LineReader {
public:
    // The complete lines that came, and whether the input ended.
    struct Batch {
        std::vector<std::string> lines;
        bool ended = false;
    };
    Batch read(std::chrono::milliseconds timeout);
    uint64_t lines_read() const { return m_count; }

private:
    std::string m_partial;
    uint64_t m_count = 0;
};

}  // namespace journeyctl::cmd
