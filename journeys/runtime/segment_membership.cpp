// inSegment at an instant (see segment_membership.hpp).
#include "journeys/runtime/segment_membership.hpp"

#include <fmt/format.h>

namespace journeyctl::journeys {

namespace expr = core::expr;

uint32_t visible_event_end(const core::data::Dataset& dataset, uint32_t row, expr::Timestamp now) {
    const core::data::Table& events = dataset.events();
    const uint32_t time_field = dataset.event_time_field();
    uint32_t low = dataset.event_begin(row), high = dataset.event_begin(row + 1);
    expr::Value time;
    while (low < high) {
        const uint32_t mid = low + (high - low) / 2;
        const expr::Timestamp at = events.get(time_field, mid, time) ? time.as_timestamp() : expr::Timestamp{};
        if (at <= now) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    return low;
}

core::segment::Population population_at(const core::data::Dataset& dataset, expr::Timestamp now) {
    core::segment::Population population = core::segment::population_of(dataset);
    population.event_end = [&dataset, now](uint32_t row) { return visible_event_end(dataset, row, now); };
    return population;
}

expr::Value SegmentMembership::in_segment(std::string_view name) const {
    const std::optional<size_t> index = m_segments.find(name);
    if (!index) return expr::Value::error(fmt::format("there is no segment '{}'", name));
    const auto program = m_segments.program(*index);
    if (!program) return expr::Value::error(fmt::format("segment '{}' does not compile", name));
    const expr::Value member =
        m_segments.evaluate(*program, m_segments.environment(), population_at(m_dataset, m_now), m_row, m_now);
    return member.kind() == expr::Value::Kind::Bool ? member : expr::Value::boolean(false);
}

}  // namespace journeyctl::journeys
