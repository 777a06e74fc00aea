// Validation of a loaded workspace: every semantic check of formats.md
// across files (references, reachability, loops, weights, expressions and
// templates type-checked against the data's fields, cycles, zones, cron),
// on top of the problems loading already found. Collects everything in one
// pass; never throws for problems in the files.
#pragma once

#include <string_view>
#include <vector>

#include "core/diag/diagnostic.hpp"
#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

struct ValidateOptions {
    // Environment variables are not needed to validate (secrets are only
    // resolved when used); nothing here reads them.
    bool strict = false;  // warnings count as errors (the CLI's --strict)
};

struct ValidationReport {
    // Loading's diagnostics and validation's, sorted by file and position.
    std::vector<core::diag::Diagnostic> diagnostics;
    bool strict = false;  // copied from ValidateOptions
    int error_count() const;
    int warning_count() const;  // notes are neither errors nor warnings
    // Whether validation fails: any error, or any warning when strict.
    bool failed() const { return error_count() > 0 || (strict && warning_count() > 0); }
};

ValidationReport validate_workspace(const Workspace& workspace, const ValidateOptions& options = {});

// One entry per validation diagnostic code: the code and one line on what
// it means (drives the man page's table and the e2e corpus's coverage test).
struct DiagnosticCodeInfo {
    std::string_view code;
    std::string_view summary;
};
std::vector<DiagnosticCodeInfo> validation_codes();

}  // namespace journeyctl::journeys
