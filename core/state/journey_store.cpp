#include "core/state/journey_store.hpp"

namespace journeyctl::core::state {

namespace {

JourneyRunRecord read_run(const SqliteStatement& row) {
    return {std::string(row.column_text(0)), row.column_int(1), row.column_int(2), row.column_int(3),
            row.column_int(4)};
}

OutboxMessage read_outbox(const SqliteStatement& row) {
    return {std::string(row.column_text(0)), std::string(row.column_text(1)), std::string(row.column_text(2)),
            std::string(row.column_text(3)), std::string(row.column_text(4)), row.column_int(5),
            std::string(row.column_text(6))};
}

InstanceRecord read_instance(const SqliteStatement& row) {
    InstanceRecord record;
    record.profile_key = row.column_text(0);
    record.version = row.column_int(1);
    record.active = row.column_int(2) != 0;
    record.step = row.column_text(3);
    if (!row.column_is_null(4)) record.wake = row.column_int(4);
    record.entries = row.column_int(5);
    record.state = row.column_text(6);
    return record;
}

}  // namespace

JourneyStore::JourneyStore(SqliteDatabase& db)
    : m_db(db),
      m_last_run(db.prepare("SELECT journey, version, until_ns, finished_ns, runs FROM journey_runs WHERE journey = ?1")),
      m_put_run(db.prepare("INSERT INTO journey_runs (journey, version, until_ns, finished_ns, runs) "
                           "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (journey) DO UPDATE SET "
                           "version = excluded.version, until_ns = excluded.until_ns, "
                           "finished_ns = excluded.finished_ns, runs = excluded.runs")),
      m_due(db.prepare("SELECT profile_key, version, active, step, wake_ns, entries, state FROM instances "
                       "WHERE journey = ?1 AND wake_ns IS NOT NULL AND wake_ns <= ?2")),
      m_instance(db.prepare("SELECT profile_key, version, active, step, wake_ns, entries, state FROM instances "
                            "WHERE journey = ?1 AND profile_key = ?2")),
      m_put_instance(db.prepare("INSERT INTO instances (journey, profile_key, version, active, step, wake_ns, "
                                "entries, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                "ON CONFLICT (journey, profile_key) DO UPDATE SET version = excluded.version, "
                                "active = excluded.active, step = excluded.step, wake_ns = excluded.wake_ns, "
                                "entries = excluded.entries, state = excluded.state")),
      m_put_outbox(db.prepare("INSERT INTO outbox (idempotency_key, journey, profile_key, channel, template, "
                              "decided_ns, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                              "ON CONFLICT (idempotency_key) DO NOTHING")),
      m_outbox_page(db.prepare("SELECT idempotency_key, journey, profile_key, channel, template, decided_ns, message "
                               "FROM outbox WHERE idempotency_key > ?1 ORDER BY idempotency_key LIMIT ?2")),
      m_remove_outbox(db.prepare("DELETE FROM outbox WHERE idempotency_key = ?1")) {}

std::optional<JourneyRunRecord> JourneyStore::last_run(std::string_view journey) {
    ResetOnExit reset(m_last_run);
    m_last_run.bind_text(1, journey);
    if (!m_last_run.step("read journey_runs")) return std::nullopt;
    return read_run(m_last_run);
}

std::vector<JourneyRunRecord> JourneyStore::runs() {
    SqliteStatement all =
        m_db.prepare("SELECT journey, version, until_ns, finished_ns, runs FROM journey_runs ORDER BY journey");
    std::vector<JourneyRunRecord> out;
    while (all.step("read journey_runs")) out.push_back(read_run(all));
    return out;
}

std::vector<InstanceRecord> JourneyStore::due_instances(std::string_view journey, UnixNanos until) {
    ResetOnExit reset(m_due);
    m_due.bind_text(1, journey);
    m_due.bind_int(2, until);
    std::vector<InstanceRecord> out;
    while (m_due.step("read due instances")) out.push_back(read_instance(m_due));
    return out;
}

std::optional<InstanceRecord> JourneyStore::instance(std::string_view journey, std::string_view profile_key) {
    ResetOnExit reset(m_instance);
    m_instance.bind_text(1, journey);
    m_instance.bind_text(2, profile_key);
    if (!m_instance.step("read instance")) return std::nullopt;
    return read_instance(m_instance);
}

void JourneyStore::put_instance(std::string_view journey, const InstanceRecord& instance) {
    ResetOnExit reset(m_put_instance);
    m_put_instance.bind_text(1, journey);
    m_put_instance.bind_text(2, instance.profile_key);
    m_put_instance.bind_int(3, instance.version);
    m_put_instance.bind_int(4, instance.active ? 1 : 0);
    if (instance.step.empty()) {
        m_put_instance.bind_null(5);
    } else {
        m_put_instance.bind_text(5, instance.step);
    }
    if (instance.wake) {
        m_put_instance.bind_int(6, *instance.wake);
    } else {
        m_put_instance.bind_null(6);
    }
    m_put_instance.bind_int(7, instance.entries);
    m_put_instance.bind_text(8, instance.state);
    m_put_instance.run("write instance");
}

void JourneyStore::put_outbox(const OutboxMessage& message) {
    ResetOnExit reset(m_put_outbox);
    m_put_outbox.bind_text(1, message.idempotency_key);
    m_put_outbox.bind_text(2, message.journey);
    m_put_outbox.bind_text(3, message.profile_key);
    m_put_outbox.bind_text(4, message.channel);
    m_put_outbox.bind_text(5, message.template_name);
    m_put_outbox.bind_int(6, message.decided);
    m_put_outbox.bind_text(7, message.message);
    m_put_outbox.run("write outbox");
}

void JourneyStore::put_run(const JourneyRunRecord& run) {
    ResetOnExit reset(m_put_run);
    m_put_run.bind_text(1, run.journey);
    m_put_run.bind_int(2, run.version);
    m_put_run.bind_int(3, run.until);
    m_put_run.bind_int(4, run.finished);
    m_put_run.bind_int(5, run.runs);
    m_put_run.run("write journey_runs");
}

int64_t JourneyStore::add_events(std::span<const std::string> lines, UnixNanos received) {
    SqliteTransaction transaction(m_db, SqliteTransaction::Kind::Immediate);
    SqliteStatement insert = m_db.prepare("INSERT OR IGNORE INTO events (line, received_ns) VALUES (?1, ?2)");
    int64_t added = 0;
    for (const std::string& line : lines) {
        ResetOnExit reset(insert);
        insert.bind_text(1, line);
        insert.bind_int(2, received);
        insert.run("store event");
        added += m_db.changes();
    }
    transaction.commit();
    return added;
}

void JourneyStore::for_each_event(const std::function<void(std::string_view line)>& line) {
    SqliteStatement all = m_db.prepare("SELECT line FROM events ORDER BY id");
    while (all.step("read events")) line(all.column_text(0));
}

std::vector<OutboxMessage> JourneyStore::outbox_page(std::string_view after_key, size_t limit) {
    ResetOnExit reset(m_outbox_page);
    m_outbox_page.bind_text(1, after_key);
    m_outbox_page.bind_int(2, static_cast<int64_t>(limit));
    std::vector<OutboxMessage> out;
    while (m_outbox_page.step("read outbox")) out.push_back(read_outbox(m_outbox_page));
    return out;
}

int64_t JourneyStore::outbox_size(std::string_view journey) {
    SqliteStatement count = m_db.prepare("SELECT count(*) FROM outbox WHERE journey = ?1");
    count.bind_text(1, journey);
    return count.step("count outbox") ? count.column_int(0) : 0;
}

void JourneyStore::remove_outbox(std::span<const std::string> keys) {
    if (keys.empty()) return;
    SqliteTransaction transaction(m_db, SqliteTransaction::Kind::Immediate);
    for (const std::string& key : keys) {
        ResetOnExit reset(m_remove_outbox);
        m_remove_outbox.bind_text(1, key);
        m_remove_outbox.run("remove from outbox");
    }
    transaction.commit();
}

std::optional<UnixNanos> JourneyStore::next_wake() {
    SqliteStatement query = m_db.prepare("SELECT min(wake_ns) FROM instances WHERE wake_ns IS NOT NULL");
    if (!query.step("read next wake-up") || query.column_is_null(0)) return std::nullopt;
    return query.column_int(0);
}

std::vector<StepWaiting> JourneyStore::waiting(std::string_view journey) {
    SqliteStatement query = m_db.prepare(
        "SELECT step, count(*), min(wake_ns) FROM instances WHERE journey = ?1 AND active = 1 "
        "GROUP BY step ORDER BY step");
    query.bind_text(1, journey);
    std::vector<StepWaiting> out;
    while (query.step("read waiting instances")) {
        StepWaiting waiting{std::string(query.column_text(0)), query.column_int(1), std::nullopt};
        if (!query.column_is_null(2)) waiting.next_wake = query.column_int(2);
        out.push_back(std::move(waiting));
    }
    return out;
}

InstanceTotals JourneyStore::totals(std::string_view journey) {
    SqliteStatement query = m_db.prepare(
        "SELECT count(*), coalesce(sum(active), 0), coalesce(sum(entries), 0) FROM instances WHERE journey = ?1");
    query.bind_text(1, journey);
    InstanceTotals totals;
    if (query.step("count instances")) {
        totals.profiles = query.column_int(0);
        totals.inside = query.column_int(1);
        totals.entries = query.column_int(2);
    }
    return totals;
}

}  // namespace journeyctl::core::state
