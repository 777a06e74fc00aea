// Binding one profile of the workspace's data (see profile_binding.hpp).
#include "cmd/profile_binding.hpp"

#include <optional>
#include <vector>

#include "journeys/runtime/segment_membership.hpp"

namespace journeyctl::cmd {

namespace expr = core::expr;

expr::Value ProfileBinding::profile() const {
    return expr::Value::record(session->population().profiles, row);
}

expr::Value ProfileBinding::events() const {
    const core::segment::Population population = session->population();
    if (population.events == nullptr) return expr::Value::list(expr::ListValue{});
    return expr::Value::record_list(population.events, population.event_begin(row), population.events_end(row));
}

ProfileBinding bind_profile(std::unique_ptr<WorkspaceSession> session, const std::string& key, bool strict) {
    ProfileBinding binding;
    binding.session = std::move(session);
    binding.key = key;
    std::vector<size_t> all(binding.session->engine().segments().size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    (void)binding.session->engine().prepare(all);  // a segment that does not compile: its inSegment is false
    // The expressions to come are not known: every profile and event field.
    core::segment::FieldUse everything;
    everything.all_profile_fields = true;
    everything.all_event_fields = true;
    everything.uses_events = true;
    binding.session->load(std::nullopt, strict, everything);
    binding.row = binding.session->profile_row(key);
    return binding;
}

ProfileBinding bind_profile(const Context& context, const std::string& key, bool strict) {
    if (key.empty()) return {};
    return bind_profile(std::make_unique<WorkspaceSession>(context), key, strict);
}

expr::Environment template_environment(const ProfileBinding& binding) {
    return journeys::journey_environment(binding.session->engine());
}

void bind_template_values(ProfileBinding& binding, expr::Activation& activation,
                          const expr::Environment& environment, expr::Timestamp now) {
    activation.set(*environment.slot_of("now"), expr::Value::timestamp(now));
    activation.set(*environment.slot_of("profile"), binding.profile());
    // As a dry-run at `now` sees the profile: its later events have not
    // happened yet, for `events` and for inSegment alike.
    const core::data::Dataset& dataset = binding.session->dataset();
    activation.set(*environment.slot_of("events"),
                   expr::Value::record_list(&dataset.events(), dataset.event_begin(binding.row),
                                            journeys::visible_event_end(dataset, binding.row, now)));
    auto membership = std::make_shared<journeys::SegmentMembership>(binding.session->engine(), dataset);
    membership->set(binding.row, now);
    binding.segments = membership;
    activation.set_host(static_cast<const journeys::SegmentOracle*>(binding.segments.get()));
}

}  // namespace journeyctl::cmd
