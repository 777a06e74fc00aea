// The profile scope over a loaded dataset (see dataset_scope.hpp).
#include "journeys/runtime/dataset_scope.hpp"

#include <algorithm>

namespace journeyctl::journeys::runtime {

using core::expr::Value;
namespace expr = core::expr;

DatasetScope::DatasetScope(const core::data::Dataset& dataset, const core::segment::Engine& segments,
                           const expr::Environment& environment, std::string_view journey_name)
    : m_dataset(dataset), m_journey_name(journey_name), m_slots(journey_slots(environment)),
      m_activation(environment), m_membership(segments, dataset) {
    m_activation.set_host(static_cast<const SegmentOracle*>(&m_membership));
}

DatasetScope::~DatasetScope() = default;

void DatasetScope::reset(uint32_t row) {
    m_row = row;
    const core::data::Table& profiles = m_dataset.profiles();
    const core::data::Table& events = m_dataset.events();
    Value value;
    m_key.clear();
    if (profiles.get(m_dataset.key_field(), row, value)) m_key = std::string(value.as_string());
    m_profile_value = Value::record(&profiles, row);
    m_events.clear();
    m_events_begin = m_dataset.event_begin(row);
    const uint32_t end = m_dataset.event_begin(row + 1);
    for (uint32_t r = m_events_begin; r < end; ++r) {
        Event e{Timestamp{}, std::string_view(), r};
        if (events.get(m_dataset.event_time_field(), r, value)) e.time = value.as_timestamp();
        if (events.get(m_dataset.event_type_field(), r, value)) e.type = value.as_string();
        m_events.push_back(e);
    }
}

const expr::Activation& DatasetScope::bind(const Instance& instance, Timestamp t) {
    m_membership.set(m_row, t);
    m_activation.set(m_slots.now, Value::timestamp(t));
    m_activation.set(m_slots.profile, m_profile_value);
    const auto visible = std::upper_bound(m_events.begin(), m_events.end(), t,
                                          [](Timestamp at, const Event& e) { return at < e.time; });
    m_activation.set(m_slots.events,
                     Value::record_list(&m_dataset.events(), m_events_begin,
                                        m_events_begin + static_cast<uint32_t>(visible - m_events.begin())));
    m_activation.set(m_slots.event, instance.event
                                        ? Value::record(&m_dataset.events(), static_cast<uint32_t>(*instance.event))
                                        : Value::error("there is no event: the journey is not triggered by one"));
    // `journey` changes with the step and the entry only: rebuilt then.
    if (!m_journey_value_valid || m_journey_value_step != instance.step ||
        m_journey_value_entered != instance.entered_at) {
        expr::MapValue journey;
        journey.insert(Value::borrowed_string("id"), Value::borrowed_string(m_journey_name));
        journey.insert(Value::borrowed_string("entered_at"), Value::timestamp(instance.entered_at));
        journey.insert(Value::borrowed_string("step"), Value::string(instance.step));
        m_activation.set(m_slots.journey, Value::map(std::make_shared<const expr::MapValue>(std::move(journey))));
        m_journey_value_valid = true;
        m_journey_value_step = instance.step;
        m_journey_value_entered = instance.entered_at;
    }
    return m_activation;
}

Value DatasetScope::evaluate(const ProgramPtr& program, const Instance& instance, Timestamp t) {
    bind(instance, t);
    auto& evaluator = m_evaluators[program.get()];
    if (!evaluator) evaluator = std::make_unique<expr::Evaluator>(program);
    return evaluator->evaluate(m_activation);
}

// The updated fields first: a map keeps the first value of a key, so
// they win over the data's own fields.
void DatasetScope::profile_updated(const Instance& instance) {
    expr::MapValue merged;
    for (const FieldUpdate& update : instance.updates) merged.insert(Value::string(update.field), update.value);
    const Value data = Value::record(&m_dataset.profiles(), m_row).materialize();
    for (const auto& [key, value] : data.as_map().entries()) merged.insert(key, value);
    m_profile_value = Value::map(std::make_shared<const expr::MapValue>(std::move(merged)));
}

}  // namespace journeyctl::journeys::runtime
