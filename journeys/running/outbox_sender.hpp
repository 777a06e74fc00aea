// Delivery of a run's outbox: the messages the runs decided (committed
// with the instances that decided them) go through the delivery engine
// with the send ledger around every request, as `send`'s do:
//   1. a page of the outbox at a time; a message the ledger already holds
//      as settled (sent, failed, ambiguous) leaves the outbox unsent: an
//      earlier run died between its outcome and its removal;
//   2. before its first request leaves, the message is recorded started
//      (one synced commit per group), so a process killed at any instant
//      has recorded everything that may have gone out; one found started
//      is another run's and becomes ambiguous, never sent again;
//   3. its outcome is recorded, and a settled message leaves the outbox;
//      a retryable one stays, for the next run to try again.
// A message whose channel the workspace no longer has stays in the
// outbox and is counted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/delivery/engine.hpp"
#include "core/state/state_store.hpp"
#include "core/workspace/secret.hpp"

namespace journeyctl::journeys {

struct OutboxInputs {
    // The channels messages may go through, by name.
    std::map<std::string, const core::delivery::ChannelConfig*, std::less<>> channels;
    const core::workspace::Env* env = nullptr;  // resolves `from`
};

struct OutboxFailure {
    std::string journey;
    std::string profile;
    std::string status;
    std::string error;
};

struct OutboxReport {
    uint64_t sent = 0;
    uint64_t failed = 0;       // for good
    uint64_t retryable = 0;    // left in the outbox for the next run
    uint64_t ambiguous = 0;    // may have arrived: never sent again
    uint64_t settled_earlier = 0;  // found settled in the ledger, not sent again
    uint64_t unknown_channel = 0;  // left in the outbox
    std::vector<OutboxFailure> failures;  // the first few
    bool interrupted = false;
};

OutboxReport send_outbox(core::state::StateStore& store, core::delivery::Delivering& engine,
                         const OutboxInputs& inputs);

}  // namespace journeyctl::journeys
