// A workspace folder in the system's temp directory for loader tests:
// write files by relative path, removed when the test ends.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "core/diag/diagnostic.hpp"

namespace journeyctl::testing {

class TempWorkspace {
public:
    TempWorkspace() {
        static std::atomic<int> counter{0};
        m_root = std::filesystem::temp_directory_path() /
                 ("journeyctl-h6-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(m_root);
        std::filesystem::create_directories(m_root);
    }
    ~TempWorkspace() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    TempWorkspace(const TempWorkspace&) = delete;
    TempWorkspace& operator=(const TempWorkspace&) = delete;

    const std::filesystem::path& root() const { return m_root; }

    void write(const std::string& relative, std::string_view text) const {
        const auto path = m_root / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
    }

private:
    std::filesystem::path m_root;
};

inline const core::diag::Diagnostic* find_code(const std::vector<core::diag::Diagnostic>& ds, std::string_view code) {
    for (const auto& d : ds) {
        if (d.code == code) return &d;
    }
    return nullptr;
}

inline std::size_t count_code(const std::vector<core::diag::Diagnostic>& ds, std::string_view code) {
    std::size_t n = 0;
    for (const auto& d : ds) n += d.code == code ? 1 : 0;
    return n;
}

inline std::string all_messages(const std::vector<core::diag::Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) out += d.path + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message + " [" + d.code + "]\n";
    return out;
}

}  // namespace journeyctl::testing
