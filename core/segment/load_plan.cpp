#include "core/segment/load_plan.hpp"

namespace journeyctl::core::segment {

data::LoadOptions load_options(const LoadPlan& plan) {
    FieldUse use = plan.segments;
    use.merge(plan.others);
    data::LoadOptions options;
    if (plan.extra_profile_fields && !use.all_profile_fields) {
        std::vector<std::string> fields(use.profile_fields.begin(), use.profile_fields.end());
        fields.insert(fields.end(), plan.extra_profile_fields->begin(), plan.extra_profile_fields->end());
        options.profile_fields = std::move(fields);
    }
    options.load_events = use.uses_events;
    if (use.all_event_fields) return options;
    // `type` and `time` name the configured fields, which are always loaded.
    std::vector<std::string> fields;
    for (const std::string& name : use.event_fields) {
        if (name != "type" && name != "time") fields.push_back(name);
    }
    options.event_fields = std::move(fields);
    // A JSON field read only through some keys keeps just those, when the
    // segments are all that read the events (not so for eval's expression
    // or a dry-run's `event`, which FieldUse does not see).
    const bool only_segments =
        plan.extra_profile_fields && !plan.others.uses_events && plan.others.event_fields.empty();
    if (only_segments) {
        for (const auto& [field, keys] : use.event_field_keys) {
            options.event_field_keys[field] = std::vector<std::string>(keys.begin(), keys.end());
        }
    }
    return options;
}

}  // namespace journeyctl::core::segment
