// The developer log (spdlog) on stderr: off but for warnings by default,
// -v for info, -vv for debug, -q for errors only. User-facing diagnostics
// do not go through it; they are each command's output.
#pragma once

#include "cmd/context.hpp"

namespace journeyctl::cmd {

void configure_logging(const GlobalOptions& options);

}  // namespace journeyctl::cmd
