// Extra event files planned from the workspace events file's plan and joined
// after it (see extra_events.hpp).
#include "core/data/extra_events.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "core/diag/errors.hpp"

namespace journeyctl::core::data {

namespace {

// Opens the file once, so that a file that exists but cannot be read fails
// now, with the others' plans, not after the workspace's events loaded.
void check_readable(const SourcePlan& plan) {
    std::error_code ec;
    if (!std::filesystem::exists(plan.file, ec)) throw ConfigError(fmt::format("cannot read {}: no such file", plan.display));
    if (std::filesystem::is_directory(plan.file, ec)) {
        throw ConfigError(fmt::format("cannot read {}: {}", plan.display, std::strerror(EISDIR)));
    }
    std::FILE* file = std::fopen(plan.file.c_str(), "rb");
    if (file == nullptr) throw ConfigError(fmt::format("cannot read {}: {}", plan.display, std::strerror(errno)));
    std::fclose(file);
}

}  // namespace

std::string extra_file_display(const std::filesystem::path& given, const std::filesystem::path& root) {
    const std::filesystem::path file = given.is_absolute() ? given : root / given;
    // Both made absolute and free of symlinks, so that /tmp/ws/e.jsonl
    // shows as e.jsonl however the root was spelled.
    auto resolved = [](const std::filesystem::path& p) {
        std::error_code ec;
        std::filesystem::path out = std::filesystem::weakly_canonical(p, ec);
        return ec ? std::filesystem::absolute(p, ec).lexically_normal() : out;
    };
    const std::filesystem::path relative = resolved(file).lexically_relative(resolved(root));
    if (!relative.empty() && *relative.begin() != ".." && relative != ".") return relative.generic_string();
    return given.string();
}

std::vector<SourcePlan> plan_extra_events(const SourcePlan& events, const std::vector<std::filesystem::path>& files,
                                          const std::filesystem::path& root) {
    std::vector<SourcePlan> plans;
    for (const std::filesystem::path& given : files) {
        // The workspace plan's slots carry the field names, the column
        // types (declared or sniffed from the workspace's file, never from
        // this one) and the roles; a copy reads this file the same way.
        SourcePlan plan = events;
        plan.file = given.is_absolute() ? given : root / given;
        plan.display = extra_file_display(given, root);
        const auto format = format_of(plan.file);
        if (!format) throw ConfigError(fmt::format("{}: an events file must be .csv, .jsonl or .ndjson", plan.display));
        plan.format = *format;
        check_readable(plan);
        if (plan.format == FileFormat::Csv) {
            // As for the workspace's CSV file: without these columns every
            // row would be rejected, so say it once.
            const std::vector<std::string> header = read_csv_header(plan);
            for (const FieldSlot& slot : plan.slots) {
                if (slot.role == FieldRole::Plain) continue;
                if (std::find(header.begin(), header.end(), slot.name) == header.end()) {
                    throw ConfigError(fmt::format("{} has no field '{}' (named in journeyctl.yaml)", plan.display, slot.name));
                }
            }
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

void join_sources(LoadedSource& first, std::vector<LoadedSource>& more) {
    if (more.empty()) return;
    for (std::size_t s = 0; s < first.columns.size(); ++s) {
        std::vector<Column> parts;
        parts.reserve(more.size() + 1);
        parts.push_back(std::move(first.columns[s]));
        for (LoadedSource& m : more) parts.push_back(std::move(m.columns[s]));
        first.columns[s] = ColumnBuilder::concat(parts);
    }
    for (LoadedSource& m : more) {
        first.rows += m.rows;
        // Runs of rows of one profile, in row order: the next file's runs
        // simply follow (grouping later does not need runs merged).
        first.profile_of.insert(first.profile_of.end(), m.profile_of.begin(), m.profile_of.end());
        std::vector<ProfileRun>().swap(m.profile_of);
        for (auto& chunk : m.arena) first.arena.push_back(std::move(chunk));
        m.arena.clear();
        m.rows = 0;
    }
}

}  // namespace journeyctl::core::data
