#include "journeys/sending/send_report.hpp"

#include "journeys/policy/policy_outcome.hpp"

namespace journeyctl::journeys {

uint64_t SendReport::count(const std::string& outcome) const {
    auto found = outcomes.find(outcome);
    return found == outcomes.end() ? 0 : found->second;
}

const std::vector<std::string>& send_outcome_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out{"sent", "already_sent", "failed", "ambiguous", "deferred_quiet_hours"};
        for (Outcome outcome : {Outcome::NoAddress, Outcome::InvalidAddress, Outcome::SuppressedList,
                                Outcome::SuppressedConsent, Outcome::SuppressedFrequency, Outcome::SkippedQuietHours}) {
            out.emplace_back(outcome_name(outcome));
        }
        out.emplace_back("not_started");
        return out;
    }();
    return names;
}

}  // namespace journeyctl::journeys
