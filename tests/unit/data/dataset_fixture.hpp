// A throwaway workspace folder with data files, and a WorkspaceConfig
// pointing at them, for the data loading tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/data/dataset.hpp"
#include "core/workspace/data_sources.hpp"

namespace journeyctl::test {

class DataWorkspace {
public:
    DataWorkspace() {
        static int counter = 0;
        m_root = std::filesystem::temp_directory_path() /
                 ("journeyctl-data-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(m_root);
    }
    ~DataWorkspace() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    DataWorkspace(const DataWorkspace&) = delete;
    DataWorkspace& operator=(const DataWorkspace&) = delete;

    void write(const std::string& name, const std::string& text) {
        std::ofstream(m_root / name, std::ios::binary) << text;
    }
    void profiles(const std::string& name, const std::string& text, const std::string& key = "customer_id") {
        write(name, text);
        config.profiles.present = true;
        config.profiles.file.value = name;
        config.profiles.key.value = key;
    }
    void events(const std::string& name, const std::string& text, const std::string& type = "event",
                const std::string& time = "ts") {
        write(name, text);
        config.events.present = true;
        config.events.file.value = name;
        config.events.key.value = "customer_id";
        config.events.type_field = core::workspace::Text{type, {}, {}, {}};
        config.events.time_field = core::workspace::Text{time, {}, {}, {}};
    }
    void declare(bool events, const std::string& name, core::workspace::FieldType type) {
        core::workspace::FieldDecl decl;
        decl.name.value = name;
        decl.type.value = type;
        (events ? config.events : config.profiles).fields.push_back(decl);
    }
    core::data::Dataset load(const core::data::LoadOptions& options = {}) const {
        return core::data::load_dataset(core::workspace::data_sources(config), m_root, options);
    }
    const std::filesystem::path& root() const { return m_root; }

    core::workspace::WorkspaceConfig config;

private:
    std::filesystem::path m_root;
};

// The cell as its CEL literal, or "<absent>".
inline std::string cell(const core::data::Table& table, std::string_view field, uint32_t row) {
    const auto index = table.field_index(field);
    if (!index) return "<no field>";
    core::expr::Value value;
    return table.get(*index, row, value) ? value.to_cel_literal() : "<absent>";
}

}  // namespace journeyctl::test
