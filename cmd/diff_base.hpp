// The base of `journeyctl diff`: the version of the workspace a change is
// compared with. A folder holding a workspace (--base DIR), or a git ref
// of the workspace's repository (--base REF; without --base, the merge
// base of HEAD with the default branch when one is found, else HEAD),
// read with the `git` program (git archive, then tar) into a temporary
// folder that is removed with this object.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace journeyctl::cmd {

class DiffBase {
public:
    // `head_root`: the workspace's folder (its journeyctl.yaml's). `base`:
    // --base as given, empty for the default. UsageError when it is
    // neither a folder nor a commit; ConfigError when git cannot be used.
    DiffBase(const std::filesystem::path& head_root, const std::string& base);
    ~DiffBase();
    DiffBase(const DiffBase&) = delete;
    DiffBase& operator=(const DiffBase&) = delete;

    // The base workspace's folder.
    const std::filesystem::path& root() const { return m_root; }
    // What was compared, for the report: the folder, or "REF (abbreviated commit)".
    const std::string& description() const { return m_description; }

private:
    void read_from_git(const std::filesystem::path& head_root, const std::string& ref);

    std::filesystem::path m_root;
    std::string m_description;
    std::optional<std::filesystem::path> m_temporary;  // removed in the destructor
};

}  // namespace journeyctl::cmd
