// The profile key index (see key_index.hpp).
#include "core/data/key_index.hpp"

#include <functional>

namespace journeyctl::core::data {

KeyIndex::KeyIndex(std::span<const std::string_view> keys) : m_keys(keys) {
    const std::span<const std::string_view> m = keys;
    std::size_t size = 16;
    while (size < m.size() * 2) size *= 2;
    m_slots.assign(size, 0);
    m_mask = size - 1;
    const std::hash<std::string_view> hash;
    for (uint32_t row = 0; row < m.size(); ++row) {
        std::size_t slot = hash(m[row]) & m_mask;
        for (;;) {
            const uint32_t taken = m_slots[slot];
            if (taken == 0) {
                m_slots[slot] = row + 1;
                break;
            }
            if (m[taken - 1] == m[row]) {
                m_duplicates.emplace_back(row, taken - 1);
                break;
            }
            slot = (slot + 1) & m_mask;
        }
    }
}

std::optional<uint32_t> KeyIndex::find(std::string_view key) const {
    std::size_t slot = std::hash<std::string_view>()(key) & m_mask;
    for (;;) {
        const uint32_t taken = m_slots[slot];
        if (taken == 0) return std::nullopt;
        if (m_keys[taken - 1] == key) return taken - 1;
        slot = (slot + 1) & m_mask;
    }
}

}  // namespace journeyctl::core::data
