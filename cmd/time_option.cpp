#include "cmd/time_option.hpp"

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "core/expr/time.hpp"

namespace journeyctl::cmd {

core::expr::Timestamp parse_time_option(const std::string& text, std::string_view flag) {
    const auto parsed = core::expr::time::parse_timestamp(text);
    if (const auto* error = std::get_if<core::expr::time::TimeError>(&parsed)) {
        throw core::UsageError(fmt::format("{} '{}': {}", flag, text, error->message));
    }
    return std::get<core::expr::Timestamp>(parsed);
}

}  // namespace journeyctl::cmd
