// One profile of the workspace's data bound for commands that look at a
// single profile (`eval --profile`, `render --profile`): the data loaded
// with every field (the expressions to come are not known in advance),
// every segment compiled so that inSegment works, the profile's row found
// by key, and `profile` / `events` as views of that row.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "cmd/context.hpp"
#include "cmd/workspace_session.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/value.hpp"
#include "journeys/model/journey_env.hpp"

namespace journeyctl::cmd {

struct ProfileBinding {
    std::unique_ptr<WorkspaceSession> session;  // null: no profile bound
    uint32_t row = 0;
    std::string key;
    // inSegment for this profile; set by bind_template_values.
    std::shared_ptr<journeys::SegmentOracle> segments;

    bool bound() const { return session != nullptr; }
    // The bound row as `profile` and its events (oldest first) as `events`;
    // they point into the session's data.
    core::expr::Value profile() const;
    core::expr::Value events() const;
};

// Loads the session's data and finds `key`: UsageError (exit 2) when no
// profile has it, DataError (exit 3) when none has it but the profile file
// had rejected rows (one may be the profile asked for), or with `strict` at
// the first rejected row, as every command's --strict. A segment that does
// not compile has inSegment false.
ProfileBinding bind_profile(std::unique_ptr<WorkspaceSession> session, const std::string& key, bool strict);
// The same, opening the workspace first; an empty key binds nothing.
ProfileBinding bind_profile(const Context& context, const std::string& key, bool strict);

// The scope of template expressions for a bound profile: the journey
// environment (journeys/model/journey_env.hpp), as dry-run renders in, with
// journey and event declared but without a value outside a journey.
core::expr::Environment template_environment(const ProfileBinding& binding);
// Sets now, profile and events up to `now` in an activation of
// template_environment(), and makes inSegment("name") answer for the bound
// profile at `now` (journeys/runtime/segment_membership.hpp), as dry-run does.
void bind_template_values(ProfileBinding& binding, core::expr::Activation& activation,
                          const core::expr::Environment& environment, core::expr::Timestamp now);

}  // namespace journeyctl::cmd
