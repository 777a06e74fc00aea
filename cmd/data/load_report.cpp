// Progress and rejected-row warnings for commands that load data (see
// load_report.hpp).
#include "cmd/data/load_report.hpp"

#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

#include "core/util/escape.hpp"
#include "core/workspace/data_sources.hpp"

namespace journeyctl::cmd {

void attach_progress(core::data::LoadOptions& options, const Context& context) {
    if (context.options.quiet || ::isatty(STDERR_FILENO) == 0) return;
    options.progress = [](uint64_t done, uint64_t total) {
        if (total == 0) return;
        constexpr int k_width = 30;
        const int filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * k_width);
        std::fprintf(stderr, "\rloading data [%-*s] %3d%%", k_width, std::string(std::min(filled, k_width), '#').c_str(),
                     static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)));
        if (done >= total) std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
    };
}

void warn_rejected_rows(const core::data::LoadReport& report, const Context& context) {
    const uint64_t total = report.rejected_total();
    if (total == 0 || context.options.quiet) return;
    std::string reasons;
    for (const auto& [reason, count] : report.rejected) {
        reasons += fmt::format("{}{} {}", reasons.empty() ? "" : ", ", count, core::data::reject_reason_name(reason));
    }
    std::string text = fmt::format("journeyctl: warning: {} data row{} rejected ({}); see 'journeyctl data inspect'\n",
                                   total, total == 1 ? "" : "s", reasons);
    for (const core::data::RejectedRow& row : report.examples) {
        text += fmt::format("  {}:{}: {}: {}\n", core::util::escape_controls(row.path), row.line,
                            core::data::reject_reason_name(row.reason), core::util::escape_controls(row.detail));
    }
    std::fputs(text.c_str(), stderr);
}

core::data::Dataset load_data(const core::workspace::WorkspaceConfig& config, const std::filesystem::path& root,
                              core::data::LoadOptions options, const Context& context) {
    attach_progress(options, context);
    core::data::Dataset dataset = core::data::load_dataset(core::workspace::data_sources(config), root, options);
    warn_rejected_rows(dataset.report(), context);
    return dataset;
}

}  // namespace journeyctl::cmd
