// UTF-8 helpers shared by the expression lexer, CEL string values and the
// YAML scalar reader: encoding a code point, and recognising well-formed
// sequences (no overlong forms, no surrogates, nothing past U+10FFFF) so
// every layer agrees on what valid text is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace journeyctl::core::util {

// Appends the UTF-8 encoding of code point `cp` (which must be valid).
void append_utf8(std::string& out, uint32_t cp);

// Length in bytes of the well-formed UTF-8 sequence at text[i], or 0 when
// the bytes there are not one.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Whether all of `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Code points in well-formed UTF-8 text (CEL's size() of a string).
int64_t code_point_count(std::string_view text);

}  // namespace journeyctl::core::util
