// A file channel's delivery (direct mail): instead of one request per
// message, the batch's messages are written, as they come, into a CSV
// extraction staged at the channel's destination, and published a part
// at a time: at the end of the batch, or every `part_size` messages. The
// same contract as the engine (engine.hpp), so that BatchSender drives
// both:
//
//   1. messages are pulled one at a time (the channel's `rate`, if any,
//      paces them) and handed to before_send in groups, which records
//      them `started` in the ledger before any of them is written;
//   2. each is written as one record of the current part (memory holds
//      only each message's keys until the part is published);
//   3. publishing a part renames its CSV into place, then writes its
//      manifest; only then is each of its messages reported sent (its
//      provider message id is the CSV's name). A part that could not be
//      published reports its messages as failed-retryable (nothing was
//      published: a rerun writes them again) or, when the manifest's
//      rename may have happened, ambiguous (a rerun looks at the folder:
//      journeys/sending/file_batch.hpp); either way the run stops there.
//
// A SIGKILL at any point leaves messages `started` with no outcome; the
// part they were in is published (its manifest is there) or not, and a
// rerun tells which from the folder before sending anything.
// request_stop(): nothing more is pulled; the part being written is
// published, and its messages reported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/delivery/engine.hpp"
#include "core/delivery/file/destination.hpp"

namespace journeyctl::core::delivery::file {

struct FileDeliveryOptions {
    std::string batch;
    // The header: profile, to, then the names of each message's data.
    std::vector<std::string> columns;
    uint32_t first_part = 1;     // the number the first part published gets
    uint64_t part_size = 0;      // messages per part; 0: one part for the batch
    double rate_per_second = 0;  // 0: no limit
    size_t group = 256;          // messages per before_send (one ledger commit)
};

class FileDelivery final : public Delivering {
public:
    FileDelivery(const ChannelConfig& channel, Destination& destination, FileDeliveryOptions options);

    EngineSummary run(const EngineHooks& hooks) override;
    void request_stop() noexcept override { m_stop.raise(); }

    // The CSV files this delivery published, in order.
    const std::vector<std::string>& published() const { return m_published; }

private:
    struct Run;

    const ChannelConfig& m_channel;
    Destination& m_destination;
    FileDeliveryOptions m_options;
    StopSignal m_stop;
    std::vector<std::string> m_published;
};

}  // namespace journeyctl::core::delivery::file
