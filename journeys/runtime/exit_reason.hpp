// Why a profile left a journey: what the step machine reports when an
// instance ends, and what dry-run counts by.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace journeyctl::journeys {

enum class ExitReason : uint8_t {
    End,             // after the last step, or an `exit: true` step
    ExitOn,          // an event listed in exit_on arrived
    Timeout,         // the journey's timeout passed
    NoBranch,        // a branch with no else where no `when` held
    WaitForTimeout,  // a wait_for timed out with no on_timeout
    Error,           // a wait whose time could not be computed, or a runaway loop
};
inline constexpr size_t k_exit_reason_count = 6;
std::string_view exit_reason_name(ExitReason reason);  // "end", "exit_on", ..., "wait_for_timeout", "error"

}  // namespace journeyctl::journeys
