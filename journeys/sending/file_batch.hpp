// A batch through a file channel (direct mail): what `send` sets up
// around core/delivery/file's FileDelivery, in this order:
//   1. the batch's lock (batch_lock.hpp): one such run of a batch at once;
//   2. the destination (file_destination.hpp);
//   3. the folder looked at once: the batch's leftovers removed (staging
//      files, CSVs whose manifest never came), its first part numbered
//      after the last published one;
//   4. the messages an earlier run left unsettled, settled from what the
//      folder shows (file_recovery.hpp), before BatchSender reads the
//      ledger;
//   5. the FileDelivery that BatchSender sends through.
// Any failure of the destination before a message is started (the folder
// cannot be made, the server is unreachable, refuses the login or shows
// another host key) is a core::ConfigError: nothing was written.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/delivery/channel.hpp"
#include "core/delivery/file/destination.hpp"
#include "core/delivery/file/file_delivery.hpp"
#include "core/state/ledger.hpp"
#include "core/workspace/model.hpp"
#include "journeys/model/model.hpp"
#include "journeys/sending/batch_lock.hpp"
#include "journeys/sending/file_recovery.hpp"

namespace journeyctl::journeys {

// The extraction's columns: profile, to, the channel's address fields,
// then the template's data keys (render_message's order).
std::vector<std::string> extraction_columns(const core::workspace::Channel& channel, const Template& tmpl);

struct FileBatchInputs {
    const core::delivery::ChannelConfig* channel = nullptr;  // resolved
    const core::workspace::Channel* workspace_channel = nullptr;
    const Template* tmpl = nullptr;
    std::filesystem::path root;          // the workspace's
    std::filesystem::path state_folder;  // the state database's folder: the lock's
    std::string batch;
};

class FileBatch {
public:
    FileBatch(const FileBatchInputs& inputs, core::state::Ledger& ledger);

    core::delivery::Delivering& delivery() { return *m_delivery; }
    // The CSV files the run published, in order.
    const std::vector<std::string>& published() const { return m_delivery->published(); }
    // What settling an earlier run's messages found.
    const FileRecovery& recovery() const { return m_recovery; }

private:
    BatchLock m_lock;
    std::unique_ptr<core::delivery::file::Destination> m_destination;
    FileRecovery m_recovery;
    std::unique_ptr<core::delivery::file::FileDelivery> m_delivery;
};

}  // namespace journeyctl::journeys
