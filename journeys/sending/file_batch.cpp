#include "journeys/sending/file_batch.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/delivery/file/batch_folder.hpp"
#include "core/diag/errors.hpp"
#include "core/workspace/file_channel.hpp"
#include "journeys/sending/file_destination.hpp"

namespace journeyctl::journeys {

namespace file = core::delivery::file;

std::vector<std::string> extraction_columns(const core::workspace::Channel& channel, const Template& tmpl) {
    std::vector<std::string> columns{std::string(core::workspace::k_profile_column),
                                     std::string(core::workspace::k_to_column)};
    for (const auto& [column, expression] : channel.address_fields) columns.push_back(column.value);
    for (const auto& [key, value] : tmpl.data) columns.push_back(key.value);
    return columns;
}

namespace {

uint64_t part_size(const core::delivery::ChannelConfig& channel) {
    const std::string& text = channel.setting("part_size");
    uint64_t size = 0;
    if (!text.empty()) {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), size);
        if (ec != std::errc() || end != text.data() + text.size() || size == 0)
            throw core::ConfigError(
                fmt::format("channel '{}' part_size: not a positive number: {}", channel.name, text));
    }
    return size;
}

}  // namespace

FileBatch::FileBatch(const FileBatchInputs& in, core::state::Ledger& ledger)
    : m_lock(in.state_folder, in.batch), m_destination(file_destination(*in.channel, in.root)) {
    file::FileDeliveryOptions options;
    options.batch = in.batch;
    options.columns = extraction_columns(*in.workspace_channel, *in.tmpl);
    options.part_size = part_size(*in.channel);
    options.rate_per_second = in.channel->rate_per_second;
    try {
        const file::BatchFolder folder = file::inspect_batch(*m_destination, in.batch);
        file::remove_leftovers(*m_destination, folder);
        m_recovery = settle_unfinished(ledger, *m_destination, folder, in.batch, in.channel->name);
        options.first_part = folder.next_part();
    } catch (const file::DestinationError& e) {
        throw core::ConfigError(fmt::format("channel '{}': {}", in.channel->name, e.what()));
    }
    m_delivery = std::make_unique<file::FileDelivery>(*in.channel, *m_destination, std::move(options));
}

}  // namespace journeyctl::journeys
