#include "core/delivery/file/part_writer.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/delivery/file/csv.hpp"
#include "core/delivery/file/part_names.hpp"

namespace journeyctl::core::delivery::file {

namespace {

// The columns a message's record has before its data.
constexpr size_t k_leading_columns = 2;  // profile, to

}  // namespace

PartWriter::PartWriter(Destination& destination, std::string batch, uint32_t part, std::vector<std::string> columns)
    : m_destination(destination) {
    m_manifest.file = part_csv_name(batch_stem(batch), part);
    m_manifest.batch = std::move(batch);
    m_manifest.part = part;
    m_manifest.columns = std::move(columns);
    m_csv = m_destination.stage(m_manifest.file);
    const std::vector<std::string_view> header(m_manifest.columns.begin(), m_manifest.columns.end());
    m_record.clear();
    append_csv_record(m_record, header);
    append(m_record);
}

void PartWriter::append(const std::string& bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), m_csv->stream()) != bytes.size()) {
        throw DestinationError(DestinationFailure::Failed, m_destination.description() + ": cannot write " +
                                                               m_manifest.file + ": " + std::strerror(errno));
    }
    m_sha256.update(bytes);
    m_manifest.bytes += bytes.size();
}

void PartWriter::write(const OutgoingMessage& message) {
    const std::vector<std::string>& columns = m_manifest.columns;
    bool matches = columns.size() == k_leading_columns + message.data.size();
    for (size_t i = 0; matches && i < message.data.size(); ++i)
        matches = message.data[i].first == columns[i + k_leading_columns];
    if (!matches) throw std::logic_error("a direct-mail message's fields are not the extraction's columns");
    std::vector<std::string_view> fields{message.profile_key, message.to};
    for (const auto& [column, value] : message.data) fields.emplace_back(value);
    m_record.clear();
    append_csv_record(m_record, fields);
    append(m_record);
    ++m_manifest.count;
}

const PartManifest& PartWriter::publish() {
    m_manifest.sha256 = m_sha256.hex_digest();
    // Removes the CSV after the manifest could not follow it: the part is
    // not published, and a CSV alone only misleads. When even that fails,
    // the next run removes it.
    const auto withdraw_csv = [this] {
        try {
            m_destination.remove(m_manifest.file);
        } catch (const DestinationError&) {
        }
    };
    try {
        m_destination.publish(*m_csv);
    } catch (const DestinationError& e) {
        if (e.failure() != DestinationFailure::MaybeDone) throw;
        withdraw_csv();
        throw DestinationError(DestinationFailure::Failed, e.what());
    }
    try {
        const std::unique_ptr<StagedFile> manifest =
            m_destination.stage(part_manifest_name(batch_stem(m_manifest.batch), m_manifest.part));
        const std::string text = manifest_text(m_manifest);
        if (std::fwrite(text.data(), 1, text.size(), manifest->stream()) != text.size()) {
            throw DestinationError(DestinationFailure::Failed, m_destination.description() + ": cannot write " +
                                                                   manifest->name() + ": " + std::strerror(errno));
        }
        m_destination.publish(*manifest);
    } catch (const DestinationError& e) {
        if (e.failure() != DestinationFailure::MaybeDone) withdraw_csv();
        throw;
    }
    return m_manifest;
}

}  // namespace journeyctl::core::delivery::file
