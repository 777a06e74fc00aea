#include "core/delivery/providers/gsm7.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace journeyctl::core::delivery::providers {

namespace {

// The code points of the default alphabet and the extension table outside
// printable ASCII, sorted; of printable ASCII only '`' is in neither.
constexpr std::array<char32_t, 42> k_non_ascii = {
    0x000A, 0x000C, 0x000D,  // LF, FF (extension), CR
    0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF,  // ¡ £ ¤ ¥ § ¿
    0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF,  // Ä Å Æ Ç É Ñ Ö Ø Ü ß
    0x00E0, 0x00E4, 0x00E5, 0x00E6, 0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC,
    0x0393, 0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9,  // Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω
};
constexpr char32_t k_euro = 0x20AC;  // extension table

bool in_alphabet(char32_t c) {
    if (c >= 0x20 && c <= 0x7E) return c != '`';
    if (c == k_euro) return true;
    return std::binary_search(k_non_ascii.begin(), k_non_ascii.end(), c);
}

// The next code point of `text` from `i`, advancing `i`; false on invalid
// UTF-8 (bad lead or continuation byte, overlong form, surrogate).
bool next_code_point(std::string_view text, std::size_t& i, char32_t& c) {
    const auto lead = static_cast<uint8_t>(text[i]);
    std::size_t length = 0;
    if (lead < 0x80) {
        c = lead;
        length = 1;
    } else if ((lead & 0xE0) == 0xC0) {
        c = lead & 0x1F;
        length = 2;
    } else if ((lead & 0xF0) == 0xE0) {
        c = lead & 0x0F;
        length = 3;
    } else if ((lead & 0xF8) == 0xF0) {
        c = lead & 0x07;
        length = 4;
    } else {
        return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
        const auto byte = static_cast<uint8_t>(text[i + k]);
        if ((byte & 0xC0) != 0x80) return false;
        c = (c << 6) | (byte & 0x3F);
    }
    constexpr char32_t k_smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < k_smallest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    i += length;
    return true;
}

}  // namespace

bool fits_gsm7(std::string_view utf8) {
    std::size_t i = 0;
    while (i < utf8.size()) {
        char32_t c = 0;
        if (!next_code_point(utf8, i, c) || !in_alphabet(c)) return false;
    }
    return true;
}

}  // namespace journeyctl::core::delivery::providers
