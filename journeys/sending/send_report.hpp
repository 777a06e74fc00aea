// What a `send` batch did: a count per outcome, and the profiles whose
// message failed or may have arrived, for the user to look at. Outcomes
// (formats.md, "Message outcomes", plus the ledger's view of a rerun):
//   sent, failed, ambiguous            delivery's answer in this run
//   already_sent                       the ledger says an earlier run sent it
//   deferred_quiet_hours               held by quiet hours (then: delay); a
//                                      rerun after the quiet period sends it
//   no_address ... skipped_quiet_hours the policies' refusals, as dry-run
//   not_started                        the run was interrupted before its turn
// A message found failed or ambiguous by a rerun counts as failed or
// ambiguous again (with the stored reason): the batch still has it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace journeyctl::journeys {

struct SendFailure {
    std::string profile_key;
    std::string provider_status;  // empty when no provider answered
    std::string error;
};

struct SendReport {
    uint64_t audience = 0;  // profiles the batch was for (after --limit)
    std::map<std::string, uint64_t> outcomes;  // by outcome name; zero counts absent
    std::vector<std::string> ambiguous;        // profile keys
    std::vector<SendFailure> failed;
    bool interrupted = false;
    // Messages handed on to a fallback channel in this run (each is also
    // counted once among the outcomes, by how it ended there).
    uint64_t fell_back = 0;

    uint64_t count(const std::string& outcome) const;
    void add(const std::string& outcome) { ++outcomes[outcome]; }
};

// Every outcome name a report may hold, in the order reports list them.
const std::vector<std::string>& send_outcome_names();

}  // namespace journeyctl::journeys
