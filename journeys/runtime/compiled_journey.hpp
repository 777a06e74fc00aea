// A journey made ready to execute: every step's target resolved to an
// index, every expression compiled once in the journey environment
// (journey_env.hpp), every template and channel looked up. The simulator
// (and later the runtime) walks this, never the YAML model's names.
//
// The workspace is validated before a journey is compiled, so a problem
// here (an expression that no longer compiles, a dangling goto) means the
// files changed in between or validation missed it; compile_journey throws
// ConfigError naming the step rather than running a half-compiled journey.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/expr/expression.hpp"
#include "core/workspace/model.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

using ProgramPtr = std::shared_ptr<const core::expr::Program>;

inline constexpr int k_leave = -1;  // a step target that leaves the journey

struct CompiledBranchCase {
    ProgramPtr when;  // null for the else case
    int target = k_leave;
};

struct CompiledStep {
    const Step* step = nullptr;
    ActionKind kind = ActionKind::None;
    int next = k_leave;  // goto, or the following step; k_leave after the last

    // send
    const Template* message_template = nullptr;
    const core::workspace::Channel* channel = nullptr;
    // wait
    std::optional<Duration> wait_duration;  // wait: 3d
    int until_minutes = -1;                 // wait: { until: "09:00" }
    ProgramPtr zone;                        // its zone expression; null: workspace zone
    ProgramPtr until;                       // wait: { until: EXPR }
    // wait_for
    std::string awaited_event;
    ProgramPtr awaited_where;
    std::optional<Duration> wait_for_timeout;
    int on_timeout = k_leave;
    // branch (file order; the else case, if any, last)
    std::vector<CompiledBranchCase> cases;
    bool has_else = false;
    // split
    std::vector<int64_t> weights;
    std::vector<int> arm_targets;
    // update: field -> value
    std::vector<std::pair<std::string, ProgramPtr>> updates;

    const std::string& id() const { return step->id.value; }
};

struct CompiledJourney {
    const Journey* journey = nullptr;
    std::vector<CompiledStep> steps;
    ProgramPtr entry_where;  // triggered entry's where; null: every event of the type
    std::vector<std::string> exit_on;
    std::optional<std::string> goal_event;
    Duration goal_within;  // the goal's within, else the journey's timeout
    Duration timeout;
    std::unordered_map<std::string_view, int> step_by_id;  // views of the model's step ids
    // A fingerprint of the steps (ids and actions, in order), so that state
    // saved under one shape of the journey is not read as another's.
    uint32_t version = 0;

    const std::string& name() const { return journey->name.value; }
    int step_index(std::string_view id) const;  // k_leave for no such step
    bool exits_on(std::string_view type) const;
};

CompiledJourney compile_journey(const Workspace& workspace, const Journey& journey,
                                const core::expr::Environment& environment);

}  // namespace journeyctl::journeys
