#include "core/state/state_store.hpp"

#include <chrono>
#include <string>
#include <system_error>
#include <thread>

#include "core/state/migrations.hpp"
#include "core/state/state_errors.hpp"

namespace journeyctl::core::state {

namespace fs = std::filesystem;

namespace {

void create_parent_folder(const fs::path& path) {
    const fs::path parent = path.parent_path();
    if (parent.empty()) return;
    std::error_code error;
    fs::create_directories(parent, error);
    if (error) throw StateFileError(path, "cannot create the folder " + parent.string() + ": " + error.message());
}

// Refuses a file that is not an empty database or a journeyctl state
// database of a schema this binary knows, before anything writes to it.
// The reads share one snapshot: another process creating the database at
// the same moment must be seen before its migration or after, never half
// way (its id not yet set, its tables already there).
void check_identity(SqliteDatabase& db, const fs::path& path) {
    SqliteTransaction snapshot(db, SqliteTransaction::Kind::Deferred);
    const int64_t application_id = db.query_int("PRAGMA application_id");
    const int64_t version = db.query_int("PRAGMA user_version");
    if (application_id == k_state_application_id) {
        if (version > latest_schema_version()) throw StateVersionError(path, version, latest_schema_version());
        return;
    }
    if (application_id != 0) {
        throw StateFileError(path, "a SQLite database of another program (application_id " +
                                       std::to_string(application_id) + "), not a journeyctl state database");
    }
    if (version != 0 || db.query_int("SELECT count(*) FROM sqlite_schema") != 0) {
        throw StateFileError(path, "a SQLite database, but not a journeyctl state database");
    }
}

// The mode is stored in the file: only its creator switches it. SQLite
// does not wait on the busy handler to change the journal mode, so a
// process racing that creator retries here, as long as the busy timeout.
std::string set_journal_mode_wal(SqliteDatabase& db) {
    const auto give_up = std::chrono::steady_clock::now() + k_busy_timeout;
    for (;;) {
        try {
            SqliteStatement statement = db.prepare("PRAGMA journal_mode = WAL");
            return std::string(statement.step("set journal mode") ? statement.column_text(0) : std::string_view());
        } catch (const SqliteError& e) {
            if (!e.busy() || std::chrono::steady_clock::now() >= give_up) throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

void use_write_ahead_log(SqliteDatabase& db, const fs::path& path) {
    const std::string mode = set_journal_mode_wal(db);
    if (mode != "wal") {
        throw StateFileError(path, "SQLite cannot keep a write-ahead log for the state database here (journal mode " +
                                       mode + ")");
    }
}

SqliteDatabase open_state_database(const fs::path& path) {
    create_parent_folder(path);
    try {
        SqliteDatabase db = SqliteDatabase::open_or_create(path);
        db.set_busy_timeout(k_busy_timeout);
        check_identity(db, path);
        use_write_ahead_log(db, path);
        db.set_synchronous(SqliteDatabase::Synchronous::Full);
        db.execute("PRAGMA foreign_keys = ON");
        // A run writes many instances in one transaction: pages kept in
        // memory (up to 64 MiB, taken as needed) are not spilled to the
        // log and read back before the commit.
        db.execute("PRAGMA cache_size = -65536");
        migrate(db, path);
        return db;
    } catch (const SqliteError& e) {
        if (e.not_a_database()) throw StateFileError(path, "not a SQLite database");
        if (e.cannot_open()) throw StateFileError(path, "cannot open the state database: " + e.message());
        throw;
    }
}

}  // namespace

StateStore::StateStore(fs::path path)
    : m_path(std::move(path)), m_db(open_state_database(m_path)), m_ledger(m_db), m_frequency(m_db), m_journeys(m_db) {}

void StateStore::copy_to(const fs::path& target) {
    SqliteStatement copy = m_db.prepare("VACUUM INTO ?1");
    copy.bind_text(1, target.string());
    copy.run("copy the state database");
}

int64_t StateStore::schema_version() { return m_db.query_int("PRAGMA user_version"); }

}  // namespace journeyctl::core::state
