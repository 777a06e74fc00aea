#include "core/state/ledger.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <unordered_set>

namespace journeyctl::core::state {

namespace {

constexpr const char* k_columns =
    "idempotency_key, batch, profile_key, channel, template, state, attempts, provider_message_id, "
    "provider_status, error, first_started_ns, last_updated_ns, fallback_channel";

// `text` cut to `limit` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view text, size_t limit) {
    if (text.size() <= limit) return text;
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

void bind_optional_text(SqliteStatement& statement, int index, std::string_view text) {
    if (text.empty()) {
        statement.bind_null(index);
    } else {
        statement.bind_text(index, cut_utf8(text, k_max_detail_bytes));
    }
}

MessageState stored_state(const SqliteStatement& statement, int column) {
    const std::string_view name = statement.column_text(column);
    if (auto state = parse_message_state(name)) return *state;
    // The table's CHECK admits no other name.
    throw SqliteError("read ledger", "unknown message state '" + std::string(name) + "'");
}

MessageRecord read_record(const SqliteStatement& row) {
    MessageRecord record;
    record.idempotency_key = row.column_text(0);
    record.batch = row.column_text(1);
    record.profile_key = row.column_text(2);
    record.channel = row.column_text(3);
    record.template_name = row.column_text(4);
    record.state = stored_state(row, 5);
    record.attempts = row.column_int(6);
    record.provider_message_id = row.column_text(7);
    record.provider_status = row.column_text(8);
    record.error = row.column_text(9);
    record.first_started = row.column_int(10);
    record.last_updated = row.column_int(11);
    record.fallback_channel = row.column_text(12);
    return record;
}

// Runs `update` (?1 the key, ?2 the time) on one message.
void run_keyed_update(SqliteStatement& update, std::string_view key, UnixNanos now, std::string_view operation) {
    ResetOnExit reset(update);
    update.bind_text(1, key);
    update.bind_int(2, now);
    update.run(operation);
}

}  // namespace

int64_t StateCounts::total() const {
    int64_t sum = 0;
    for (const int64_t count : by_state) sum += count;
    return sum;
}

Ledger::Ledger(SqliteDatabase& db)
    : m_db(db),
      m_select(db.prepare(std::string("SELECT ") + k_columns + " FROM messages WHERE idempotency_key = ?1")),
      m_insert_started(db.prepare(std::string("INSERT INTO messages (") + k_columns +
                                  ") VALUES (?1, ?2, ?3, ?4, ?5, 'started', 1, NULL, NULL, NULL, ?6, ?6, NULL)")),
      m_restart(db.prepare("UPDATE messages SET state = 'started', attempts = attempts + 1, "
                           "provider_message_id = NULL, provider_status = NULL, error = NULL, fallback_channel = NULL, "
                           "last_updated_ns = ?2 "
                           "WHERE idempotency_key = ?1")),
      m_mark_ambiguous(db.prepare("UPDATE messages SET state = 'ambiguous', last_updated_ns = ?2 "
                                  "WHERE idempotency_key = ?1")),
      m_record_outcome(db.prepare("UPDATE messages SET state = ?2, provider_message_id = ?3, provider_status = ?4, "
                                  "error = ?5, last_updated_ns = ?6, fallback_channel = ?7 WHERE idempotency_key = ?1")),
      m_keys_in_state(db.prepare("SELECT idempotency_key FROM messages WHERE batch = ?1 AND state = ?2 "
                                 "AND idempotency_key > ?3 ORDER BY idempotency_key LIMIT ?4")),
      m_count_by_state(db.prepare("SELECT state, count(*) FROM messages WHERE batch = ?1 GROUP BY state")) {}

std::vector<std::optional<MessageRecord>> Ledger::lookup(std::span<const std::string_view> keys) {
    std::vector<std::optional<MessageRecord>> found;
    found.reserve(keys.size());
    SqliteTransaction snapshot(m_db, SqliteTransaction::Kind::Deferred);
    for (const std::string_view key : keys) {
        ResetOnExit reset(m_select);
        m_select.bind_text(1, key);
        if (m_select.step("look up message")) {
            found.emplace_back(read_record(m_select));
        } else {
            found.emplace_back(std::nullopt);
        }
    }
    snapshot.commit();
    return found;
}

std::vector<NotStarted> Ledger::record_started(std::span<const StartedMessage> messages, UnixNanos now,
                                               ResendUnknown resend) {
    std::vector<NotStarted> not_started;
    std::unordered_set<std::string_view> seen;
    m_db.set_synchronous(SqliteDatabase::Synchronous::Full);  // durable before the requests leave
    SqliteTransaction transaction(m_db, SqliteTransaction::Kind::Immediate);
    for (size_t i = 0; i < messages.size(); ++i) {
        const StartedMessage& message = messages[i];
        if (message.idempotency_key.empty()) throw std::invalid_argument("a message has an empty idempotency key");
        if (!seen.insert(message.idempotency_key).second) {
            throw std::invalid_argument("idempotency key '" + std::string(message.idempotency_key) +
                                        "' given twice in one group");
        }
        std::optional<MessageState> found;
        {
            ResetOnExit reset(m_select);
            m_select.bind_text(1, message.idempotency_key);
            if (m_select.step("look up message")) found = stored_state(m_select, 5);
        }
        if (!found) {
            ResetOnExit reset(m_insert_started);
            m_insert_started.bind_text(1, message.idempotency_key);
            m_insert_started.bind_text(2, message.batch);
            m_insert_started.bind_text(3, message.profile_key);
            m_insert_started.bind_text(4, message.channel);
            m_insert_started.bind_text(5, message.template_name);
            m_insert_started.bind_int(6, now);
            m_insert_started.run("record message started");
            continue;
        }
        if (may_start(found, resend)) {
            run_keyed_update(m_restart, message.idempotency_key, now, "record message started");
        } else if (*found == MessageState::Started) {
            run_keyed_update(m_mark_ambiguous, message.idempotency_key, now, "record message ambiguous");
            not_started.push_back({i, MessageState::Ambiguous});
        } else {
            not_started.push_back({i, *found});
        }
    }
    transaction.commit();
    return not_started;
}

void Ledger::record_outcomes(std::span<const MessageOutcome> outcomes, UnixNanos now) {
    m_db.set_synchronous(SqliteDatabase::Synchronous::Full);
    SqliteTransaction transaction(m_db, SqliteTransaction::Kind::Immediate);
    for (const MessageOutcome& outcome : outcomes) {
        if (outcome.state == MessageState::Started) {
            throw std::invalid_argument("'started' is not an outcome (message '" +
                                        std::string(outcome.idempotency_key) + "')");
        }
        ResetOnExit reset(m_record_outcome);
        m_record_outcome.bind_text(1, outcome.idempotency_key);
        m_record_outcome.bind_text(2, message_state_name(outcome.state));
        bind_optional_text(m_record_outcome, 3, outcome.provider_message_id);
        bind_optional_text(m_record_outcome, 4, outcome.provider_status);
        bind_optional_text(m_record_outcome, 5, outcome.error);
        m_record_outcome.bind_int(6, now);
        bind_optional_text(m_record_outcome, 7, outcome.fallback_channel);
        m_record_outcome.run("record message outcome");
        if (m_db.changes() == 0) {
            throw std::invalid_argument("no message with idempotency key '" + std::string(outcome.idempotency_key) +
                                        "' was started");
        }
    }
    transaction.commit();
}

std::vector<std::string> Ledger::keys_in_state(std::string_view batch, MessageState state,
                                               std::string_view after_key, size_t limit) {
    std::vector<std::string> keys;
    ResetOnExit reset(m_keys_in_state);
    m_keys_in_state.bind_text(1, batch);
    m_keys_in_state.bind_text(2, message_state_name(state));
    m_keys_in_state.bind_text(3, after_key);
    m_keys_in_state.bind_int(4, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    while (m_keys_in_state.step("list messages by state")) keys.emplace_back(m_keys_in_state.column_text(0));
    return keys;
}

StateCounts Ledger::count_by_state(std::string_view batch) {
    StateCounts counts;
    ResetOnExit reset(m_count_by_state);
    m_count_by_state.bind_text(1, batch);
    while (m_count_by_state.step("count messages by state")) {
        counts.by_state[static_cast<size_t>(stored_state(m_count_by_state, 0))] = m_count_by_state.column_int(1);
    }
    return counts;
}

std::vector<MessageRecord> Ledger::latest_in_state(std::string_view batch, MessageState state, size_t limit) {
    SqliteStatement query = m_db.prepare(std::string("SELECT ") + k_columns +
                                         " FROM messages WHERE batch = ?1 AND state = ?2 "
                                         "ORDER BY last_updated_ns DESC, idempotency_key LIMIT ?3");
    query.bind_text(1, batch);
    query.bind_text(2, message_state_name(state));
    query.bind_int(3, static_cast<int64_t>(limit));
    std::vector<MessageRecord> out;
    while (query.step("read ledger")) out.push_back(read_record(query));
    return out;
}

}  // namespace journeyctl::core::state
