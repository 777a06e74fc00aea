// A journey's step graph labelled with a dry-run's counts (`dry-run
// --graph`): the entry edge with the entries, every edge with how many
// profiles went that way, every step with how many arrived, and how many
// left there otherwise (exit_on, timeout, ...) or were still there when
// the window ended. Two edges between the same pair of steps (a branch
// case and the else both going to one step) both show the pair's total:
// the simulator counts moves between steps, not which case was taken.
#pragma once

#include "journeys/graph/graph.hpp"
#include "journeys/simulation/simulation.hpp"

namespace journeyctl::journeys {

void annotate_with_counts(StepGraph& graph, const SimulationReport& report);

}  // namespace journeyctl::journeys
