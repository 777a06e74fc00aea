// The expression scope of a workspace, outside validation: the profile
// record type (the profile file's fields as sniffed from its first rows,
// overridden by the types declared under data.profiles.fields, plus every
// field a journey's `update` sets) and the segment engine built on it, so
// that `segment count` accepts exactly what `validate` accepts. Validation
// (validate_scope.cpp) uses the same record and adds its own note when the
// file cannot be read.
#pragma once

#include <string>

#include "core/diag/diagnostic.hpp"
#include "core/expr/types.hpp"
#include "core/segment/engine.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

struct ProfileType {
    core::expr::Type type;  // a record of the fields, or map(string, dyn) when unknown
    bool known = false;
    std::string problem;  // why the fields are unknown ("no profile file", a read error)
};
ProfileType profile_type(const Workspace& workspace);

// An engine over the workspace's segments, in file order.
core::segment::Engine segment_engine(const Workspace& workspace);

// A segment's compile problem at its file, line and column (through the
// `where` Text's map from offsets to positions), code expr-type /
// expr-syntax / unknown-segment as validate reports it.
core::diag::Diagnostic segment_diagnostic(const Workspace& workspace, const core::segment::CompileProblem& problem);

}  // namespace journeyctl::journeys
