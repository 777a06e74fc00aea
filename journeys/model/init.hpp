// The workspace `journeyctl init` writes: the files of examples/init/,
// embedded in the binary at build time (cmake/EmbedFiles.cmake generates
// init_files()), so what init writes is an example that the test suite
// validates like any other.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace journeyctl::journeys {

struct InitFile {
    std::string_view path;  // relative, '/' separated: "journeys/winback.yaml"
    std::string_view content;
};

// Every file, sorted by path. Defined in the generated init_files.cpp.
std::span<const InitFile> init_files();

// Writes every init file under `dir` (created if missing). When any of them
// already exists, writes nothing and throws core::UsageError naming it.
// Returns the paths written, relative to `dir`, in order. Throws
// core::ConfigError when a folder or file cannot be created.
std::vector<std::string> write_init_workspace(const std::filesystem::path& dir);

}  // namespace journeyctl::journeys
