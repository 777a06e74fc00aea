// A time given on the command line (--from, --until, --since), for every
// command that takes one.
#pragma once

#include <string>
#include <string_view>

#include "core/expr/value.hpp"

namespace journeyctl::cmd {

// RFC 3339, or a core::UsageError naming the flag and why.
core::expr::Timestamp parse_time_option(const std::string& text, std::string_view flag);

}  // namespace journeyctl::cmd
