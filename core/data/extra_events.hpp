// Extra event files (internal to core/data; LoadOptions::extra_event_files):
// a dry-run's hypothetical events, read as more of the workspace's events
// file. Each is planned from the workspace file's plan (same slots, so the
// same field names, column types and roles; only the path and format are
// its own), loaded alone by load_source, then joined after the workspace
// file's rows. The loader then groups and sorts the joined rows as one
// file's, so ties in time fall to file order, then line order.
#pragma once

#include <filesystem>
#include <vector>

#include "core/data/source_loader.hpp"

namespace journeyctl::core::data {

// How a report shows an extra file: relative to the root when inside it,
// else as given.
std::string extra_file_display(const std::filesystem::path& given, const std::filesystem::path& root);

// One plan per file, made before any is loaded so that a missing or
// unreadable file fails before the work starts. Throws ConfigError naming
// the file when it does not exist, has no known extension, cannot be read,
// or (CSV) its header lacks the events' key, type or time field.
std::vector<SourcePlan> plan_extra_events(const SourcePlan& events, const std::vector<std::filesystem::path>& files,
                                          const std::filesystem::path& root);

// Appends the rows of `more` (in order) to `first`: columns joined by
// ColumnBuilder::concat, profile runs and string storage moved. The
// reports and examples of `more` are left for the caller.
void join_sources(LoadedSource& first, std::vector<LoadedSource>& more);

}  // namespace journeyctl::core::data
