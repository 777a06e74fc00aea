// Values read from YAML that remember where they were written, so every
// later check (validation, expression type errors, dangling gotos) can point
// at the exact file:line:column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/yaml/scalar.hpp"

namespace journeyctl::core::yaml {

// A scalar value of type T with the position of its token (the quote or the
// first byte for plain scalars) and of the key it is the value of (unknown
// for list items).
template <typename T>
struct Located {
    T value{};
    SourcePos pos;
    SourcePos key_pos;
};

// A string scalar: its value, where its token starts, its key, and the map
// from value offsets to file positions. Expressions, templates, names,
// paths and `${VAR}` secrets are all Text.
struct Text {
    std::string value;
    SourcePos pos;      // the token: a quote, `|`, or the first byte of a plain scalar
    SourcePos key_pos;  // the key whose value this is; unknown for list items
    ScalarMap map;

    // Where value byte `offset` is written: for an expression error at
    // offset 12 of a `where: |` block, the file line and column.
    SourcePos at(std::size_t offset) const { return map.at(offset); }
    // Where the value's first byte is written (after any quote or header).
    SourcePos content_pos() const { return map.anchors().empty() ? pos : map.start(); }
    ScalarStyle style() const { return map.style(); }
    bool empty() const { return value.empty(); }
    const std::string& str() const { return value; }
    friend bool operator==(const Text& t, std::string_view s) { return t.value == s; }
};

}  // namespace journeyctl::core::yaml
