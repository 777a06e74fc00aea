#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "journeys/runtime/split.hpp"

using journeyctl::journeys::murmur3_x86_32;
using journeyctl::journeys::split_arm;
using journeyctl::journeys::split_bucket;

TEST_CASE("murmur3_x86_32 matches the published vectors", "[split]") {
    CHECK(murmur3_x86_32("", 0) == 0U);
    CHECK(murmur3_x86_32("", 1) == 0x514E28B7U);
    CHECK(murmur3_x86_32("", 0xffffffffU) == 0x81F16F39U);
    CHECK(murmur3_x86_32("test", 0) == 0xba6bd213U);
    CHECK(murmur3_x86_32("Hello, world!", 1234) == 0xfaf6cdb3U);
    CHECK(murmur3_x86_32("The quick brown fox jumps over the lazy dog", 0) == 0x2e4ff723U);
    // Tails of 1, 2 and 3 bytes, and bytes above 0x7f (char may be signed).
    CHECK(murmur3_x86_32(std::string("\x21", 1), 0) == 0x72661CF4U);
    CHECK(murmur3_x86_32(std::string("\x21\x43", 2), 0) == 0xA0F7B07AU);
    CHECK(murmur3_x86_32(std::string("\x21\x43\x65", 3), 0) == 0x7E4A8634U);
    CHECK(murmur3_x86_32(std::string("\xff\xff\xff\xff", 4), 0) == 0x76293B50U);
}

// split_buckets.txt is the output of murmur3_reference.py, a pure-Python
// implementation that shares no code with split.cpp.
TEST_CASE("split buckets and arms match the independent Python reference", "[split]") {
    std::ifstream in(JOURNEYCTL_SOURCE_DIR "/tests/unit/journeys/split_buckets.txt");
    REQUIRE(in);
    const std::array<int64_t, 3> weights{45, 45, 10};
    std::string line;
    int rows = 0;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream fields(line);
        for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
        if (line.ends_with('\t')) cells.emplace_back();
        REQUIRE(cells.size() == 6);
        INFO(line);
        const std::string text = cells[0] + ":" + cells[1] + ":" + cells[2];
        CHECK(murmur3_x86_32(text, 1) == std::stoul(cells[3], nullptr, 16));
        const uint32_t bucket = split_bucket(cells[0], cells[1], cells[2]);
        CHECK(bucket == std::stoul(cells[4]));
        CHECK(split_arm(weights, bucket) == std::stoul(cells[5]));
        ++rows;
    }
    CHECK(rows == 1000);
}

TEST_CASE("split arms take the bucket ranges of formats.md", "[split]") {
    const std::array<int64_t, 3> thirds{1, 1, 1};  // 0..3332, 3333..6665, 6666..9999
    CHECK(split_arm(thirds, 0) == 0);
    CHECK(split_arm(thirds, 3332) == 0);
    CHECK(split_arm(thirds, 3333) == 1);
    CHECK(split_arm(thirds, 6665) == 1);
    CHECK(split_arm(thirds, 6666) == 2);
    CHECK(split_arm(thirds, 9999) == 2);
    const std::array<int64_t, 3> offers{45, 45, 10};
    CHECK(split_arm(offers, 4499) == 0);
    CHECK(split_arm(offers, 4500) == 1);
    CHECK(split_arm(offers, 8999) == 1);
    CHECK(split_arm(offers, 9000) == 2);
    // A tiny weight may get no bucket at all: floor(10000 * 1 / 100001) = 0.
    const std::array<int64_t, 2> tiny{1, 100000};
    CHECK(split_arm(tiny, 0) == 1);
    // Huge weights do not overflow the products.
    const std::array<int64_t, 2> huge{INT64_MAX, INT64_MAX};
    CHECK(split_arm(huge, 4999) == 0);
    CHECK(split_arm(huge, 5000) == 1);
    const std::array<int64_t, 1> one{7};
    CHECK(split_arm(one, 9999) == 0);
}

TEST_CASE("split buckets spread keys in proportion to the weights", "[split]") {
    const std::array<int64_t, 3> weights{45, 45, 10};
    std::array<int, 3> counts{};
    constexpr int k_keys = 100000;
    for (int i = 0; i < k_keys; ++i) {
        const uint32_t bucket = split_bucket("winback", "offer", "customer-" + std::to_string(i));
        REQUIRE(bucket < 10000);
        ++counts[split_arm(weights, bucket)];
    }
    for (std::size_t i = 0; i < weights.size(); ++i) {
        INFO("arm " << i << ": " << counts[i]);
        CHECK(std::abs(counts[i] / double(k_keys) - weights[i] / 100.0) <= 0.01);
    }
}
