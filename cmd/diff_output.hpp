// How `diff` prints a ProgramDiff: text for a terminal, JSON for
// machines, Markdown for a pull-request comment (the totals and only what
// changed, so that it fits a screen), and GitHub annotations on the
// changed journeys' files. Every format says which --fail-on rules
// tripped.
#pragma once

#include <string>
#include <vector>

#include "core/expr/value.hpp"
#include "journeys/diff/fail_on.hpp"
#include "journeys/diff/program_diff.hpp"

namespace journeyctl::cmd {

struct DiffContext {
    std::string base;  // DiffBase::description()
    core::expr::Timestamp from;
    core::expr::Timestamp until;
    uint64_t profiles = 0;    // in the head's data
    bool shared_data = true;  // both sides read the head's data (else --data base: each its own)
    std::string path_prefix;  // the workspace root from the current folder, for annotations ("" or "dir/")
};

struct CheckedRule {
    std::string rule;
    journeys::FailOnCheck check;
};

std::string diff_text(const journeys::ProgramDiff& diff, const DiffContext& context,
                      const std::vector<CheckedRule>& checks);
std::string diff_json(const journeys::ProgramDiff& diff, const DiffContext& context,
                      const std::vector<CheckedRule>& checks);
std::string diff_markdown(const journeys::ProgramDiff& diff, const DiffContext& context,
                          const std::vector<CheckedRule>& checks);
std::string diff_github(const journeys::ProgramDiff& diff, const DiffContext& context,
                        const std::vector<CheckedRule>& checks);

}  // namespace journeyctl::cmd
