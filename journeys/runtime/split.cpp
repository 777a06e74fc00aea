// MurmurHash3 x86_32 written from Austin Appleby's public-domain reference
// (smhasher's MurmurHash3.cpp): no installed library offers it (Debian's
// libxxhash has only the xxHash family), and it is short.
#include "journeys/runtime/split.hpp"

#include <string>

namespace journeyctl::journeys {

namespace {

constexpr uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

constexpr uint32_t fmix32(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6bU;
    h ^= h >> 13;
    h *= 0xc2b2ae35U;
    h ^= h >> 16;
    return h;
}

// Byte i of data as an unsigned value (char may be signed).
uint32_t byte_at(std::string_view data, std::size_t i) { return static_cast<unsigned char>(data[i]); }

}  // namespace

uint32_t murmur3_x86_32(std::string_view data, uint32_t seed) {
    constexpr uint32_t c1 = 0xcc9e2d51U;
    constexpr uint32_t c2 = 0x1b873593U;
    uint32_t h = seed;
    const std::size_t blocks = data.size() / 4;
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t i = b * 4;
        uint32_t k = byte_at(data, i) | byte_at(data, i + 1) << 8 | byte_at(data, i + 2) << 16 |
                     byte_at(data, i + 3) << 24;
        k *= c1;
        k = rotl32(k, 15);
        k *= c2;
        h ^= k;
        h = rotl32(h, 13);
        h = h * 5 + 0xe6546b64U;
    }
    const std::size_t tail = blocks * 4;
    uint32_t k = 0;
    switch (data.size() & 3) {
        case 3: k ^= byte_at(data, tail + 2) << 16; [[fallthrough]];
        case 2: k ^= byte_at(data, tail + 1) << 8; [[fallthrough]];
        case 1:
            k ^= byte_at(data, tail);
            k *= c1;
            k = rotl32(k, 15);
            k *= c2;
            h ^= k;
            break;
        default: break;
    }
    h ^= static_cast<uint32_t>(data.size());
    return fmix32(h);
}

uint32_t split_bucket(std::string_view journey, std::string_view step, std::string_view key) {
    std::string text;
    text.reserve(journey.size() + step.size() + key.size() + 2);
    text.append(journey).append(":").append(step).append(":").append(key);
    // hash * 10000 < 2^46: exact in 64 bits, and the shift is the floor.
    return static_cast<uint32_t>((uint64_t{murmur3_x86_32(text, k_split_seed)} * k_split_buckets) >> 32);
}

std::size_t split_arm(std::span<const int64_t> weights, uint32_t bucket) {
    if (weights.empty()) return 0;
    // 128 bits: 10000 times a sum of int64 weights cannot overflow.
    __extension__ typedef unsigned __int128 Wide;
    Wide total = 0;
    for (int64_t w : weights) total += static_cast<Wide>(w > 0 ? w : 0);
    if (total == 0) return 0;
    Wide running = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        running += static_cast<Wide>(weights[i] > 0 ? weights[i] : 0);
        const Wide upper = Wide{k_split_buckets} * running / total;
        if (Wide{bucket} < upper) return i;
    }
    return weights.size() - 1;
}

}  // namespace journeyctl::journeys
