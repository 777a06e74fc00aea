// Binding one profile of the workspace's data (see profile_binding.hpp).
#include "cmd/profile_binding.hpp"

#include <optional>
#include <vector>

#include <fmt/format.h>

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

ProfileBinding bind_profile(std::unique_ptr<segment::Session> session, const std::string& key, bool strict) {
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
    return bind_profile(std::make_unique<segment::Session>(context), key, strict);
}

namespace {

// The bound profile's segment memberships at one instant, for inSegment.
class BoundSegments final : public journeys::SegmentOracle {
public:
    BoundSegments(segment::Session* session, uint32_t row, expr::Timestamp now)
        : m_session(session), m_row(row), m_now(now) {}

    expr::Value in_segment(std::string_view name) const override {
        core::segment::Engine& segments = m_session->engine();
        const std::optional<size_t> index = segments.find(name);
        if (!index) return expr::Value::error(fmt::format("there is no segment '{}'", name));
        const auto program = segments.program(*index);
        if (!program) return expr::Value::error(fmt::format("segment '{}' does not compile", name));
        const expr::Value member =
            segments.evaluate(*program, segments.environment(), m_session->population(), m_row, m_now);
        return member.kind() == expr::Value::Kind::Bool ? member : expr::Value::boolean(false);
    }

private:
    segment::Session* m_session;
    uint32_t m_row;
    expr::Timestamp m_now;
};

}  // namespace

expr::Environment template_environment(const ProfileBinding& binding) {
    return journeys::journey_environment(binding.session->engine());
}

void bind_template_values(ProfileBinding& binding, expr::Activation& activation,
                          const expr::Environment& environment, expr::Timestamp now) {
    activation.set(*environment.slot_of("now"), expr::Value::timestamp(now));
    activation.set(*environment.slot_of("profile"), binding.profile());
    activation.set(*environment.slot_of("events"), binding.events());
    binding.segments = std::make_shared<BoundSegments>(binding.session.get(), binding.row, now);
    activation.set_host(static_cast<const journeys::SegmentOracle*>(binding.segments.get()));
}

}  // namespace journeyctl::cmd
