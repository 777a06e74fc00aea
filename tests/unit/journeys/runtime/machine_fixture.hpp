// A step machine over a one-profile workspace written to a temp folder,
// with a message gate whose verdicts the test chooses and a sink that
// writes each effect as one short line, so that a test reads as the list
// of what the machine did.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "core/data/dataset.hpp"
#include "core/expr/time.hpp"
#include "core/workspace/data_sources.hpp"
#include "journeys/runtime/compiled_journey.hpp"
#include "journeys/model/expression_env.hpp"
#include "journeys/model/journey_env.hpp"
#include "journeys/model/load.hpp"
#include "journeys/runtime/dataset_scope.hpp"
#include "journeys/runtime/step_machine.hpp"
#include "tests/unit/workspace/temp_workspace.hpp"

namespace journeyctl::journeys::runtime::testing {

inline Timestamp at(const char* text) { return std::get<Timestamp>(core::expr::time::parse_timestamp(text)); }
inline std::string text(Timestamp t) { return core::expr::time::format_timestamp(t); }

// Gives the verdicts the test queued (allowed when nothing is queued), to "p1@x".
class ScriptedGate final : public MessageGate {
public:
    void queue(Verdict verdict, std::optional<Timestamp> release = std::nullopt) {
        m_verdicts.push_back({verdict, release});
    }
    MessageVerdict check(const CompiledStep&, const core::expr::Activation&, std::string_view,
                         Timestamp) override {
        MessageVerdict verdict;
        verdict.to = "p1@x";
        if (!m_verdicts.empty()) {
            verdict.decision.verdict = m_verdicts.front().first;
            verdict.decision.release = m_verdicts.front().second;
            verdict.decision.reason = "scripted";
            m_verdicts.pop_front();
        }
        ++checks;
        return verdict;
    }
    int checks = 0;

private:
    std::deque<std::pair<Verdict, std::optional<Timestamp>>> m_verdicts;
};

class Recorder final : public EffectSink {
public:
    void emit(const EffectContext& context, const Effect& effect) override { lines.push_back(describe(context, effect)); }
    std::vector<std::string> take() { return std::exchange(lines, {}); }
    std::vector<std::string> lines;

private:
    static std::string describe(const EffectContext& c, const Effect& effect);
};

inline std::string Recorder::describe(const EffectContext& c, const Effect& effect) {
    namespace e = effect;
    if (const auto* x = std::get_if<e::Entered>(&effect)) return x->first ? "entered (first)" : "entered";
    if (const auto* x = std::get_if<e::EntryRefused>(&effect)) {
        return x->why == e::EntryRefused::Why::AlreadyInside ? "refused: inside" : "refused: reentry";
    }
    if (std::holds_alternative<e::EntryWhereFailed>(effect)) return "entry where failed";
    if (const auto* x = std::get_if<e::Arrived>(&effect)) return fmt::format("arrived {} -> {}", x->from, x->to);
    if (const auto* x = std::get_if<e::Left>(&effect)) return fmt::format("left {}", exit_reason_name(x->reason));
    if (const auto* x = std::get_if<e::GoalReached>(&effect)) return fmt::format("goal {} (entered {})", x->event_type, text(x->entered));
    if (const auto* x = std::get_if<e::ExpressionFailed>(&effect)) return fmt::format("failed {} at step {}", x->what, c.step);
    if (const auto* x = std::get_if<e::MessageDecided>(&effect)) {
        return fmt::format("message {} {}", x->step->id(), outcome_name(x->outcome));
    }
    if (const auto* x = std::get_if<e::WaitStarted>(&effect)) return "wait until " + text(x->until);
    if (std::holds_alternative<e::WaitAlreadyOver>(effect)) return "wait already over";
    if (std::holds_alternative<e::WaitOver>(effect)) return "wait over";
    if (const auto* x = std::get_if<e::WaitForStarted>(&effect)) {
        return fmt::format("wait for {}{}", x->event_type, x->until ? " until " + text(*x->until) : "");
    }
    if (const auto* x = std::get_if<e::AwaitedEventArrived>(&effect)) return fmt::format("{} arrived", x->event_type);
    if (const auto* x = std::get_if<e::AwaitedWhereFailed>(&effect)) return fmt::format("{} where failed", x->event_type);
    if (const auto* x = std::get_if<e::WaitForTimedOut>(&effect)) return fmt::format("no {}: timed out", x->event_type);
    if (const auto* x = std::get_if<e::BranchCase>(&effect)) {
        return fmt::format("branch {} {}", x->branch_case->when ? x->branch_case->when->source() : "else",
                           x->taken ? "taken" : "not taken");
    }
    if (const auto* x = std::get_if<e::SplitChosen>(&effect)) return fmt::format("split bucket {} arm {}", x->bucket, x->arm);
    if (const auto* x = std::get_if<e::FieldSet>(&effect)) return fmt::format("set {} = {}", x->field, x->value.to_cel_literal());
    if (const auto* x = std::get_if<e::FieldNotSet>(&effect)) return fmt::format("not set {}", x->field);
    if (const auto* x = std::get_if<e::CallRequested>(&effect)) return fmt::format("call {}", x->step->id());
    return "other";
}

// Profile p1 (tier silver); its events are the given JSON Lines.
class MachineFixture {
public:
    explicit MachineFixture(const std::string& journey, const std::string& events = "") {
        m_dir.write("journeyctl.yaml", R"(workspace: machine
timezone: Europe/Paris
data:
  profiles: { file: data/profiles.csv, key: customer_id, fields: { score: int } }
  events: { file: data/events.jsonl, key: customer_id, type: event, time: ts }
channels:
  email: { provider: sendgrid, from: "a@example.com", to: profile.email, api_key: "${K}" }
)");
        m_dir.write("data/profiles.csv", "customer_id,email,tier,score\np1,p1@x,silver,4\n");
        m_dir.write("data/events.jsonl", events);
        m_dir.write("segments/everyone.yaml", "segment: everyone\nwhere: \"true\"\n");
        m_dir.write("templates/mail.yaml", "template: mail\nchannel: email\nsubject: Hi\ntext: x\n");
        m_dir.write("journeys/j.yaml", journey);
        m_workspace.emplace(load_workspace(m_dir.root()));
        m_engine.emplace(segment_engine(*m_workspace));
        std::vector<size_t> all(m_engine->segments().size());
        for (size_t i = 0; i < all.size(); ++i) all[i] = i;
        REQUIRE(m_engine->prepare(all).empty());
        m_environment.emplace(journey_environment(*m_engine));
        m_journey.emplace(compile_journey(*m_workspace, *m_workspace->journey("j"), *m_environment));
        m_dataset.emplace(core::data::load_dataset(core::workspace::data_sources(m_workspace->config), m_workspace->root, {}));
        m_machine.emplace(*m_journey, gate, "Europe/Paris");
        m_scope.emplace(*m_dataset, *m_engine, *m_environment, m_journey->name());
        m_scope->reset(0);
        instance = m_machine->new_instance();
    }

