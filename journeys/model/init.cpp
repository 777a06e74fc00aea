#include "journeys/model/init.hpp"

#include <fstream>
#include <system_error>

#include "core/diag/errors.hpp"

namespace journeyctl::journeys {

namespace fs = std::filesystem;

std::vector<std::string> write_init_workspace(const fs::path& dir) {
    // Check everything first: init never leaves half a workspace over a
    // user's files.
    std::vector<std::string> existing;
    for (const InitFile& file : init_files()) {
        // symlink_status: a dangling link counts too (writing would follow it).
        std::error_code ec;
        if (fs::symlink_status(dir / file.path, ec).type() != fs::file_type::not_found) existing.emplace_back(file.path);
    }
    if (!existing.empty()) {
        std::string others;
        if (existing.size() > 1) {
            others = " (and " + std::to_string(existing.size() - 1) + " other file" + (existing.size() > 2 ? "s" : "") +
                     " init would write)";
        }
        throw core::UsageError("'" + (dir / existing.front()).generic_string() + "' already exists" + others +
                               "; init writes a new workspace and overwrites nothing: choose an empty folder");
    }
    std::vector<std::string> written;
    for (const InitFile& file : init_files()) {
        const fs::path path = dir / file.path;
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec) {
            throw core::ConfigError("cannot create folder '" + path.parent_path().generic_string() + "': " + ec.message());
        }
        std::ofstream out(path, std::ios::binary);
        out.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
        out.close();
        if (!out) throw core::ConfigError("cannot write '" + path.generic_string() + "'");
        written.emplace_back(file.path);
    }
    return written;
}

}  // namespace journeyctl::journeys
