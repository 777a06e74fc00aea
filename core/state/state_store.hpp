// The state database (journeyctl.yaml `state:`, by default
// .journeyctl/state.db): one SQLite file shared by every command and
// process of a workspace, holding the send ledger and the frequency
// counters (and, as the schema grows, journey instances). StateStore
// opens or creates it and brings its schema up to date; its parts are
// reached through it and share its connection.
//
// How the file is opened, and why:
//   - the parent folder is created (.journeyctl/);
//   - a file that is not a SQLite database, or is another program's, or
//     whose schema is newer than this binary knows, is refused with a
//     StateFileError (exit 2) naming it, before anything is written;
//   - WAL journal: readers never block the writer, and several processes
//     (two batches sending at once, a `status`) share the file; SQLite
//     keeps FILE-wal and FILE-shm next to it while it is open;
//   - synchronous=FULL: a commit returns once the log is synced, so a
//     message recorded started survives SIGKILL and power loss alike. (In
//     WAL mode NORMAL survives SIGKILL too, but a power loss could roll
//     back a started record whose request had left: the rerun would send
//     it twice.) The frequency counters lower it for their own commits,
//     which the next synced commit covers (frequency_counters.hpp);
//   - a busy timeout (k_busy_timeout): a process waits for another's
//     write lock instead of failing at once;
//   - foreign keys enforced, for the tables that will reference others;
//   - a page cache of up to 64 MiB: a run's one transaction over many
//     instances stays in memory until its commit.
//
// One StateStore is one connection: use it from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "core/state/frequency_counters.hpp"
#include "core/state/journey_store.hpp"
#include "core/state/ledger.hpp"
#include "core/state/sqlite.hpp"

namespace journeyctl::core::state {

// Writes are short (a group of started records, one reservation), so a
// wait this long means something is stuck: the error says the database
// is locked.
inline constexpr std::chrono::milliseconds k_busy_timeout{10'000};

class StateStore {
public:
    // Opens or creates the database at `path` and migrates it. Throws
    // StateFileError (StateVersionError for a newer schema) for a file it
    // must not use, SqliteError when SQLite fails otherwise.
    explicit StateStore(std::filesystem::path path);
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    // `PRAGMA user_version`: latest_schema_version() once opened.
    int64_t schema_version();

    // A consistent copy of the database into the new file `target`
    // (SQLite's VACUUM INTO: other connections may write meanwhile), for
    // a run that must change nothing (`run --dry-run`).
    void copy_to(const std::filesystem::path& target);

    Ledger& ledger() { return m_ledger; }
    FrequencyCounters& frequency() { return m_frequency; }
    JourneyStore& journeys() { return m_journeys; }
    // For a transaction around several parts' writes (a run commits its
    // instances, outbox and instant at once).
    SqliteDatabase& database() { return m_db; }

private:
    std::filesystem::path m_path;
    SqliteDatabase m_db;
    Ledger m_ledger;
    FrequencyCounters m_frequency;
    JourneyStore m_journeys;
};

}  // namespace journeyctl::core::state