    // The effects of one stimulus at `t`.
    std::vector<std::string> advance(const Stimulus& stimulus, Timestamp t) {
        m_machine->advance(instance, stimulus, t, *m_scope, recorder);
        return recorder.take();
    }
    std::vector<std::string> enter(Timestamp t) { return advance(Stimulus::segment_entry(), t); }
    // The profile's event number `index` (0-based, in time order).
    std::vector<std::string> event(size_t index) {
        const DatasetScope::Event& e = m_scope->events().at(index);
        return advance(Stimulus::arrival(e.row, e.type), e.time);
    }
    uint64_t event_id(size_t index) const { return m_scope->events().at(index).row; }
    // The timer or release due at `t`, if any.
    std::vector<std::string> tick(Timestamp t) {
        const std::optional<Stimulus> due = m_machine->due(instance, t);
        if (!due) return {};
        return advance(*due, t);
    }
    const StepMachine& machine() const { return *m_machine; }
    std::string_view key() const { return m_scope->profile_key(); }

    ScriptedGate gate;
    Recorder recorder;
    Instance instance;

private:
    journeyctl::testing::TempWorkspace m_dir;
    std::optional<Workspace> m_workspace;
    std::optional<core::segment::Engine> m_engine;
    std::optional<core::expr::Environment> m_environment;
    std::optional<CompiledJourney> m_journey;
    std::optional<core::data::Dataset> m_dataset;
    std::optional<StepMachine> m_machine;
    std::optional<DatasetScope> m_scope;
};

using Lines = std::vector<std::string>;

}  // namespace journeyctl::journeys::runtime::testing
