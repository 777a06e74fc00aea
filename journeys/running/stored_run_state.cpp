#include "journeys/running/stored_run_state.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "core/util/escape.hpp"
#include "journeys/runtime/stored_time.hpp"

namespace journeyctl::journeys {

namespace {

using core::expr::Value;

struct EventKey {
    Timestamp time;
    std::string_view type;
};

EventKey event_key(const core::data::Dataset& dataset, uint64_t event) {
    const auto row = static_cast<uint32_t>(event);
    Value value;
    EventKey key{};
    if (dataset.events().get(dataset.event_time_field(), row, value)) key.time = value.as_timestamp();
    if (dataset.events().get(dataset.event_type_field(), row, value)) key.type = value.as_string();
    return key;
}

}  // namespace

StoredRunState::StoredRunState(core::state::JourneyStore& store, StoredFrequencyLedger& frequency,
                               const core::data::Dataset& dataset, const CompiledJourney& journey, Timestamp from,
                               Timestamp until, bool first_run)
    : m_store(store), m_frequency(frequency), m_dataset(dataset), m_journey(journey), m_first_run(first_run) {
    // Timers due by the window's end.
    for (core::state::InstanceRecord& due : m_store.due_instances(journey.name(), bounded_unix_nanos(until))) {
        if (const std::optional<uint32_t> row = dataset.find_profile(due.profile_key)) {
            m_rows.push_back(*row);
            m_due_states.emplace(*row, std::move(due.state));
        } else {
            ++m_counts.missing_profiles;
        }
    }
    // Events in the window: a profile's events are in time order.
    const uint32_t profiles = dataset.profiles().row_count();
    for (uint32_t row = 0; row < profiles; ++row) {
        const uint32_t begin = dataset.event_begin(row);
        const uint32_t end = dataset.event_begin(row + 1);
        for (uint32_t event = begin; event < end; ++event) {
            const Timestamp t = event_key(dataset, event).time;
            if (t < from) continue;
            if (t <= until) m_rows.push_back(row);
            break;
        }
    }
    std::sort(m_rows.begin(), m_rows.end());
    m_rows.erase(std::unique(m_rows.begin(), m_rows.end()), m_rows.end());
}

runtime::Instance StoredRunState::load(uint32_t row, std::string_view profile_key, runtime::Instance fresh) {
    m_loaded_state.clear();
    if (const auto due = m_due_states.find(row); due != m_due_states.end()) {
        m_loaded_state = std::move(due->second);
        m_due_states.erase(due);
    } else if (std::optional<core::state::InstanceRecord> record = m_store.instance(m_journey.name(), profile_key)) {
        m_loaded_state = std::move(record->state);
    } else {
        return fresh;
    }
    ++m_counts.loaded;
    nlohmann::json reference;
    runtime::Instance instance;
    try {
        nlohmann::json json = nlohmann::json::parse(m_loaded_state);
        if (!json.is_object()) throw std::invalid_argument("not a JSON object");
        if (const auto event = json.find("event"); event != json.end()) reference = *event;
        json.erase("event");
        instance = runtime::instance_from_json(json);
        if (reference.is_object()) instance.event = find_event(row, reference);
    } catch (const std::exception& e) {
        // A damaged state database: say which row, and change nothing.
        throw core::ConfigError(fmt::format("the state database's instance of profile '{}' in journey '{}' cannot "
                                            "be read: {}",
                                            core::util::escape_controls(profile_key), m_journey.name(), e.what()));
    }
    // The journey was edited and its step is gone: the profile leaves
    // here, rather than wait at a step that no longer exists.
    if (instance.active && !instance.step.empty() && m_journey.step_index(instance.step) == k_leave) {
        instance.active = false;
        instance.timer.reset();
        instance.held.reset();
        ++m_counts.left_removed_step;
    }
    if (reference.is_object() && !instance.event) ++m_counts.lost_events;
    return instance;
}

void StoredRunState::store(uint32_t row, std::string_view profile_key, const runtime::Instance& instance,
                           std::optional<Timestamp> wake) {
    // A profile driven for an event that let it in nowhere leaves nothing.
    if (m_loaded_state.empty() && !instance.entered_ever()) return;
    nlohmann::json json = runtime::to_json(instance);
    if (instance.event) json["event"] = event_reference(row, *instance.event);
    std::string state = json.dump();
    if (state == m_loaded_state) return;
    core::state::InstanceRecord record;
    record.profile_key = profile_key;
    record.version = instance.version;
    record.active = instance.active;
    if (instance.active) record.step = instance.step;
    if (wake) record.wake = bounded_unix_nanos(*wake);
    record.entries = static_cast<int64_t>(instance.entry_id);
    record.state = std::move(state);
    m_pending.push_back(std::move(record));
}

void StoredRunState::flush() {
    std::sort(m_pending.begin(), m_pending.end(),
              [](const core::state::InstanceRecord& a, const core::state::InstanceRecord& b) {
                  return a.profile_key < b.profile_key;
              });
    for (const core::state::InstanceRecord& record : m_pending) m_store.put_instance(m_journey.name(), record);
    m_counts.written += m_pending.size();
    m_pending.clear();
}

nlohmann::json StoredRunState::event_reference(uint32_t row, uint64_t event) const {
    const EventKey key = event_key(m_dataset, event);
    uint64_t place = 0;
    for (uint32_t other = m_dataset.event_begin(row); other < event; ++other) {
        const EventKey before = event_key(m_dataset, other);
        if (before.time == key.time && before.type == key.type) ++place;
    }
    return {{"time", bounded_unix_nanos(key.time)}, {"type", key.type}, {"place", place}};
}

std::optional<uint64_t> StoredRunState::find_event(uint32_t row, const nlohmann::json& reference) const {
    // Integers only: converting a float out of range is undefined.
    if (!reference.at("time").is_number_integer() || !reference.at("place").is_number_unsigned()) {
        throw std::invalid_argument("the event reference's time or place is not an integer");
    }
    const Timestamp time = from_unix_nanos(reference.at("time").get<int64_t>());
    const std::string type = reference.at("type").get<std::string>();
    uint64_t place = reference.at("place").get<uint64_t>();
    for (uint32_t event = m_dataset.event_begin(row); event < m_dataset.event_begin(row + 1); ++event) {
        const EventKey key = event_key(m_dataset, event);
        if (key.time != time || key.type != type) continue;
        if (place-- == 0) return event;
    }
    return std::nullopt;
}

}  // namespace journeyctl::journeys
