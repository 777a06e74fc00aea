// The exit codes of every journeyctl command, in one place (product.md;
// documented in journeyctl(1) under EXIT STATUS).
#pragma once

namespace journeyctl::cmd {

inline constexpr int k_exit_ok = 0;           // success
inline constexpr int k_exit_failed = 1;       // the thing checked failed
inline constexpr int k_exit_usage = 2;        // usage or configuration error
inline constexpr int k_exit_bad_data = 3;     // bad input data in strict mode
inline constexpr int k_exit_interrupted = 130;  // stopped by SIGINT/SIGTERM

}  // namespace journeyctl::cmd
