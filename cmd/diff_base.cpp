// Finding and materializing diff's base (see diff_base.hpp). git and tar
// run as child processes with their arguments as given (no shell), their
// output read through pipes.
#include "cmd/diff_base.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/diag/errors.hpp"

extern char** environ;

namespace journeyctl::cmd {

namespace {

struct ProcessResult {
    int status = -1;  // the exit status; -1 when it did not exit normally
    std::string out;
    std::string err;
    bool ok() const { return status == 0; }
};

// Runs argv[0] (found on PATH) and collects what it writes. ConfigError
// when it cannot be started at all (git not installed).
ProcessResult run_process(const std::vector<std::string>& argv) {
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) throw core::ConfigError(fmt::format("cannot run {}: {}", argv[0], std::strerror(errno)));
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        const int error = errno;
        close(out_pipe[0]), close(out_pipe[1]);
        throw core::ConfigError(fmt::format("cannot run {}: {}", argv[0], std::strerror(error)));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (spawned != 0) {
        close(out_pipe[0]), close(err_pipe[0]);
        throw core::ConfigError(fmt::format("cannot run {}: {}", argv[0], std::strerror(spawned)));
    }
    ProcessResult result;
    // Both pipes at once: a child blocked on a full stderr would never
    // close its stdout.
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    std::string* into[2] = {&result.out, &result.err};
    int open_fds = 2;
    char buffer[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                into[i]->append(buffer, static_cast<size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
            }
        }
    }
    for (pollfd& f : fds) {
        if (f.fd >= 0) close(f.fd);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string first_line(std::string text) {
    const size_t end = text.find('\n');
    if (end != std::string::npos) text.resize(end);
    return text;
}

std::vector<std::string> git(const std::filesystem::path& folder, std::vector<std::string> args) {
    std::vector<std::string> argv{"git", "-C", folder.string()};
    argv.insert(argv.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
    return argv;
}

// The commit diff compares with when no --base is given: where HEAD left
// the default branch (origin's HEAD, else main, else master), else HEAD.
std::string default_base(const std::filesystem::path& top) {
    std::vector<std::string> branches;
    const ProcessResult remote = run_process(git(top, {"symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"}));
    if (remote.ok()) branches.push_back(first_line(remote.out));
    branches.emplace_back("main");
    branches.emplace_back("master");
    for (const std::string& branch : branches) {
        const ProcessResult base = run_process(git(top, {"merge-base", "HEAD", branch}));
        if (base.ok()) {
            spdlog::debug("diff: base is the merge base of HEAD and {}", branch);
            return first_line(base.out);
        }
    }
    return "HEAD";
}

}  // namespace

DiffBase::DiffBase(const std::filesystem::path& head_root, const std::string& base) {
    std::error_code error;
    if (!base.empty() && std::filesystem::is_directory(base, error)) {
        m_root = std::filesystem::absolute(base);
        m_description = base;
        return;
    }
    try {
        read_from_git(head_root, base);
    } catch (...) {
        // The destructor does not run for an object never constructed.
        if (m_temporary) std::filesystem::remove_all(*m_temporary, error);
        throw;
    }
}

DiffBase::~DiffBase() {
    if (!m_temporary) return;
    std::error_code error;  // nothing to be done about a leftover in the temporary folder
    std::filesystem::remove_all(*m_temporary, error);
}

void DiffBase::read_from_git(const std::filesystem::path& head_root, const std::string& base) {
    const ProcessResult top_result = run_process(git(head_root, {"rev-parse", "--show-toplevel"}));
    if (!top_result.ok()) {
        throw core::ConfigError(fmt::format("the workspace is not in a git repository ({}); give --base DIR",
                                            first_line(top_result.err)));
    }
    const std::filesystem::path top = first_line(top_result.out);
    const std::string prefix = first_line(run_process(git(head_root, {"rev-parse", "--show-prefix"})).out);
    const std::string ref = base.empty() ? default_base(top) : base;
    const ProcessResult commit = run_process(git(top, {"rev-parse", "--verify", "--quiet", ref + "^{commit}"}));
    if (!commit.ok()) {
        if (base.empty()) throw core::ConfigError("the repository has no commit to compare with; give --base DIR");
        throw core::UsageError(fmt::format("--base '{}' is neither a folder nor a commit of {}", base, top.string()));
    }
    const std::string hash = first_line(commit.out);
    m_description = fmt::format("{} ({})", base.empty() ? "merge base" : base, hash.substr(0, 12));
    if (base.empty() && ref == "HEAD") m_description = fmt::format("HEAD ({})", hash.substr(0, 12));

    const char* tmpdir = std::getenv("TMPDIR");
    std::string pattern = (std::filesystem::path(tmpdir && *tmpdir ? tmpdir : "/tmp") / "journeyctl-diff-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw core::ConfigError(fmt::format("cannot create a temporary folder for the base: {}", std::strerror(errno)));
    }
    m_temporary = pattern;
    const std::filesystem::path archive = *m_temporary / "base.tar";
    const std::filesystem::path tree = *m_temporary / "tree";
    std::filesystem::create_directory(tree);
    std::vector<std::string> archive_args{"archive", "--format=tar", "-o", archive.string(), hash};
    if (!prefix.empty()) archive_args.insert(archive_args.end(), {"--", prefix});
    const ProcessResult archived = run_process(git(top, archive_args));
    if (!archived.ok()) {
        throw core::ConfigError(fmt::format("cannot read the workspace at {} from git: {}", m_description,
                                            first_line(archived.err)));
    }
    const ProcessResult extracted = run_process({"tar", "-xf", archive.string(), "-C", tree.string()});
    if (!extracted.ok()) {
        throw core::ConfigError(fmt::format("cannot unpack the base workspace: {}", first_line(extracted.err)));
    }
    std::error_code ignored;  // a leftover archive goes with the folder
    std::filesystem::remove(archive, ignored);
    m_root = tree / prefix;
}

}  // namespace journeyctl::cmd
