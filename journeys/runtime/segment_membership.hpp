// inSegment("name") for one profile at one instant, the one answer that
// dry-run (each virtual instant) and `render --profile` (at --now) give:
// the segment's where evaluated for the profile with its events after the
// instant hidden, as if the later events had not happened yet. A segment
// that fails or gives a non-bool counts as not containing the profile; an
// unknown segment or one that does not compile is an error.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/data/dataset.hpp"
#include "core/expr/value.hpp"
#include "core/segment/engine.hpp"
#include "journeys/model/journey_env.hpp"

namespace journeyctl::journeys {

// The end of profile `row`'s event rows with time <= now (events are
// sorted by time within a profile).
uint32_t visible_event_end(const core::data::Dataset& dataset, uint32_t row, core::expr::Timestamp now);

// The dataset's profiles and events as they stand at `now`.
core::segment::Population population_at(const core::data::Dataset& dataset, core::expr::Timestamp now);

class SegmentMembership final : public SegmentOracle {
public:
    // Both must outlive the oracle; the engine has the segments prepared.
    SegmentMembership(const core::segment::Engine& segments, const core::data::Dataset& dataset)
        : m_segments(segments), m_dataset(dataset) {}

    // The profile and instant the next answers are for.
    void set(uint32_t row, core::expr::Timestamp now) {
        m_row = row;
        m_now = now;
    }
    core::expr::Value in_segment(std::string_view name) const override;

private:
    const core::segment::Engine& m_segments;
    const core::data::Dataset& m_dataset;
    uint32_t m_row = 0;
    core::expr::Timestamp m_now;
};

}  // namespace journeyctl::journeys
