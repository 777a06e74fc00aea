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

ProfileBinding bind_profile(std::unique_ptr<segment::Session> session, const std::string& key) {
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
    binding.session->load(std::nullopt, false, everything);
    binding.row = binding.session->profile_row(key);
    return binding;
}

ProfileBinding bind_profile(const Context& context, const std::string& key) {
    if (key.empty()) return {};
    return bind_profile(std::make_unique<segment::Session>(context), key);
}

expr::Environment template_environment(const ProfileBinding& binding, expr::Timestamp now) {
    const core::segment::Engine& engine = binding.session->engine();
    const expr::Environment& segment_env = engine.environment();
    expr::Environment env = expr::Environment::standard();
    env.declare("profile", segment_env.type_of(engine.profile_slot()));
    env.declare("events", segment_env.type_of(engine.events_slot()));
    env.declare("journey", expr::Type::record("journey", {{"id", expr::Type::of(expr::TypeKind::String)},
                                                          {"entered_at", expr::Type::of(expr::TypeKind::Timestamp)},
                                                          {"step", expr::Type::of(expr::TypeKind::String)}}));
    env.declare("event", expr::Type::map(expr::Type::of(expr::TypeKind::String), expr::Type::dyn()));

    // The template renderer keeps its own activation, so the engine's
    // inSegment (which reaches its worker through the activation) cannot
    // serve here: evaluate the segment's compiled `where` for the row.
    expr::FunctionDecl in_segment;
    in_segment.name = "inSegment";
    in_segment.parameters = {expr::Type::of(expr::TypeKind::String)};
    in_segment.result = expr::Type::of(expr::TypeKind::Bool);
    segment::Session* session = binding.session.get();
    const uint32_t row = binding.row;
    in_segment.implementation = [session, row, now](std::span<const expr::Value> args, const expr::Activation&) {
        const std::string name(args[0].as_string());
        core::segment::Engine& segments = session->engine();
        const std::optional<size_t> index = segments.find(name);
        if (!index) return expr::Value::error(fmt::format("there is no segment '{}'", name));
        const auto program = segments.program(*index);
        if (!program) return expr::Value::error(fmt::format("segment '{}' does not compile", name));
        const expr::Value member =
            segments.evaluate(*program, segments.environment(), session->population(), row, now);
        return member.kind() == expr::Value::Kind::Bool ? member : expr::Value::boolean(false);
    };
    env.add_function(std::move(in_segment));
    return env;
}

void bind_template_values(const ProfileBinding& binding, expr::Activation& activation,
                          const expr::Environment& environment, expr::Timestamp now) {
    activation.set(*environment.slot_of("now"), expr::Value::timestamp(now));
    activation.set(*environment.slot_of("profile"), binding.profile());
    activation.set(*environment.slot_of("events"), binding.events());
}

}  // namespace journeyctl::cmd
