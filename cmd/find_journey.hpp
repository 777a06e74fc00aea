// A journey of the workspace by name, for the commands that take one
// (graph, dry-run): an unknown name is a usage error (exit 2) with "did you
// mean", or the list of journeys when nothing is close.
#pragma once

#include <string>

#include "journeys/model.hpp"

namespace journeyctl::cmd {

const journeys::Journey& find_journey(const journeys::Workspace& workspace, const std::string& name);

}  // namespace journeyctl::cmd
