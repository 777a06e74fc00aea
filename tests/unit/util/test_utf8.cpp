#include <catch2/catch.hpp>

#include "core/util/utf8.hpp"

using namespace journeyctl::core::util;

TEST_CASE("utf8: encoding each sequence length", "[utf8]") {
    struct Row { uint32_t cp; std::string bytes; };
    const Row rows[] = {{0x41, "A"}, {0xE9, "\xC3\xA9"}, {0x20AC, "\xE2\x82\xAC"}, {0x1F600, "\xF0\x9F\x98\x80"},
                        {0x7F, "\x7F"}, {0x80, "\xC2\x80"}, {0x7FF, "\xDF\xBF"}, {0x800, "\xE0\xA0\x80"},
                        {0xFFFF, "\xEF\xBF\xBF"}, {0x10000, "\xF0\x90\x80\x80"}, {0x10FFFF, "\xF4\x8F\xBF\xBF"}};
    for (const Row& row : rows) {
        std::string out;
        append_utf8(out, row.cp);
        INFO(row.cp);
        CHECK(out == row.bytes);
        CHECK(utf8_sequence_length(out, 0) == out.size());
        CHECK(is_valid_utf8(out));
        CHECK(code_point_count(out) == 1);
    }
}

TEST_CASE("utf8: malformed sequences are rejected", "[utf8]") {
    const std::string bad[] = {
        "\x80",              // lone continuation byte
        "\xC3",              // truncated two-byte sequence
        "\xC0\xAF",          // overlong '/'
        "\xE0\x80\xAF",      // overlong three-byte
        "\xED\xA0\x80",      // UTF-16 surrogate U+D800
        "\xF4\x90\x80\x80",  // past U+10FFFF
        "\xFF",              // never valid
        "ok\xC3(",           // bad continuation after valid text
    };
    for (const std::string& text : bad) {
        INFO(text);
        CHECK_FALSE(is_valid_utf8(text));
    }
    CHECK(utf8_sequence_length("abc", 3) == 0);
    CHECK(is_valid_utf8(""));
    CHECK(code_point_count("h\xC3\xA9llo") == 5);
}
