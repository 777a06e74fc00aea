// Every file a command writes (segment export -o, dry-run --messages, data
// export -o) goes through here: written to a temporary file in the target's
// folder, then renamed over the target, so a reader sees the old file or
// the whole new one, never half of one. A failed run removes its temporary
// file; so does SIGINT/SIGTERM, whose handler (installed once by run_app)
// unlinks every temporary file still open and exits 130.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace journeyctl::cmd {

// An output (standard output or a file) could not be written: disk full,
// closed stream, I/O error. Exit k_exit_output.
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A temporary file next to `target`, created empty (mode 0600 until
// commit). Removed by the destructor unless commit() renamed it over the
// target, and by the signal handler on SIGINT/SIGTERM.
class TemporaryOutput {
public:
    // `option` names the command-line option for messages ("--messages").
    // Throws UsageError when the file cannot be created (a missing folder,
    // no permission). A target that exists and is not a regular file (a
    // device such as /dev/stdout, a FIFO) cannot be replaced: with
    // `write_through` it is written directly, else it is a UsageError.
    TemporaryOutput(std::filesystem::path target, std::string option, bool write_through = true);
    ~TemporaryOutput();
    TemporaryOutput(const TemporaryOutput&) = delete;
    TemporaryOutput& operator=(const TemporaryOutput&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    const std::filesystem::path& target() const { return m_target; }

    // Appends to the file; throws OutputError on a short write.
    void write(std::string_view text);
    // Closes the descriptor for a library that opens the path itself (SQLite).
    void close_descriptor();
    // Flushes, closes, makes the file 0644 and renames it over the target.
    void commit();

    // "--messages: cannot write FILE: REASON" as an OutputError.
    [[noreturn]] void fail(int error) const;

private:
    std::filesystem::path m_target;
    std::string m_option;
    std::filesystem::path m_path;
    int m_fd = -1;
    int m_slot = -1;  // in the signal handler's table
    bool m_direct = false;  // writing the target itself (a device or FIFO)
    bool m_committed = false;
};

// The whole of `text` into `target`, atomically (a TemporaryOutput).
void write_file_atomically(const std::filesystem::path& target, std::string_view text, std::string option);

// Installs the SIGINT/SIGTERM handler that removes open temporary outputs
// and exits k_exit_interrupted.
void install_interrupt_cleanup();

}  // namespace journeyctl::cmd
