// Parsing the data files (internal to core/data; dataset.cpp): what
// load_dataset does when no cache serves it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"

namespace journeyctl::core::data {

// The fields each file is known to have, in order: what a load of every
// field keeps (the cache records them to serve such loads).
struct FieldsListed {
    std::vector<std::string> profiles;
    std::vector<std::string> events;
};

// load_dataset without the cache. With `whole_values`, JSON values are kept
// whole (not cut down to LoadOptions::event_field_keys), for the cache to
// serve loads of other keys, and the fields listed are written there.
Dataset load_files(const DataSources& sources, const std::filesystem::path& root, const LoadOptions& options,
                   FieldsListed* whole_values = nullptr);

}  // namespace journeyctl::core::data
