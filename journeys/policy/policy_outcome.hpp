// The outcomes a message attempt ends in (formats.md, "Message outcomes"),
// shared by dry-run, run, send and status so that all of them print and
// store the same words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace journeyctl::journeys {

// In the order formats.md lists them (invalid_address, added for issue
// #10, right after no_address: the check that decides it comes next). `Sent` also stands for "every check
// passed" in check_policies (a real send may still end `Failed`);
// `DelayedQuietHours` is recorded on the way to one of the others.
enum class Outcome : uint8_t {
    Sent,
    Failed,
    NoAddress,
    InvalidAddress,  // a control character (CR, LF, NUL...) in the address
    SuppressedList,
    SuppressedConsent,
    SuppressedFrequency,
    SkippedQuietHours,
    Cancelled,
    DelayedQuietHours,
};
inline constexpr size_t k_outcome_count = 10;

// "sent", "failed", "no_address", "invalid_address", "suppressed_list",
// "suppressed_consent",
// "suppressed_frequency", "skipped_quiet_hours", "cancelled",
// "delayed_quiet_hours".
std::string_view outcome_name(Outcome outcome);
std::optional<Outcome> parse_outcome(std::string_view name);
// Every outcome, in enum order (for reports that list zero counts too).
std::span<const Outcome> all_outcomes();
// Whether the outcome ends the attempt (all but DelayedQuietHours).
inline bool is_final(Outcome outcome) { return outcome != Outcome::DelayedQuietHours; }

}  // namespace journeyctl::journeys
