// Parsing the data files (internal to core/data; dataset.cpp): what
// load_dataset does when no cache serves it.
#pragma once

#include <cstddef>
#include <filesystem>

#include "core/data/dataset.hpp"

namespace journeyctl::core::data {

// Of a load that kept every field: how many of each table's first columns
// are the fields its file is known to have (as a load of every field
// gives them); the columns after those were only named by the load.
struct FieldsListed {
    std::size_t profiles = 0;
    std::size_t events = 0;
};

// load_dataset without the cache. With `keep_every_field`, every field the
// files are known to have is materialized whole (JSON values not cut down
// to LoadOptions::event_field_keys), then the fields the options name
// besides, and the split is written there: the full tables the cache
// stores, from which any load's fields are taken.
Dataset load_files(const DataSources& sources, const std::filesystem::path& root, const LoadOptions& options,
                   FieldsListed* keep_every_field = nullptr);

}  // namespace journeyctl::core::data
