// The exit codes of every journeyctl command, in one place (product.md;
// documented in journeyctl(1) under EXIT STATUS). 70 and 74 are
// EX_SOFTWARE and EX_IOERR from sysexits.h.
#pragma once

namespace journeyctl::cmd {

inline constexpr int k_exit_ok = 0;           // success
inline constexpr int k_exit_failed = 1;       // the thing checked failed
inline constexpr int k_exit_usage = 2;        // usage or configuration error
inline constexpr int k_exit_bad_data = 3;     // bad input data in strict mode
inline constexpr int k_exit_internal = 70;    // an internal error: a bug in journeyctl
inline constexpr int k_exit_output = 74;      // standard output or an output file could not be written
inline constexpr int k_exit_interrupted = 130;  // stopped by SIGINT/SIGTERM

}  // namespace journeyctl::cmd
