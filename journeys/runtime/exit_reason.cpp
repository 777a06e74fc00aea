#include "journeys/runtime/exit_reason.hpp"

namespace journeyctl::journeys {

std::string_view exit_reason_name(ExitReason reason) {
    switch (reason) {
        case ExitReason::End: return "end";
        case ExitReason::ExitOn: return "exit_on";
        case ExitReason::Timeout: return "timeout";
        case ExitReason::NoBranch: return "no_branch";
        case ExitReason::WaitForTimeout: return "wait_for_timeout";
        case ExitReason::Error: return "error";
    }
    return "?";
}

}  // namespace journeyctl::journeys
