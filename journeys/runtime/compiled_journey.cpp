// Resolving and compiling a journey for execution (see compiled_journey.hpp).
#include "journeys/runtime/compiled_journey.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/diag/errors.hpp"
#include "journeys/runtime/split.hpp"

namespace journeyctl::journeys {

namespace expr = core::expr;

int CompiledJourney::step_index(std::string_view id) const {
    const auto found = step_by_id.find(id);
    return found == step_by_id.end() ? k_leave : found->second;
}

bool CompiledJourney::exits_on(std::string_view type) const {
    return std::find(exit_on.begin(), exit_on.end(), type) != exit_on.end();
}

namespace {

class JourneyCompiler {
public:
    JourneyCompiler(const Workspace& workspace, const Journey& journey, const expr::Environment& environment)
        : m_workspace(workspace), m_journey(journey), m_environment(environment) {}

    CompiledJourney run() {
        CompiledJourney out;
        out.journey = &m_journey;
        out.timeout = m_journey.timeout.value;
        for (const Text& type : m_journey.exit_on) out.exit_on.push_back(type.value);
        if (m_journey.goal) {
            out.goal_event = m_journey.goal->event.value;
            out.goal_within = m_journey.goal->within ? m_journey.goal->within->value : out.timeout;
        }
        if (m_journey.entry.where) out.entry_where = compile(*m_journey.entry.where, "entry.where", true);
        for (std::size_t i = 0; i < m_journey.steps.size(); ++i) out.steps.push_back(step(i));
        std::string shape;
        for (std::size_t i = 0; i < out.steps.size(); ++i) {
            out.step_by_id.emplace(out.steps[i].id(), static_cast<int>(i));
            shape += fmt::format("{}:{}\n", out.steps[i].id(), action_name(out.steps[i].kind));
        }
        out.version = murmur3_x86_32(shape, 1);
        return out;
    }

private:
    [[noreturn]] void fail(std::string_view where, std::string_view why) const {
        throw core::ConfigError(fmt::format("journey '{}': {}: {} (run 'journeyctl validate')",
                                            m_journey.name.value, where, why));
    }

    ProgramPtr compile(const Text& text, std::string_view where, bool condition) const {
        expr::CompileOptions options;
        options.expect_bool = condition;
        expr::CompileResult result = expr::compile(text.value, m_environment, options);
        if (!result.ok()) {
            std::string why = "does not compile";
            for (const auto& d : result.diagnostics) {
                if (!d.is_warning) {
                    why = d.message;
                    break;
                }
            }
            fail(where, why);
        }
        return result.program;
    }

    int target(const Text& id, std::string_view where) const {
        for (std::size_t i = 0; i < m_journey.steps.size(); ++i) {
            if (m_journey.steps[i].id.value == id.value) return static_cast<int>(i);
        }
        fail(where, fmt::format("there is no step '{}'", id.value));
    }

    CompiledStep step(std::size_t index) const {
        const Step& s = m_journey.steps[index];
        const std::string where = fmt::format("step '{}'", s.id.value);
        CompiledStep out;
        out.step = &s;
        out.kind = s.kind();
        if (s.goto_target) {
            out.next = target(*s.goto_target, where);
        } else if (index + 1 < m_journey.steps.size()) {
            out.next = static_cast<int>(index + 1);
        }
        switch (out.kind) {
            case ActionKind::None: fail(where, "has no action");
            case ActionKind::Send: send(std::get<SendAction>(s.action), where, out); break;
            case ActionKind::Wait: wait(std::get<WaitAction>(s.action), where, out); break;
            case ActionKind::WaitFor: {
                const auto& w = std::get<WaitForAction>(s.action);
                out.awaited_event = w.event.value;
                if (w.where) out.awaited_where = compile(*w.where, where + " wait_for.where", true);
                if (w.timeout) out.wait_for_timeout = w.timeout->value;
                if (w.on_timeout) out.on_timeout = target(*w.on_timeout, where);
                break;
            }
            case ActionKind::Branch:
                for (const BranchCase& c : std::get<BranchAction>(s.action).cases) {
                    CompiledBranchCase compiled;
                    compiled.target = target(c.target, where);
                    if (c.is_else) {
                        out.has_else = true;
                    } else if (c.when) {
                        compiled.when = compile(*c.when, where + " when", true);
                    }
                    out.cases.push_back(std::move(compiled));
                }
                // The else case is taken only when no `when` holds, wherever it is written.
                std::stable_partition(out.cases.begin(), out.cases.end(),
                                      [](const CompiledBranchCase& c) { return c.when != nullptr; });
                break;
            case ActionKind::Split:
                for (const SplitArm& arm : std::get<SplitAction>(s.action).arms) {
                    out.weights.push_back(arm.weight.value);
                    out.arm_targets.push_back(target(arm.target, where));
                }
                break;
            case ActionKind::Update:
                for (const auto& [field, value] : std::get<UpdateAction>(s.action).fields) {
                    out.updates.emplace_back(field.value, compile(value, where + " update." + field.value, false));
                }
                break;
            case ActionKind::Call:
            case ActionKind::Exit: break;
        }
        if (out.kind == ActionKind::Exit && std::get<ExitAction>(s.action).value.value) out.next = k_leave;
        return out;
    }

    void send(const SendAction& send, const std::string& where, CompiledStep& out) const {
        out.message_template = m_workspace.find_template(send.template_name.value);
        if (out.message_template == nullptr) fail(where, fmt::format("there is no template '{}'", send.template_name.value));
        out.channel = m_workspace.config.channel(out.message_template->channel.value);
        if (out.channel == nullptr) {
            fail(where, fmt::format("template '{}' uses channel '{}', which journeyctl.yaml does not configure",
                                    send.template_name.value, out.message_template->channel.value));
        }
    }

    void wait(const WaitAction& wait, const std::string& where, CompiledStep& out) const {
        switch (wait.kind) {
            case WaitAction::Kind::For:
                if (!wait.duration) fail(where, "wait has no duration");
                out.wait_duration = wait.duration->value;
                break;
            case WaitAction::Kind::UntilTime:
                out.until_minutes = wait.until_minutes;
                if (wait.zone) out.zone = compile(*wait.zone, where + " wait.zone", false);
                break;
            case WaitAction::Kind::UntilExpression:
                if (!wait.until) fail(where, "wait has no until");
                out.until = compile(*wait.until, where + " wait.until", false);
                break;
        }
    }

    const Workspace& m_workspace;
    const Journey& m_journey;
    const expr::Environment& m_environment;
};

}  // namespace

CompiledJourney compile_journey(const Workspace& workspace, const Journey& journey,
                                const expr::Environment& environment) {
    return JourneyCompiler(workspace, journey, environment).run();
}

}  // namespace journeyctl::journeys
