#include "core/data/rejected_summary.hpp"

#include <fmt/format.h>

#include "core/util/escape.hpp"

namespace journeyctl::core::data {

RejectedSummary summarize_rejected(const LoadReport& report) {
    RejectedSummary summary;
    const uint64_t total = report.rejected_total();
    if (total == 0) return summary;
    std::string reasons;
    for (const auto& [reason, count] : report.rejected) {
        reasons += fmt::format("{}{}: {}", reasons.empty() ? "" : ", ", reject_reason_name(reason), count);
    }
    summary.headline =
        fmt::format("{} {} rejected ({}); they are left out", total, total == 1 ? "data row" : "data rows", reasons);
    for (const RejectedRow& row : report.examples) {
        summary.examples.push_back(fmt::format("{}:{}: {}: {}", util::escape_controls(row.path), row.line,
                                               reject_reason_name(row.reason), util::escape_controls(row.detail)));
    }
    return summary;
}

}  // namespace journeyctl::core::data
