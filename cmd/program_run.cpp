// Several journeys simulated together (see program_run.hpp).
#include "cmd/program_run.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/expr/time.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/policy/suppression.hpp"

namespace journeyctl::cmd {

namespace expr = core::expr;

expr::Timestamp default_until(expr::Timestamp from, const std::vector<const journeys::Journey*>& journeys) {
    expr::Timestamp until = from;
    for (const journeys::Journey* journey : journeys) {
        const auto end = expr::time::add(from, journey->timeout.value);
        if (std::holds_alternative<expr::Timestamp>(end)) until = std::max(until, std::get<expr::Timestamp>(end));
    }
    return until;
}

core::segment::FieldUse journey_field_use(const journeys::CompiledJourney& journey,
                                          const journeys::CompiledPolicies& policies,
                                          const journeys::Workspace& workspace, const expr::Environment& env,
                                          bool rendering) {
    const journeys::JourneySlots slots = journeys::journey_slots(env);
    core::segment::FieldUse use;
    auto add = [&](const journeys::ProgramPtr& program) {
        if (program) use.merge(core::segment::field_use_of(*program, slots.profile, slots.events));
    };
    add(journey.entry_where);
    for (const journeys::CompiledStep& step : journey.steps) {
        add(step.zone);
        add(step.until);
        add(step.awaited_where);
        for (const auto& c : step.cases) add(c.when);
        for (const auto& u : step.updates) add(u.second);
    }
    for (const auto& rule : policies.consent()) add(rule.program);
    if (policies.quiet()) add(policies.quiet()->zone_program);
    for (const core::workspace::Channel& channel : workspace.config.channels) {
        if (!channel.to) continue;
        add(expr::compile(channel.to->value, env).program);
    }
    // `event` is one event: its fields are not tracked, so load them all;
    // and templates are only parsed when rendering, so then load everything.
    if (journey.journey->entry.triggered() || rendering) use.all_event_fields = true;
    if (rendering) use.all_profile_fields = true;
    use.uses_events = true;  // entries, exit_on, wait_for and goals read the event stream
    return use;
}

journeys::ProgramResult run_program(WorkspaceSession& session, const std::vector<const journeys::Journey*>& journeys,
                                    const ProgramRunOptions& options) {
    const journeys::Workspace& workspace = session.workspace();
    session.prepare_all();
    const expr::Environment environment = journeys::journey_environment(session.engine());
    const journeys::CompiledPolicies policies(workspace.config.policies, std::string(workspace.config.zone()),
                                              environment);
    std::vector<journeys::CompiledJourney> compiled;
    compiled.reserve(journeys.size());
    core::segment::FieldUse use;
    for (const journeys::Journey* journey : journeys) {
        compiled.push_back(journeys::compile_journey(workspace, *journey, environment));
        use.merge(journey_field_use(compiled.back(), policies, workspace, environment, options.messages));
    }
    session.add_event_files(options.event_files);
    const core::data::Dataset& dataset = session.load(std::vector<std::string>{}, options.strict, use);
    const journeys::SuppressionList suppression = session.load_suppression();
    journeys::MessageTemplates templates(environment);

    journeys::SimulationOptions simulation;
    simulation.from = options.from;
    simulation.until = options.until;
    simulation.collect_messages = options.messages;
    simulation.render_messages = options.messages;
    simulation.count_days = options.count_days;
    simulation.record_paths = options.record_paths;
    if (session.shows_progress()) {
        simulation.progress = [&session](uint64_t done, uint64_t total) { session.progress("simulating", done, total); };
    }
    std::vector<journeys::SimulationInputs> inputs;
    for (size_t j = 0; j < journeys.size(); ++j) {
        journeys::SimulationInputs in;
        in.workspace = &workspace;
        in.journey = &compiled[j];
        in.dataset = &dataset;
        in.segments = &session.engine();
        if (journeys[j]->entry.scheduled()) in.entry_segment = session.resolve({journeys[j]->entry.segment->value}).front();
        in.environment = &environment;
        in.policies = &policies;
        in.suppression = workspace.config.policies.suppress ? &suppression : nullptr;
        in.templates = &templates;
        inputs.push_back(in);
    }
    journeys::ProgramResult result = journeys::simulate_program(inputs, simulation);
    session.end_progress();
    spdlog::debug("program: entry segments evaluated in {:.3f} s, profiles simulated in {:.3f} s",
                  result.membership_seconds, result.profiles_seconds);
    return result;
}

}  // namespace journeyctl::cmd
