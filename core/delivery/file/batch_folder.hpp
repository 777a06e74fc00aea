// What a channel's folder holds of one batch, read before a run writes:
// the published parts (their manifest is there), and the leftovers of a
// run that died (staging files, and CSVs whose manifest never came, which
// no reader may take). A run removes the leftovers and numbers its first
// part after the last published one; after a crash it reads the published
// parts' profile keys back to learn which of its `started` messages went
// out (journeys/sending/file_batch.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/delivery/file/destination.hpp"

namespace journeyctl::core::delivery::file {

struct BatchFolder {
    std::vector<uint32_t> published;  // parts with a manifest, ascending
    // Published parts whose CSV is not in the folder (a reader took it
    // away): what they held cannot be known from here.
    std::vector<uint32_t> without_csv;
    std::vector<std::string> leftovers;  // file names to remove
    uint32_t next_part() const { return published.empty() ? 1 : published.back() + 1; }
};

// Lists the folder once. DestinationError when it cannot.
BatchFolder inspect_batch(Destination& destination, std::string_view batch);

// Removes the leftovers. DestinationError when one cannot be removed.
void remove_leftovers(Destination& destination, const BatchFolder& folder);

// Calls `each` with the profile key of every record of a published part
// (its manifest and CSV both in the folder), after checking the CSV
// against the manifest (size, SHA-256, header, record count); returns why
// it could not (a manifest that is not one, a CSV that is not what its
// manifest says), and then calls `each` for nothing. DestinationError
// when the destination cannot be read.
std::optional<std::string> read_part_profiles(Destination& destination, std::string_view batch, uint32_t part,
                                              const std::function<void(const std::string& profile)>& each);

}  // namespace journeyctl::core::delivery::file
