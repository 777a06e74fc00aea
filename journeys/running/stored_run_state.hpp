// A run's RunState (simulation.hpp) over the state database: which
// profiles have work in the window (a timer due, an event in it), their
// instances read before they are driven and written back after, inside
// the transaction the runner holds, and the caps counted in the database
// under each message's key.
//
// An instance names its entering or awaited event by the dataset's row,
// which is no identity across runs (the data may have grown since). It
// is stored as the event's time, type and place among the profile's
// events of that time and type, and found again by them; an event that
// is no longer in the data leaves `event` unset (its fields read as an
// error), which the run counts. A profile found at a step the journey's
// current file no longer has leaves the journey, counted too.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/state/journey_store.hpp"
#include "journeys/policy/stored_frequency_ledger.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/simulation/simulation.hpp"

namespace journeyctl::journeys {

struct RunStateCounts {
    uint64_t loaded = 0;           // instances read
    uint64_t written = 0;          // instances written (new or changed)
    uint64_t missing_profiles = 0; // due instances whose profile is no longer in the data
    uint64_t lost_events = 0;      // stored events no longer in the data
    uint64_t left_removed_step = 0; // inside at a step the journey no longer has: left
};

class StoredRunState final : public RunState {
public:
    // The window is [from, until]: `from` just after the previous run's end.
    StoredRunState(core::state::JourneyStore& store, StoredFrequencyLedger& frequency,
                   const core::data::Dataset& dataset, const CompiledJourney& journey, Timestamp from,
                   Timestamp until, bool first_run);

    const std::vector<uint32_t>& rows() const override { return m_rows; }
    bool first_run() const override { return m_first_run; }
    runtime::Instance load(uint32_t row, std::string_view profile_key, runtime::Instance fresh) override;
    void store(uint32_t row, std::string_view profile_key, const runtime::Instance& instance,
               std::optional<Timestamp> wake) override;
    FrequencyLedger& frequency() override { return m_frequency; }
    void set_message_key(const std::string& key) override { m_frequency.set_idempotency_key(key); }

    // Writes the instances stored so far, in key order: the table's
    // B-tree pages are then visited once each, not at random.
    void flush();

    const RunStateCounts& counts() const { return m_counts; }

private:
    nlohmann::json event_reference(uint32_t row, uint64_t event) const;
    std::optional<uint64_t> find_event(uint32_t row, const nlohmann::json& reference) const;

    core::state::JourneyStore& m_store;
    StoredFrequencyLedger& m_frequency;
    const core::data::Dataset& m_dataset;
    const CompiledJourney& m_journey;
    std::vector<uint32_t> m_rows;
    // The due instances' stored JSON by row, read in one query.
    std::unordered_map<uint32_t, std::string> m_due_states;
    bool m_first_run;
    RunStateCounts m_counts;
    // The instance as loaded for the profile being driven: written back
    // only when it changed.
    std::string m_loaded_state;
    std::vector<core::state::InstanceRecord> m_pending;
};

}  // namespace journeyctl::journeys
