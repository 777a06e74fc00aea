// The state database's schema as an ordered list of migrations. The
// schema version is SQLite's `PRAGMA user_version`: 0 for a new, empty
// file, then the version of the last migration applied. Each migration
// runs in its own IMMEDIATE transaction together with the version bump,
// so a crash or a second process opening the file at the same moment sees
// either the old version or the new one, never half a migration.
//
// The rule: a migration that has shipped is never edited; a change to the
// schema appends a new one. journeyctl(5), STATE DATABASE, lists what
// each version holds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace journeyctl::core::state {

class SqliteDatabase;

struct Migration {
    int64_t version = 0;
    std::string_view purpose;  // one line, for the man page's history
    std::string_view sql;
};

// Every migration in version order, 1, 2, ...
std::span<const Migration> migrations();
int64_t latest_schema_version();

// `PRAGMA application_id` of a journeyctl state database ("JCST"), set
// with the first migration: tells it from other SQLite files.
inline constexpr int64_t k_state_application_id = 0x4A435354;

// Applies every migration newer than the file's version, each in one
// transaction. Throws StateVersionError for a file newer than this binary
// (naming `path`).
void migrate(SqliteDatabase& db, const std::filesystem::path& path);

}  // namespace journeyctl::core::state
