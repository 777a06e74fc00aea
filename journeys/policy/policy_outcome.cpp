// Outcome names: the strings are part of the state database and of
// `status --format json`, so they never change once released.
#include "journeys/policy/policy_outcome.hpp"

#include <array>

namespace journeyctl::journeys {

namespace {

constexpr std::array k_outcomes{
    Outcome::Sent,           Outcome::Failed,           Outcome::NoAddress,    Outcome::InvalidAddress,
    Outcome::SuppressedList, Outcome::SuppressedConsent, Outcome::SuppressedFrequency,
    Outcome::SkippedQuietHours, Outcome::Cancelled,     Outcome::DelayedQuietHours,
};

}  // namespace

std::string_view outcome_name(Outcome outcome) {
    switch (outcome) {
        case Outcome::Sent: return "sent";
        case Outcome::Failed: return "failed";
        case Outcome::NoAddress: return "no_address";
        case Outcome::InvalidAddress: return "invalid_address";
        case Outcome::SuppressedList: return "suppressed_list";
        case Outcome::SuppressedConsent: return "suppressed_consent";
        case Outcome::SuppressedFrequency: return "suppressed_frequency";
        case Outcome::SkippedQuietHours: return "skipped_quiet_hours";
        case Outcome::Cancelled: return "cancelled";
        case Outcome::DelayedQuietHours: return "delayed_quiet_hours";
    }
    return "failed";
}

std::optional<Outcome> parse_outcome(std::string_view name) {
    for (Outcome outcome : k_outcomes) {
        if (outcome_name(outcome) == name) return outcome;
    }
    return std::nullopt;
}

std::span<const Outcome> all_outcomes() { return k_outcomes; }

}  // namespace journeyctl::journeys
