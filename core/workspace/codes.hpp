// The diagnostic codes of loading (reading journeyctl.yaml and the journey,
// segment and template files), as a table: the code and what it means. It
// mirrors core/workspace/codes.md, the codes' documentation, row for row
// (a unit test compares them); validation's codes are
// journeys::validation_codes(). SARIF output lists both as its rules.
#pragma once

#include <span>
#include <string_view>

namespace journeyctl::core::workspace {

struct LoadingCode {
    std::string_view code;     // "unknown-key"
    std::string_view summary;  // codes.md's meaning, without Markdown
};

// In codes.md's order.
std::span<const LoadingCode> loading_codes();

}  // namespace journeyctl::core::workspace
