// Deterministic splits (formats.md, "Splits"): a profile's bucket at a split
// step is floor(murmur3_x86_32(JOURNEY ":" STEP ":" KEY, seed 1) * 10000 /
// 2^32), the hash and seed Optimizely buckets with, and the arms take
// consecutive bucket ranges in proportion to their weights, in integer
// arithmetic, so that an analyst can recompute any group in SQL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace journeyctl::journeys {

inline constexpr uint32_t k_split_buckets = 10000;
inline constexpr uint32_t k_split_seed = 1;

// MurmurHash3's 32-bit x86 variant (Austin Appleby, public domain) of the
// bytes of `data`, read little-endian whatever the host.
uint32_t murmur3_x86_32(std::string_view data, uint32_t seed);

// The bucket (0..9999) of profile `key` at step `step` of `journey`; the
// texts are hashed as their UTF-8 bytes.
uint32_t split_bucket(std::string_view journey, std::string_view step, std::string_view key);

// The arm (index into `weights`) that takes `bucket`: with W the sum of
// the weights, arm i takes floor(10000 * (w1+..+w(i-1)) / W) <= b <
// floor(10000 * (w1+..+wi) / W). Weights are positive (validation checks);
// a bucket past the last range (>= 10000) goes to the last arm.
std::size_t split_arm(std::span<const int64_t> weights, uint32_t bucket);

}  // namespace journeyctl::journeys
