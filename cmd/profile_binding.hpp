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
#include "cmd/segment/session.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::cmd {

struct ProfileBinding {
    std::unique_ptr<segment::Session> session;  // null: no profile bound
    uint32_t row = 0;
    std::string key;

    bool bound() const { return session != nullptr; }
    // The bound row as `profile` and its events (oldest first) as `events`;
    // they point into the session's data.
    core::expr::Value profile() const;
    core::expr::Value events() const;
};

// Loads the session's data and finds `key`: UsageError (exit 2) when no
// profile has it. A segment that does not compile has inSegment false.
ProfileBinding bind_profile(std::unique_ptr<segment::Session> session, const std::string& key);
// The same, opening the workspace first; an empty key binds nothing.
ProfileBinding bind_profile(const Context& context, const std::string& key);

// The scope of template expressions for a bound profile: now, profile and
// events typed as the data's fields, journey and event (declared as
// validation declares them, without a value outside a journey), and
// inSegment("name") evaluated for the bound profile.
core::expr::Environment template_environment(const ProfileBinding& binding, core::expr::Timestamp now);
// Sets now, profile and events in an activation of template_environment().
void bind_template_values(const ProfileBinding& binding, core::expr::Activation& activation,
                          const core::expr::Environment& environment, core::expr::Timestamp now);

}  // namespace journeyctl::cmd
