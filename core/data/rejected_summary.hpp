// The rows a load rejected, told the way every command warns about them:
// a headline with the count per reason and the first few rows as
// FILE:LINE: REASON: DETAIL. The data layer words it (it knows the
// reasons and the rows); the command decides whether and where to print.
#pragma once

#include <string>
#include <vector>

#include "core/data/dataset.hpp"

namespace journeyctl::core::data {

struct RejectedSummary {
    // "3 data rows rejected (malformed row: 2, bad value: 1); they are left
    // out"; empty when nothing was rejected.
    std::string headline;
    // "data/profiles.csv:7: bad value: age: \"abc\" is not an int", control
    // characters of paths and details escaped.
    std::vector<std::string> examples;
};

RejectedSummary summarize_rejected(const LoadReport& report);

}  // namespace journeyctl::core::data
