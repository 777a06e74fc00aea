// Paths written in workspace files, and reading the files they name.
//
// A path in a workspace file (a template's html_file / text_file, the
// state database) must lead to a file inside the workspace root once `..`
// and symlinks are resolved: otherwise a workspace (a pull request,
// say) could make `validate` and `render` read any file of the host into a
// message. resolve_inside is the one place that check is made. Data files
// (data.profiles, data.events, policies.suppress) are the exception
// journeyctl(5) documents: they may be anywhere, since they are records the
// team points at (/data/export.csv), not parts of messages.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

namespace journeyctl::core::workspace {

// Where a path written in a workspace file leads.
struct WorkspacePath {
    std::filesystem::path file;  // to open: root/base/written, lexically normal
    std::string relative;        // relative to the root, '/'-separated, for messages
};

// Why a path was refused.
struct PathProblem {
    enum class Kind : uint8_t {
        Outside,       // leads outside the root ("path-outside-workspace")
        Unresolvable,  // a symlink loop, a folder that cannot be searched ("read-error")
    };
    Kind kind = Kind::Outside;
    std::string message;  // names the path as written, says why
};

// `written` as given in a file of folder `base` (relative to the root: ""
// for journeyctl.yaml, "templates" for a template), resolved relative to
// that folder and checked to stay inside `root` after resolving symlinks
// (of the parts that exist; a file not yet created, like the state
// database, is checked by its nearest existing folder).
std::variant<WorkspacePath, PathProblem> resolve_inside(const std::filesystem::path& root,
                                                        std::string_view base, std::string_view written);

// Why a file could not be read: "permission denied", "is a directory",
// "too many levels of symbolic links" (strerror's words, first letter
// lowercase).
struct ReadFailure {
    std::string reason;
};

// A whole file's bytes, or why they cannot be read. Never blocks on a FIFO
// or device in the file's place: only regular files are read.
std::variant<std::string, ReadFailure> read_file_text(const std::filesystem::path& path);

// An errno value or error code as words for a message: "permission denied".
std::string reason_of(int error_number);
std::string reason_of(const std::error_code& ec);

}  // namespace journeyctl::core::workspace
