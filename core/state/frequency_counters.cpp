#include "core/state/frequency_counters.hpp"

#include <stdexcept>

namespace journeyctl::core::state {

namespace {

// Commits of this part with synchronous=NORMAL (see the header), back to
// FULL, the store's setting for every other write, on every way out.
class SyncWithNextLedgerCommit {
public:
    explicit SyncWithNextLedgerCommit(SqliteDatabase& db) : m_db(db) {
        m_db.set_synchronous(SqliteDatabase::Synchronous::Normal);
    }
    ~SyncWithNextLedgerCommit() {
        // Setting a pragma does no I/O; should it fail anyway, the ledger
        // sets FULL itself before each of its writes.
        try {
            m_db.set_synchronous(SqliteDatabase::Synchronous::Full);
        } catch (const SqliteError&) {
        }
    }
    SyncWithNextLedgerCommit(const SyncWithNextLedgerCommit&) = delete;
    SyncWithNextLedgerCommit& operator=(const SyncWithNextLedgerCommit&) = delete;

private:
    SqliteDatabase& m_db;
};

}  // namespace

FrequencyCounters::FrequencyCounters(SqliteDatabase& db)
    : m_db(db),
      m_is_counted(db.prepare("SELECT 1 FROM frequency_reservations WHERE idempotency_key = ?1")),
      m_insert(db.prepare("INSERT OR IGNORE INTO frequency_reservations (idempotency_key, profile_key, channel, at_ns) "
                          "VALUES (?1, ?2, ?3, ?4)")),
      m_delete(db.prepare("DELETE FROM frequency_reservations WHERE idempotency_key = ?1")),
      m_count_channel(db.prepare("SELECT count(*) FROM frequency_reservations "
                                 "WHERE profile_key = ?1 AND channel = ?2 AND at_ns > ?3 AND at_ns <= ?4")),
      m_count_any(db.prepare("SELECT count(*) FROM frequency_reservations "
                             "WHERE profile_key = ?1 AND at_ns > ?3 AND at_ns <= ?4")) {}

std::optional<CapReachedAt> FrequencyCounters::reserve(std::span<const FrequencyCap> caps, std::string_view profile,
                                                       std::string_view channel, UnixNanos at,
                                                       std::string_view idempotency_key) {
    std::optional<SyncWithNextLedgerCommit> sync;
    std::optional<SqliteTransaction> transaction;
    if (!m_group && !m_joined) {
        sync.emplace(m_db);
        transaction.emplace(m_db, SqliteTransaction::Kind::Immediate);
    }
    {
        ResetOnExit reset(m_is_counted);
        m_is_counted.bind_text(1, idempotency_key);
        if (m_is_counted.step("look up frequency reservation")) return std::nullopt;  // rolls back: nothing written
    }
    for (size_t i = 0; i < caps.size(); ++i) {
        const FrequencyCap& cap = caps[i];
        if (!cap.applies_to(channel)) continue;
        const UnixNanos after = saturating_subtract(at, cap.per_ns);
        const int64_t counted = count_in_window(profile, cap, after, at);
        if (counted >= cap.max) return CapReachedAt{i, counted, after};
    }
    insert(idempotency_key, profile, channel, at);
    if (transaction) transaction->commit();
    return std::nullopt;
}

void FrequencyCounters::begin_group() {
    if (m_group) throw std::logic_error("FrequencyCounters: a reservation group is already open");
    m_db.set_synchronous(SqliteDatabase::Synchronous::Normal);
    m_group.emplace(m_db, SqliteTransaction::Kind::Immediate);
}

void FrequencyCounters::commit_group() {
    if (!m_group) return;
    // Closed whatever happens: a commit that fails rolls back as the
    // transaction is destroyed.
    struct Close {
        std::optional<SqliteTransaction>& group;
        ~Close() { group.reset(); }
    } close{m_group};
    m_group->commit();
    // The ledger sets FULL itself before each of its writes; this is for
    // any other writer.
    m_db.set_synchronous(SqliteDatabase::Synchronous::Full);
}

void FrequencyCounters::record(std::string_view idempotency_key, std::string_view profile, std::string_view channel,
                               UnixNanos at) {
    std::optional<SyncWithNextLedgerCommit> sync;
    if (!m_group && !m_joined) sync.emplace(m_db);
    insert(idempotency_key, profile, channel, at);
}

bool FrequencyCounters::release(std::string_view idempotency_key) {
    std::optional<SyncWithNextLedgerCommit> sync;
    if (!m_group && !m_joined) sync.emplace(m_db);
    ResetOnExit reset(m_delete);
    m_delete.bind_text(1, idempotency_key);
    m_delete.run("release frequency reservation");
    return m_db.changes() > 0;
}

int64_t FrequencyCounters::count(std::string_view profile, std::optional<std::string_view> channel, UnixNanos after,
                                 UnixNanos until) {
    const FrequencyCap cap{channel.value_or(std::string_view()), 0, 0};
    return count_in_window(profile, cap, after, until);
}

int64_t FrequencyCounters::count_in_window(std::string_view profile, const FrequencyCap& cap, UnixNanos after,
                                           UnixNanos until) {
    SqliteStatement& query = cap.any() ? m_count_any : m_count_channel;
    ResetOnExit reset(query);
    query.bind_text(1, profile);
    if (!cap.any()) query.bind_text(2, cap.channel);
    query.bind_int(3, after);
    query.bind_int(4, until);
    return query.step("count frequency reservations") ? query.column_int(0) : 0;
}

void FrequencyCounters::insert(std::string_view idempotency_key, std::string_view profile, std::string_view channel,
                               UnixNanos at) {
    ResetOnExit reset(m_insert);
    m_insert.bind_text(1, idempotency_key);
    m_insert.bind_text(2, profile);
    m_insert.bind_text(3, channel);
    m_insert.bind_int(4, at);
    m_insert.run("record frequency reservation");
}

}  // namespace journeyctl::core::state
