#include "cmd/context.hpp"

#include <chrono>
#include <cstdlib>
#include <variant>

#include <unistd.h>

#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"

namespace journeyctl::cmd {

core::expr::Timestamp Context::now() const {
    if (options.now_text.empty()) {
        auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
        auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
        return core::expr::Timestamp{nanos / 1'000'000'000, static_cast<int32_t>(nanos % 1'000'000'000)};
    }
    auto parsed = core::expr::time::parse_timestamp(options.now_text);
    if (auto* error = std::get_if<core::expr::time::TimeError>(&parsed)) {
        throw core::UsageError("--now: " + error->message);
    }
    return std::get<core::expr::Timestamp>(parsed);
}

std::filesystem::path Context::start_folder() const {
    return options.directory.empty() ? std::filesystem::current_path() : std::filesystem::path(options.directory);
}

bool Context::color_for(int fd) const {
    if (options.color == "always") {
        return true;
    }
    if (options.color == "never" || std::getenv("NO_COLOR") != nullptr) {
        return false;
    }
    return isatty(fd) != 0;
}

}  // namespace journeyctl::cmd
