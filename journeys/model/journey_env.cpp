// The journey expression scope (see journey_env.hpp).
#include "journeys/model/journey_env.hpp"

namespace journeyctl::journeys {

namespace expr = core::expr;
using expr::Type;
using expr::TypeKind;

expr::Environment journey_environment(const core::segment::Engine& segments) {
    const expr::Environment& segment_env = segments.environment();
    expr::Environment env = expr::Environment::standard();
    env.declare("profile", segment_env.type_of(segments.profile_slot()));
    env.declare("events", segment_env.type_of(segments.events_slot()));
    env.declare("event", Type::map(Type::of(TypeKind::String), Type::dyn()));
    env.declare("journey", Type::record("journey", {{"id", Type::of(TypeKind::String)},
                                                    {"entered_at", Type::of(TypeKind::Timestamp)},
                                                    {"step", Type::of(TypeKind::String)}}));
    expr::FunctionDecl in_segment;
    in_segment.name = "inSegment";
    in_segment.parameters = {Type::of(TypeKind::String)};
    in_segment.result = Type::of(TypeKind::Bool);
    in_segment.implementation = [](std::span<const expr::Value> args, const expr::Activation& activation) {
        const auto* oracle = static_cast<const SegmentOracle*>(activation.host());
        if (oracle == nullptr) return expr::Value::error("inSegment is not available here");
        return oracle->in_segment(args[0].as_string());
    };
    env.add_function(std::move(in_segment));
    return env;
}

JourneySlots journey_slots(const expr::Environment& environment) {
    JourneySlots slots;
    slots.now = environment.slot_of("now").value_or(-1);
    slots.profile = environment.slot_of("profile").value_or(-1);
    slots.events = environment.slot_of("events").value_or(-1);
    slots.event = environment.slot_of("event").value_or(-1);
    slots.journey = environment.slot_of("journey").value_or(-1);
    return slots;
}

}  // namespace journeyctl::journeys
