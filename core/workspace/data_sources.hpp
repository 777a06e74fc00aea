// journeyctl.yaml's `data` section as core/data describes data files, so
// that core/data needs neither the workspace model nor yaml-cpp.
#pragma once

#include "core/data/source.hpp"
#include "core/workspace/model.hpp"

namespace journeyctl::core::workspace {

data::DataSources data_sources(const WorkspaceConfig& config);

}  // namespace journeyctl::core::workspace
