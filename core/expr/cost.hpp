// The cost model of the expression language: what an evaluation may spend,
// counted the same way by the checker (a worst-case estimate, before any
// data is seen) and by the evaluator (the actual work, as it goes).
//
// Units, as the evaluator counts them (eval*.cpp):
//   - one per iteration of a comprehension (all, exists, exists_one,
//     filter, map);
//   - one per element of a list or entry of a map that is built (list and
//     map literals, the output of map() and filter(), `l1 + l2`);
//   - one per element a function walks over (`x in list`, sum, min, max,
//     `==` of lists and maps);
//   - one per started 32 bytes of a string that is built or scanned
//     (`s1 + s2`, lowerAscii, upperAscii, trim, contains, startsWith,
//     endsWith, matches).
// Everything else (literals, variables, fields, arithmetic, comparisons of
// scalars) is free: it is bounded by the length of the text, and counting
// it would slow the common expression for nothing.
//
// An evaluation that goes past the limit stops with the error
// "expression exceeded its cost limit of N", which no `||`, `&&`, `??` or
// macro absorbs. So memory stays bounded (a list element is a few dozen
// bytes) and so does time.
//
// The checker's estimate (estimate_cost) assumes the worst: every
// iteration runs, filter() keeps everything, the longer branch of `?:` is
// taken. It knows the sizes that the text fixes (literal lists, maps and
// strings, and what map(), filter() and `+` make of them); a list, map or
// string from data or a variable counts as one element, since its size is
// only known at run time, where the evaluator's count covers it. So the
// check refuses what is explosive whatever the data
// (`[0,1,2,3,4,5,6,7,8,9].map(a, [0,...,9].map(b, ...))` nested eight
// deep: 10^8 iterations), never an ordinary expression over events.
#pragma once

#include <cstdint>
#include <string>

#include "core/expr/ast.hpp"

namespace journeyctl::core::expr {

// The default limit, in the units above, for one evaluation (documented in
// journeyctl-expressions(7)): about a second of work and some tens of MB at
// most, far above what an expression over one profile's data needs.
inline constexpr uint64_t k_default_cost_limit = 1'000'000;

// The units a built or scanned string of `bytes` bytes costs.
inline constexpr uint64_t string_cost(uint64_t bytes) { return 1 + bytes / 32; }

// The message of both the check and the evaluation error.
std::string cost_limit_message(uint64_t limit);

struct CostEstimate {
    uint64_t cost = 0;              // worst case, saturating at UINT64_MAX
    const Node* culprit = nullptr;  // the outermost comprehension over the limit (else the root)
};

// The worst-case cost of a checked tree (checker.cpp calls it once the
// tree type-checks). `limit` only decides `culprit`.
CostEstimate estimate_cost(const Node& root, uint64_t limit);

}  // namespace journeyctl::core::expr
