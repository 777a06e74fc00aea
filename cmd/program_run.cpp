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

namespace {

// Every segment compiled: what a journey or a template may name in
// inSegment() is not known in advance, and the environment needs them.
WorkspaceSession& prepared(WorkspaceSession& session) {
    session.prepare_all();
    return session;
}

}  // namespace

ProgramRun::ProgramRun(WorkspaceSession& session, std::vector<const journeys::Journey*> journeys, bool rendering)
    : m_session(prepared(session)), m_journeys(std::move(journeys)),
      m_environment(journeys::journey_environment(session.engine())),
      m_policies(session.workspace().config.policies, std::string(session.workspace().config.zone()), m_environment) {
    const journeys::Workspace& workspace = session.workspace();
    m_compiled.reserve(m_journeys.size());
    m_use = session.engine().field_use();
    for (const journeys::Journey* journey : m_journeys) {
        m_compiled.push_back(journeys::compile_journey(workspace, *journey, m_environment));
        m_use.merge(journey_field_use(m_compiled.back(), m_policies, workspace, m_environment, rendering));
    }
}

journeys::ProgramResult ProgramRun::simulate(const core::data::Dataset& dataset, const ProgramRunOptions& options) {
    const journeys::Workspace& workspace = m_session.workspace();
    const journeys::SuppressionList suppression = m_session.load_suppression();
    journeys::MessageTemplates templates(m_environment);

    journeys::SimulationOptions simulation;
    simulation.from = options.from;
    simulation.until = options.until;
    simulation.collect_messages = options.messages;
    simulation.render_messages = options.messages;
    simulation.count_days = options.count_days;
    simulation.record_paths = options.record_paths;
    simulation.memberships = options.memberships;
    if (m_session.shows_progress()) {
        simulation.progress = [this](uint64_t done, uint64_t total) { m_session.progress("simulating", done, total); };
    }
    std::vector<journeys::SimulationInputs> inputs;
    for (size_t j = 0; j < m_journeys.size(); ++j) {
        journeys::SimulationInputs in;
        in.workspace = &workspace;
        in.journey = &m_compiled[j];
        in.dataset = &dataset;
        in.segments = &m_session.engine();
        if (m_journeys[j]->entry.scheduled()) {
            in.entry_segment = m_session.resolve({m_journeys[j]->entry.segment->value}).front();
        }
        in.environment = &m_environment;
        in.policies = &m_policies;
        in.suppression = workspace.config.policies.suppress ? &suppression : nullptr;
        in.templates = &templates;
        inputs.push_back(in);
    }
    journeys::ProgramResult result = journeys::simulate_program(inputs, simulation);
    m_session.end_progress();
    spdlog::debug("program: entry segments evaluated in {:.3f} s, profiles simulated in {:.3f} s",
                  result.membership_seconds, result.profiles_seconds);
    return result;
}

journeys::ProgramResult run_program(WorkspaceSession& session, const std::vector<const journeys::Journey*>& journeys,
                                    const ProgramRunOptions& options) {
    ProgramRun program(session, journeys, options.messages);
    session.add_event_files(options.event_files);
    const core::data::Dataset& dataset = session.load(std::vector<std::string>{}, options.strict, program.field_use());
    return program.simulate(dataset, options);
}

}  // namespace journeyctl::cmd
