// One part of an extraction while it is written: its CSV staged at the
// destination (csv.hpp's format; a header of the columns, then one record
// per message: the profile key, `to`, then the message's data in column
// order), its record count, size and running SHA-256, so that publishing
// needs no second read. publish() makes the CSV visible, then writes the
// manifest (manifest.hpp) that makes it count.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/delivery/file/destination.hpp"
#include "core/delivery/file/manifest.hpp"
#include "core/delivery/file/sha256.hpp"
#include "core/delivery/message.hpp"

namespace journeyctl::core::delivery::file {

class PartWriter {
public:
    // Stages the part's CSV and writes its header. DestinationError when
    // the destination cannot stage it.
    PartWriter(Destination& destination, std::string batch, uint32_t part, std::vector<std::string> columns);

    // Writes the message's record. DestinationError (Failed) when the
    // bytes cannot be written; std::logic_error when the message's data
    // are not the columns after profile and to (a caller's bug).
    void write(const OutgoingMessage& message);
    uint64_t count() const { return m_manifest.count; }

    // Publishes the CSV, then the manifest; returns the manifest. A
    // DestinationError says how it failed: MaybeDone only when the
    // manifest's rename may have happened (a CSV without its manifest is
    // not published). The writer is spent either way.
    const PartManifest& publish();

private:
    void append(const std::string& bytes);

    Destination& m_destination;
    std::unique_ptr<StagedFile> m_csv;
    Sha256 m_sha256;
    PartManifest m_manifest;
    std::string m_record;  // reused for every record
};

}  // namespace journeyctl::core::delivery::file
