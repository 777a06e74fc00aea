#include "core/state/migrations.hpp"

#include <array>
#include <string>

#include "core/state/sqlite.hpp"
#include "core/state/state_errors.hpp"

namespace journeyctl::core::state {

namespace {

// Version 1: the send ledger, one row per idempotency key. WITHOUT ROWID:
// the key is the table's only index key, stored once. The batch index
// serves the send report (keys and counts of a batch by state).
constexpr std::string_view k_messages = R"sql(
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
)sql";

// Version 2: the frequency counters, one row per message that counts
// toward the caps (reserved, not released). The index answers "messages
// to this profile (on this channel) in (after, until]" without a scan.
constexpr std::string_view k_frequency = R"sql(
CREATE TABLE frequency_reservations (
    idempotency_key TEXT PRIMARY KEY NOT NULL,
    profile_key     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    at_ns           INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX frequency_by_profile ON frequency_reservations (profile_key, channel, at_ns);
)sql";

// Version 3: a failed message handed on to its channel's fallback names
// that channel, so a rerun follows the message there (the fallback's own
// row has the key BATCH#CHANNEL/PROFILE).
constexpr std::string_view k_fallback = R"sql(
ALTER TABLE messages ADD COLUMN fallback_channel TEXT;
)sql";

// Version 4: journeys run for real (`run`, `status`). Per journey the
// instant its last run handled time up to; per profile and journey the
// instance (journeys/runtime/instance.hpp) as JSON, with what `run` and
// `status` ask of it without reading the JSON in columns: whether it is
// inside, its step and its next wake-up (indexed: a run reads only the
// instances due). The outbox holds messages a run decided, rendered,
// committed with the instances that decided them and removed once the
// send ledger has their outcome, so no crash loses or repeats one.
constexpr std::string_view k_journeys = R"sql(
CREATE TABLE journey_runs (
    journey      TEXT PRIMARY KEY NOT NULL,
    version      INTEGER NOT NULL,
    until_ns     INTEGER NOT NULL,
    finished_ns  INTEGER NOT NULL,
    runs         INTEGER NOT NULL CHECK (runs >= 1)
) WITHOUT ROWID;
CREATE TABLE instances (
    journey      TEXT NOT NULL,
    profile_key  TEXT NOT NULL,
    version      INTEGER NOT NULL,
    active       INTEGER NOT NULL CHECK (active IN (0, 1)),
    step         TEXT,
    wake_ns      INTEGER,
    entries      INTEGER NOT NULL CHECK (entries >= 0),
    state        TEXT NOT NULL,
    PRIMARY KEY (journey, profile_key)
) WITHOUT ROWID;
CREATE INDEX instances_by_wake ON instances (journey, wake_ns) WHERE wake_ns IS NOT NULL;
CREATE TABLE outbox (
    idempotency_key TEXT PRIMARY KEY NOT NULL,
    journey         TEXT NOT NULL,
    profile_key     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    template        TEXT NOT NULL,
    decided_ns      INTEGER NOT NULL,
    message         TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 5: the events `run --events` received, each JSON line once
// (the same line fed again is the same event), kept so that later runs
// and their conditions see them after a restart.
constexpr std::string_view k_events = R"sql(
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    line         TEXT NOT NULL UNIQUE,
    received_ns  INTEGER NOT NULL
);
)sql";

constexpr std::array<Migration, 5> k_migrations{{
    {1, "the send ledger (table messages)", k_messages},
    {2, "the frequency counters (table frequency_reservations)", k_frequency},
    {3, "fallbacks in the send ledger (column messages.fallback_channel)", k_fallback},
    {4, "journeys run for real (tables journey_runs, instances, outbox)", k_journeys},
    {5, "events received by run --events (table events)", k_events},
}};

}  // namespace

std::span<const Migration> migrations() { return k_migrations; }

int64_t latest_schema_version() { return k_migrations.back().version; }

void migrate(SqliteDatabase& db, const std::filesystem::path& path) {
    // Up to date: no write lock taken at all.
    const int64_t found = db.query_int("PRAGMA user_version");
    if (found > latest_schema_version()) throw StateVersionError(path, found, latest_schema_version());
    if (found == latest_schema_version()) return;
    for (const Migration& migration : k_migrations) {
        // The version is read again under the write lock: another process
        // may have migrated since this one looked.
        SqliteTransaction transaction(db, SqliteTransaction::Kind::Immediate);
        const int64_t version = db.query_int("PRAGMA user_version");
        if (version > latest_schema_version()) throw StateVersionError(path, version, latest_schema_version());
        if (version >= migration.version) continue;  // rolls back an empty transaction
        if (version == 0) db.execute("PRAGMA application_id = " + std::to_string(k_state_application_id));
        db.execute(std::string(migration.sql));
        db.execute("PRAGMA user_version = " + std::to_string(migration.version));
        transaction.commit();
    }
}

}  // namespace journeyctl::core::state
