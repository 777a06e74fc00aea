// Rows of values held in memory as an expression RecordSource: profiles
// and events for segment engine tests, without files. A cell left out (or
// std::nullopt) is absent, as an empty CSV cell or a missing JSON key is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/record.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::testing {

class Rows final : public core::expr::RecordSource {
public:
    explicit Rows(std::vector<std::string> names) : m_names(std::move(names)) {}
    void add(std::vector<std::optional<core::expr::Value>> cells) {
        cells.resize(m_names.size());
        m_rows.push_back(std::move(cells));
    }
    uint32_t size() const { return static_cast<uint32_t>(m_rows.size()); }
    uint32_t field_count() const override { return static_cast<uint32_t>(m_names.size()); }
    std::string_view field_name(uint32_t field) const override { return m_names[field]; }
    std::optional<uint32_t> field_index(std::string_view name) const override {
        for (uint32_t i = 0; i < m_names.size(); ++i) {
            if (m_names[i] == name) return i;
        }
        return std::nullopt;
    }
    bool get(uint32_t field, uint32_t row, core::expr::Value& out) const override {
        ++reads;
        const auto& cell = m_rows[row][field];
        if (cell) out = *cell;
        return cell.has_value();
    }

    // Cells read so far, for tests of how much an evaluation reads.
    mutable uint64_t reads = 0;

private:
    std::vector<std::string> m_names;
    std::vector<std::vector<std::optional<core::expr::Value>>> m_rows;
};

}  // namespace journeyctl::testing
