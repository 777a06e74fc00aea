// Profile key -> profile row, for events (each event names its profile by
// key) and `Dataset::find_profile`. Open addressing over the keys' views,
// which live in the profile table's arena: 4 bytes a slot, no per-key
// allocation.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace journeyctl::core::data {

class KeyIndex {
public:
    // `keys` (the key column's views; their buffer, which survives moves
    // of the column) must outlive the index. A key seen
    // twice keeps its first row; duplicates() lists (row, first row) for
    // each later one.
    explicit KeyIndex(std::span<const std::string_view> keys);

    std::optional<uint32_t> find(std::string_view key) const;
    std::string_view key(uint32_t row) const { return m_keys[row]; }
    uint32_t size() const { return static_cast<uint32_t>(m_keys.size()); }
    const std::vector<std::pair<uint32_t, uint32_t>>& duplicates() const { return m_duplicates; }

private:
    std::span<const std::string_view> m_keys;
    std::vector<uint32_t> m_slots;  // row + 1; 0 = empty
    std::size_t m_mask = 0;
    std::vector<std::pair<uint32_t, uint32_t>> m_duplicates;
};

}  // namespace journeyctl::core::data
