// A program's profile on one virtual clock (see simulation.hpp): every
// journey's driver for the profile, stepped together so that each
// message any of them sends is in the one ledger the caps read before
// the next instant of any journey. And the program's totals.
#include <variant>

#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "journeys/simulation/simulation_internal.hpp"

namespace journeyctl::journeys {

namespace simulation {

ProgramDriver::ProgramDriver(const std::vector<std::unique_ptr<SharedRun>>& runs) {
    // A run's caps are the state database's, across runs and senders.
    for (const auto& run : runs) {
        FrequencyLedger& ledger = run->in.run_state != nullptr ? run->in.run_state->frequency() : m_ledger;
        m_drivers.push_back(std::make_unique<ProfileDriver>(*run, ledger));
    }
}

void ProgramDriver::simulate(uint32_t row) {
    m_taking_part.clear();
    for (auto& driver : m_drivers) {
        if (driver->begin(row)) m_taking_part.push_back(driver.get());
    }
    if (m_taking_part.empty()) return;
    m_ledger.clear();
    while (true) {
        std::optional<Timestamp> next;
        for (const ProfileDriver* driver : m_taking_part) {
            const std::optional<Timestamp> t = driver->next_instant();
            if (t && (!next || *t < *next)) next = t;
        }
        if (!next) break;
        // A journey with nothing at this instant waits for a later one.
        for (ProfileDriver* driver : m_taking_part) {
            if (driver->next_instant() == next) driver->step(*next);
        }
    }
    for (ProfileDriver* driver : m_taking_part) driver->finish();
}

}  // namespace simulation

namespace {

// "2026-11-02" for a count of days since 1970-01-01 (Howard Hinnant's
// civil_from_days).
std::string date_of_day(int64_t days) {
    const int64_t z = days + 719'468;
    const int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
    const int64_t doe = z - era * 146'097;
    const int64_t yoe = (doe - doe / 1'460 + doe / 36'524 - doe / 146'096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

}  // namespace

ProgramTotals program_totals(const std::vector<SimulationResult>& journeys) {
    ProgramTotals totals;
    for (const SimulationResult& result : journeys) {
        const SimulationReport& report = result.report;
        for (const StepCounts& step : report.steps) {
            if (step.action != "send") continue;
            auto& by_outcome = totals.by_channel[step.channel];
            for (size_t o = 0; o < k_outcome_count; ++o) by_outcome[o] += step.outcomes[o];
        }
        for (const auto& [day, sent] : report.sent_by_day) {
            auto& by_channel = totals.sent_by_day[date_of_day(day)];
            for (size_t i = 0; i < sent.size(); ++i) {
                if (sent[i] > 0) by_channel[report.steps[i].channel] += sent[i];
            }
        }
    }
    return totals;
}

}  // namespace journeyctl::journeys
