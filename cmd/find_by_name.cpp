// Unknown names (see find_by_name.hpp).
#include "cmd/find_by_name.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/diag/errors.hpp"
#include "core/util/edit_distance.hpp"

namespace journeyctl::cmd {

void throw_unknown_name(std::string_view kind, std::string_view kinds, const std::string& name,
                        const std::vector<std::string>& known) {
    if (known.empty()) {
        throw core::UsageError(fmt::format("unknown {} '{}': the workspace has no {}", kind, name, kinds));
    }
    std::string hint = core::util::did_you_mean(name, known);
    if (hint.empty()) hint = fmt::format(" ({}: {})", kinds, fmt::join(known, ", "));
    throw core::UsageError(fmt::format("unknown {} '{}'{}", kind, name, hint));
}

}  // namespace journeyctl::cmd
