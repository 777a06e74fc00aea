#include "core/workspace/paths.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace journeyctl::core::workspace {

namespace fs = std::filesystem;

namespace {

bool escapes(const fs::path& relative) {
    if (relative.empty()) return true;  // on another root (no relative path exists)
    const auto first = relative.begin();
    return first != relative.end() && *first == "..";
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// Closes a file descriptor on every path out of read_file_text.
struct Descriptor {
    int fd = -1;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string reason_of(int error_number) {
    std::string text = std::strerror(error_number);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

std::string reason_of(const std::error_code& ec) {
    return ec.category() == std::generic_category() || ec.category() == std::system_category() ? reason_of(ec.value())
                                                                                              : ec.message();
}

std::variant<WorkspacePath, PathProblem> resolve_inside(const fs::path& root, std::string_view base,
                                                        std::string_view written) {
    const fs::path given(written);
    const fs::path file = (given.is_absolute() ? given : root / fs::path(base) / given).lexically_normal();
    WorkspacePath out{file, file.lexically_relative(root.lexically_normal()).generic_string()};

    std::error_code ec;
    fs::path real_root = fs::canonical(root, ec);
    if (ec) real_root = fs::absolute(root).lexically_normal();
    const fs::path real = fs::weakly_canonical(file, ec);
    if (ec) {
        return PathProblem{PathProblem::Kind::Unresolvable,
                           "cannot resolve " + quoted(written) + ": " + reason_of(ec)};
    }
    if (!escapes(real.lexically_relative(real_root))) return out;

    std::string why;
    if (given.is_absolute()) {
        why = "is an absolute path outside the workspace";
    } else if (escapes(fs::path(out.relative))) {
        why = "leads outside the workspace";
    } else {
        why = "leads outside the workspace through a symlink (to " + real.generic_string() + ")";
    }
    return PathProblem{PathProblem::Kind::Outside,
                       quoted(written) + " " + why + "; files named in a workspace must be inside its folder"};
}

std::variant<std::string, ReadFailure> read_file_text(const fs::path& path) {
    Descriptor in{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
    if (in.fd < 0) return ReadFailure{reason_of(errno)};
    struct stat info {};
    if (::fstat(in.fd, &info) != 0) return ReadFailure{reason_of(errno)};
    if (S_ISDIR(info.st_mode)) return ReadFailure{reason_of(EISDIR)};
    if (!S_ISREG(info.st_mode)) return ReadFailure{"not a regular file"};
    std::string text;
    text.reserve(static_cast<std::size_t>(info.st_size));
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(in.fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            return ReadFailure{reason_of(errno)};
        }
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

}  // namespace journeyctl::core::workspace
