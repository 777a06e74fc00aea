#include "journeys/runtime/message_key.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace journeyctl::journeys::runtime {

std::string journey_batch(std::string_view journey) { return fmt::format("#{}", journey); }

std::string journey_message_key(const Instance& instance, std::string_view profile_key) {
    const auto visit = std::find_if(instance.visits.begin(), instance.visits.end(),
                                    [&](const StepVisits& v) { return v.step == instance.step; });
    const uint32_t count = visit == instance.visits.end() ? 0 : visit->count;
    return fmt::format("#{}/v{}/{}/{}/{}/{}", instance.journey, instance.version, instance.entry_id, instance.step,
                       count, profile_key);
}

}  // namespace journeyctl::journeys::runtime
