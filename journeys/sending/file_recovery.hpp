// After a file channel's run died (SIGKILL, a crash, a lost connection
// while a manifest was renamed), the ledger holds messages of the batch
// `started` (or `ambiguous`) that no outcome followed. For most channels
// that is ambiguous for good: a request may have reached the provider.
// A file channel can tell, because its folder is the record of what was
// published: a message is published exactly when its profile is in a
// part whose manifest is there. So before a run sends anything, each such
// message of this batch and channel is settled:
//   - its profile is in a published part (the CSV checked against its
//     manifest): `sent`, with that CSV's name as its provider message id;
//   - it is in none, and every published part could be read: `deferred`,
//     which the run then writes again;
//   - it is in none, but some published part could not be read (its CSV
//     taken away, or not what its manifest says): left as it is, so the
//     ledger's rule holds (not written again without --resend-unknown),
//     and the reason is returned for the user to see.
// Nothing is read when nothing is unsettled: a clean rerun costs one
// listing of the folder.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/delivery/file/batch_folder.hpp"
#include "core/delivery/file/destination.hpp"
#include "core/state/ledger.hpp"

namespace journeyctl::journeys {

struct FileRecovery {
    size_t found_sent = 0;
    size_t to_write_again = 0;
    size_t left_unknown = 0;
    std::vector<std::string> problems;  // why some could not be settled
};

// DestinationError when the folder cannot be read.
FileRecovery settle_unfinished(core::state::Ledger& ledger, core::delivery::file::Destination& destination,
                               const core::delivery::file::BatchFolder& folder, const std::string& batch,
                               const std::string& channel);

}  // namespace journeyctl::journeys
