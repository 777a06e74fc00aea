// Looking a journey up by name (see find_journey.hpp).
#include "cmd/find_journey.hpp"

#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/diag/errors.hpp"
#include "core/util/edit_distance.hpp"

namespace journeyctl::cmd {

const journeys::Journey& find_journey(const journeys::Workspace& workspace, const std::string& name) {
    if (const journeys::Journey* journey = workspace.journey(name)) return *journey;
    std::vector<std::string> names;
    for (const journeys::Journey& journey : workspace.journeys) names.push_back(journey.name.value);
    if (names.empty()) {
        throw core::UsageError(fmt::format("unknown journey '{}': the workspace has no journeys", name));
    }
    std::string hint = core::util::did_you_mean(name, names);
    if (hint.empty()) hint = fmt::format(" (journeys: {})", fmt::join(names, ", "));
    throw core::UsageError(fmt::format("unknown journey '{}'{}", name, hint));
}

}  // namespace journeyctl::cmd
