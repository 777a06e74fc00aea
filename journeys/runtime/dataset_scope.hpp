// The profile scope over a loaded dataset (dry-run): one profile row at a
// time, its events as rows of the event table (an event's id is its row),
// `events` a view of the rows up to the bound instant, inSegment answered
// by SegmentMembership at that instant. Values borrow from the dataset;
// nothing is copied per evaluation, and `journey` and `profile` are
// rebuilt only when the step, the entry or the updates change.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/data/dataset.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/runtime/profile_scope.hpp"
#include "journeys/runtime/segment_membership.hpp"

namespace journeyctl::journeys::runtime {

class DatasetScope final : public ProfileScope {
public:
    struct Event {
        Timestamp time;
        std::string_view type;
        uint32_t row;
    };

    // All must outlive the scope; `environment` is journey_environment().
    DatasetScope(const core::data::Dataset& dataset, const core::segment::Engine& segments,
                 const core::expr::Environment& environment, std::string_view journey_name);
    ~DatasetScope() override;

    // Binds the scope to profile `row` (and reads its events).
    void reset(uint32_t row);
    uint32_t row() const { return m_row; }
    // The profile's events, oldest first.
    const std::vector<Event>& events() const { return m_events; }

    std::string_view profile_key() const override { return m_key; }
    const core::expr::Activation& bind(const Instance& instance, Timestamp t) override;
    core::expr::Value evaluate(const ProgramPtr& program, const Instance& instance, Timestamp t) override;
    void profile_updated(const Instance& instance) override;

private:
    const core::data::Dataset& m_dataset;
    std::string_view m_journey_name;
    JourneySlots m_slots;
    core::expr::Activation m_activation;
    SegmentMembership m_membership;
    std::unordered_map<const core::expr::Program*, std::unique_ptr<core::expr::Evaluator>> m_evaluators;

    uint32_t m_row = 0;
    std::string m_key;
    uint32_t m_events_begin = 0;
    std::vector<Event> m_events;
    core::expr::Value m_profile_value;
    // What the activation's `journey` was built for.
    bool m_journey_value_valid = false;
    std::string m_journey_value_step;
    Timestamp m_journey_value_entered;
};

}  // namespace journeyctl::journeys::runtime
