// Where a file channel's extractions go: a folder of the workspace
// (local_folder.hpp) or a folder on an SFTP server (sftp_folder.hpp). What
// the extraction needs of either is small: list the folder, write a file
// so that it appears whole under its name or not at all (publish), remove
// a file, and read one back (a rerun after a crash checks what was
// published).
//
// publish never replaces a file: a name already taken is a failure, so
// that nothing published is ever overwritten, even by a second process.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace journeyctl::core::delivery::file {

// How an operation on the destination failed.
enum class DestinationFailure : uint8_t {
    // The destination refused journeyctl: the server's host key is not the
    // one configured, the login was denied, permission denied. Fixing the
    // channel's settings is what helps.
    Refused,
    // It did not happen: the server could not be reached, the transfer
    // broke before the file was renamed into place, the disk is full.
    Failed,
    // publish only: the rename that makes the file visible may have
    // happened (the connection dropped after it was asked for).
    MaybeDone,
};

// The message names the destination and says why; never a secret.
class DestinationError : public std::runtime_error {
public:
    DestinationError(DestinationFailure failure, const std::string& message)
        : std::runtime_error(message), m_failure(failure) {}
    DestinationFailure failure() const { return m_failure; }

private:
    DestinationFailure m_failure;
};

// A file being written, before it is published: the destination's own
// temporary (a hidden file in a local folder, an unnamed local file for
// an upload). Destroying one that was not published removes it.
class StagedFile {
public:
    virtual ~StagedFile() = default;
    virtual std::FILE* stream() = 0;
    virtual const std::string& name() const = 0;  // the name it will be published under
};

class Destination {
public:
    virtual ~Destination() = default;

    // "folder out/letters", "sftp://print@files.example:22/drop": for
    // messages; never holds a secret.
    virtual const std::string& description() const = 0;

    // The names of the files in the folder.
    virtual std::vector<std::string> list() = 0;
    // A new file to be published as `name`.
    virtual std::unique_ptr<StagedFile> stage(const std::string& name) = 0;
    // Makes the staged file's bytes (as flushed to its stream) visible
    // under its name, atomically, and durably where the destination allows.
    virtual void publish(StagedFile& file) = 0;
    // Removes a file of the folder.
    virtual void remove(const std::string& name) = 0;
    // Copies a file's bytes to `into`.
    virtual void fetch(const std::string& name, std::FILE* into) = 0;
};

}  // namespace journeyctl::core::delivery::file
