// The files a workspace reads (journeyctl.yaml and the files its keys name,
// the journey, segment and template files, templates' html_file and
// text_file, the state database), so that an output option never writes
// over one of them by mistake: `segment export -o data/profiles.csv`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "journeys/model/model.hpp"

namespace journeyctl::cmd {

struct WorkspaceInput {
    std::filesystem::path path;  // absolute
    std::string name;            // as the user knows it: relative to the workspace root
    std::string what;            // "the workspace's profiles data (data.profiles.file in journeyctl.yaml)"
};

std::vector<WorkspaceInput> workspace_inputs(const journeys::Workspace& workspace);

// Throws UsageError (exit 2) when `output` is one of `inputs` (the same
// file by real path, or the same inode through a link) and `force` is
// false. `option` names the output option in the message ("-o").
void refuse_overwriting_input(const std::filesystem::path& output, const std::vector<WorkspaceInput>& inputs,
                              const std::string& option, bool force);

}  // namespace journeyctl::cmd
