// The state database's file: created with its folder, WAL, at the latest
// schema; migrated from an older version it keeps its rows; several
// processes creating it at once; refused, naming the file, when it is
// newer than this binary, not a SQLite database, or another program's.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/state/migrations.hpp"
#include "core/state/sqlite.hpp"
#include "core/state/state_errors.hpp"
#include "core/state/state_store.hpp"
#include "tests/unit/state/state_fixture.hpp"

using namespace journeyctl;
using namespace journeyctl::core::state;
using testing::StateFolder;

namespace {

std::string query_text(SqliteDatabase& db, const std::string& sql) {
    SqliteStatement statement = db.prepare(sql);
    REQUIRE(statement.step(sql));
    return std::string(statement.column_text(0));
}

std::vector<std::string> table_names(SqliteDatabase& db) {
    std::vector<std::string> names;
    SqliteStatement statement = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (statement.step("list tables")) names.emplace_back(statement.column_text(0));
    return names;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

// The schema of version 1 as journeyctl wrote it: the ledger alone.
constexpr const char* k_version_1_schema = R"sql(
CREATE TABLE messages (
    idempotency_key     TEXT PRIMARY KEY NOT NULL CHECK (idempotency_key <> ''),
    batch               TEXT NOT NULL,
    profile_key         TEXT NOT NULL,
    channel             TEXT NOT NULL,
    template            TEXT NOT NULL,
    state               TEXT NOT NULL
                        CHECK (state IN ('started', 'sent', 'failed', 'retryable', 'ambiguous', 'deferred')),
    attempts            INTEGER NOT NULL CHECK (attempts >= 0),
    provider_message_id TEXT,
    provider_status     TEXT,
    error               TEXT,
    first_started_ns    INTEGER NOT NULL,
    last_updated_ns     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX messages_by_batch_state ON messages (batch, state, idempotency_key);
PRAGMA application_id = 1245926228;
PRAGMA user_version = 1;
INSERT INTO messages VALUES ('b1/c1', 'b1', 'c1', 'email', 'welcome', 'sent', 1, 'sg-1', '202', NULL, 5, 6);
)sql";

}  // namespace

TEST_CASE("state store: creates its folder and a WAL database at the latest schema", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    REQUIRE_FALSE(std::filesystem::exists(file.parent_path()));
    StateStore store(file);
    CHECK(store.path() == file);
    CHECK(std::filesystem::is_regular_file(file));
    CHECK(store.schema_version() == latest_schema_version());
    CHECK(std::filesystem::exists(file.string() + "-wal"));  // next to it while open

    SqliteDatabase raw = SqliteDatabase::open_existing(file);
    CHECK(query_text(raw, "PRAGMA journal_mode") == "wal");
    CHECK(raw.query_int("PRAGMA application_id") == k_state_application_id);
    CHECK(table_names(raw) ==
          std::vector<std::string>{"events", "frequency_reservations", "instances", "journey_runs", "messages",
                                   "outbox"});

    // A second store on the same file, the first still open: nothing to migrate.
    StateStore again(file);
    CHECK(again.schema_version() == latest_schema_version());
}

TEST_CASE("state store: migrations are versions 1, 2, ... in order", "[state]") {
    const auto list = migrations();
    REQUIRE_FALSE(list.empty());
    for (size_t i = 0; i < list.size(); ++i) {
        INFO(list[i].purpose);
        CHECK(list[i].version == static_cast<int64_t>(i + 1));
        CHECK_FALSE(list[i].sql.empty());
    }
    CHECK(latest_schema_version() == list.back().version);
}

TEST_CASE("state store: a version 1 file is migrated and keeps its messages", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    std::filesystem::create_directories(file.parent_path());
    {
        SqliteDatabase old = SqliteDatabase::open_or_create(file);
        old.execute("PRAGMA journal_mode = WAL");
        old.execute(k_version_1_schema);
        REQUIRE(old.query_int("PRAGMA user_version") == 1);
    }
    StateStore store(file);
    CHECK(store.schema_version() == latest_schema_version());

    const std::vector<std::string_view> keys{"b1/c1"};
    const auto found = store.ledger().lookup(keys);
    REQUIRE(found[0].has_value());
    CHECK(found[0]->state == MessageState::Sent);
    CHECK(found[0]->provider_message_id == "sg-1");
    CHECK(found[0]->last_updated == 6);

    // Version 2's table is there and works.
    const FrequencyCap cap{"email", 1, testing::k_day};
    CHECK_FALSE(store.frequency().reserve({&cap, 1}, "c1", "email", testing::k_t, "b1/c1"));
    CHECK(store.frequency().count("c1", std::nullopt, testing::k_t - testing::k_day, testing::k_t) == 1);
}

TEST_CASE("state store: processes creating the database at once all open it", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    testing::Pipe go;
    std::vector<pid_t> children;
    for (int i = 0; i < 4; ++i) {
        children.push_back(testing::fork_child([&] {
            go.close_write();
            if (!go.read_byte()) return 2;
            StateStore store(file);
            return store.schema_version() == latest_schema_version() ? 0 : 3;
        }));
    }
    go.close_read();
    for (size_t i = 0; i < children.size(); ++i) REQUIRE(go.write_byte());
    for (const pid_t child : children) CHECK(testing::wait_child(child) == 0);
    StateStore store(file);
    CHECK(store.schema_version() == latest_schema_version());
}

TEST_CASE("state store: a schema newer than this binary is refused", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    { StateStore store(file); }
    {
        SqliteDatabase raw = SqliteDatabase::open_existing(file);
        raw.execute("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
    }
    try {
        StateStore store(file);
        FAIL("a newer database was opened");
    } catch (const StateVersionError& e) {
        CHECK(e.found() == latest_schema_version() + 1);
        CHECK(e.known() == latest_schema_version());
        CHECK(e.path() == file);
        CHECK(std::string(e.what()) == file.string() + ": the state database has schema version " +
                                           std::to_string(latest_schema_version() + 1) +
                                           ", newer than this journeyctl knows (" +
                                           std::to_string(latest_schema_version()) + "); use a newer journeyctl");
    }
    // A configuration error: the command exits 2.
    CHECK_THROWS_AS(StateStore(file), core::ConfigError);
}

TEST_CASE("state store: a file that is not a SQLite database is refused, naming it", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    const auto text = GENERATE(std::string("profile_key,email\n"), std::string(4096, 'x'));
    write_file(file, text);
    CHECK_THROWS_WITH(StateStore(file), file.string() + ": not a SQLite database");
    CHECK_THROWS_AS(StateStore(file), StateFileError);
    // Left as it was.
    std::ifstream in(file, std::ios::binary);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == text);
}

TEST_CASE("state store: another SQLite database is refused, an empty file is a new one", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    std::filesystem::create_directories(file.parent_path());
    SECTION("tables but no journeyctl id: a data export, say") {
        { SqliteDatabase::open_or_create(file).execute("CREATE TABLE profiles (profile_key TEXT)"); }
        CHECK_THROWS_WITH(StateStore(file),
                          file.string() + ": a SQLite database, but not a journeyctl state database");
    }
    SECTION("another program's application id") {
        { SqliteDatabase::open_or_create(file).execute("PRAGMA application_id = 42"); }
        CHECK_THROWS_WITH(StateStore(file), file.string() + ": a SQLite database of another program "
                                                            "(application_id 42), not a journeyctl state database");
    }
    SECTION("an empty file") {
        write_file(file, "");
        StateStore store(file);
        CHECK(store.schema_version() == latest_schema_version());
    }
}

TEST_CASE("state store: a folder that cannot be created is an error naming the file", "[state]") {
    StateFolder folder;
    folder.folder.write(".journeyctl", "a file where the folder should be");
    const auto file = folder.state_file();
    try {
        StateStore store(file);
        FAIL("opened under a file");
    } catch (const StateFileError& e) {
        CHECK(std::string(e.what()).starts_with(file.string() + ": cannot create the folder "));
    }
}

TEST_CASE("state store: a folder where the file should be is an error naming it", "[state]") {
    StateFolder folder;
    const auto file = folder.state_file();
    std::filesystem::create_directories(file);
    CHECK_THROWS_WITH(StateStore(file), file.string() + ": cannot open the state database: unable to open database file");
}
