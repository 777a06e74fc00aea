#include "cmd/context.hpp"

#include <chrono>
#include <cstdlib>
#include <variant>

#include <unistd.h>

#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"

namespace journeyctl::cmd {

namespace {

core::expr::Timestamp evaluation_instant(const std::string& now_text) {
    if (now_text.empty()) {
        auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
        auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
        return core::expr::Timestamp{nanos / 1'000'000'000, static_cast<int32_t>(nanos % 1'000'000'000)};
    }
    auto parsed = core::expr::time::parse_timestamp(now_text);
    if (auto* error = std::get_if<core::expr::time::TimeError>(&parsed)) {
        throw core::UsageError("--now: " + error->message);
    }
    return std::get<core::expr::Timestamp>(parsed);
}

}  // namespace

void Context::resolve() {
    m_start_folder = options.directory.empty() ? std::filesystem::current_path()
                                               : std::filesystem::path(options.directory);
    m_now = evaluation_instant(options.now_text);
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
