#include "cmd/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace journeyctl::cmd {

void configure_logging(const GlobalOptions& options) {
    auto logger = spdlog::stderr_color_mt("journeyctl");
    logger->set_pattern("journeyctl: %l: %v");
    spdlog::level::level_enum level = spdlog::level::warn;
    if (options.quiet) {
        level = spdlog::level::err;
    } else if (options.verbose >= 2) {
        level = spdlog::level::debug;
    } else if (options.verbose == 1) {
        level = spdlog::level::info;
    }
    logger->set_level(level);
    spdlog::set_default_logger(logger);
}

}  // namespace journeyctl::cmd
