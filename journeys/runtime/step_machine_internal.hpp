// Internal to the step machine (step_machine.cpp: stimuli and moves,
// step_actions.cpp: the steps): one stimulus being handled, with the
// instance, the scope, the sink and the current step's index at hand.
#pragma once

#include <string>
#include <utility>

#include "journeys/runtime/step_machine.hpp"

namespace journeyctl::journeys::runtime::machine {

class Advance {
public:
    Advance(const CompiledJourney& journey, MessageGate& gate, std::string_view workspace_zone, Instance& instance,
            ProfileScope& scope, EffectSink& effects, Timestamp t)
        : m_journey(journey), m_gate(gate), m_workspace_zone(workspace_zone), m_instance(instance), m_scope(scope),
          m_effects(effects), m_t(t),
          m_step(instance.active ? journey.step_index(instance.step) : k_leave) {}

    void enter(const Stimulus& stimulus);
    void event(const Stimulus& stimulus);
    void timer();

private:
    // moves
    bool entry_where_holds(uint64_t event);
    void start(EntryCause cause, std::optional<uint64_t> event);
    void arrive(int target);
    void go(int target);
    void leave(ExitReason reason, std::string detail = {});
    void run_steps();

    // the steps (step_actions.cpp); false: the instance waits (or left)
    bool run_step();
    bool attempt_send();
    bool start_wait();
    bool start_wait_for();
    bool run_branch();
    void run_split();
    void run_update();
    void run_call();

    template <typename E>
    void emit(E&& effect) {
        m_effects.emit(EffectContext{m_instance, m_step, m_t}, Effect(std::forward<E>(effect)));
    }
    core::expr::Value evaluate(const ProgramPtr& program) { return m_scope.evaluate(program, m_instance, m_t); }
    // A failed expression or a non-bool condition (a false one is no failure).
    void report_failure(const core::expr::Value& value, std::string_view what);
    const CompiledStep& step() const { return m_journey.steps[static_cast<size_t>(m_step)]; }

    const CompiledJourney& m_journey;
    MessageGate& m_gate;
    std::string_view m_workspace_zone;
    Instance& m_instance;
    ProfileScope& m_scope;
    EffectSink& m_effects;
    const Timestamp m_t;
    int m_step;  // the index of m_instance.step, k_leave when none
};

}  // namespace journeyctl::journeys::runtime::machine
