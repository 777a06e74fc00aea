#include "core/delivery/file/batch_folder.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>

#include "core/delivery/file/csv.hpp"
#include "core/delivery/file/manifest.hpp"
#include "core/delivery/file/part_names.hpp"
#include "core/delivery/file/sha256.hpp"

namespace journeyctl::core::delivery::file {

namespace {

using TemporaryFile = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// A local, unnamed copy of a file of the destination, rewound.
TemporaryFile fetched(Destination& destination, const std::string& name) {
    TemporaryFile copy(std::tmpfile(), &std::fclose);
    if (!copy) {
        throw DestinationError(DestinationFailure::Failed,
                               "cannot make a local temporary file to read " + name + ": " + std::strerror(errno));
    }
    destination.fetch(name, copy.get());
    if (std::fflush(copy.get()) != 0) {
        throw DestinationError(DestinationFailure::Failed,
                               "cannot keep a local copy of " + name + ": " + std::strerror(errno));
    }
    std::rewind(copy.get());
    return copy;
}

std::string whole(std::FILE* in) {
    std::string text;
    char buffer[1 << 16];
    for (size_t got = 0; (got = std::fread(buffer, 1, sizeof buffer, in)) > 0;) text.append(buffer, got);
    return text;
}

}  // namespace

BatchFolder inspect_batch(Destination& destination, std::string_view batch) {
    const std::string stem = batch_stem(batch);
    std::map<uint32_t, std::pair<bool, bool>> parts;  // part -> csv there, manifest there
    BatchFolder folder;
    for (const std::string& name : destination.list()) {
        const std::optional<BatchFile> file = batch_file_of(name, stem);
        if (!file) continue;
        switch (file->kind) {
            case BatchFileKind::Staging: folder.leftovers.push_back(name); break;
            case BatchFileKind::Csv: parts[file->part].first = true; break;
            case BatchFileKind::Manifest: parts[file->part].second = true; break;
        }
    }
    for (const auto& [part, present] : parts) {
        const auto& [csv, manifest] = present;
        if (manifest) {
            folder.published.push_back(part);
            if (!csv) folder.without_csv.push_back(part);
        } else {
            folder.leftovers.push_back(part_csv_name(stem, part));
        }
    }
    std::sort(folder.leftovers.begin(), folder.leftovers.end());
    return folder;
}

void remove_leftovers(Destination& destination, const BatchFolder& folder) {
    for (const std::string& name : folder.leftovers) destination.remove(name);
}

std::optional<std::string> read_part_profiles(Destination& destination, std::string_view batch, uint32_t part,
                                              const std::function<void(const std::string& profile)>& each) {
    const std::string stem = batch_stem(batch);
    const std::string manifest_name = part_manifest_name(stem, part);
    const std::optional<PartManifest> manifest = parse_manifest(whole(fetched(destination, manifest_name).get()));
    if (!manifest || manifest->part != part || manifest->file != part_csv_name(stem, part))
        return manifest_name + " is not the manifest of that part";

    TemporaryFile csv = fetched(destination, manifest->file);
    Sha256 sha256;
    uint64_t bytes = 0;
    char buffer[1 << 16];
    for (size_t got = 0; (got = std::fread(buffer, 1, sizeof buffer, csv.get())) > 0;) {
        sha256.update(std::string_view(buffer, got));
        bytes += got;
    }
    if (bytes != manifest->bytes || sha256.hex_digest() != manifest->sha256)
        return manifest->file + " is not the file its manifest describes (size or SHA-256 differ)";
    std::rewind(csv.get());

    CsvReader reader(csv.get());
    std::vector<std::string> record;
    std::vector<std::string> profiles;
    try {
        if (!reader.next(record) || record != manifest->columns)
            return manifest->file + " does not start with the header its manifest names";
        while (reader.next(record)) {
            if (record.size() != manifest->columns.size()) return manifest->file + " has a record of another width";
            profiles.push_back(std::move(record.front()));
        }
    } catch (const CsvFormatError& e) {
        return manifest->file + ": " + e.what();
    }
    if (profiles.size() != manifest->count) return manifest->file + " does not hold the records its manifest counts";
    for (const std::string& profile : profiles) each(profile);
    return std::nullopt;
}

}  // namespace journeyctl::core::delivery::file
