// What `run` keeps between invocations and `status` reads (schema
// version 4, journeyctl(5) STATE DATABASE): per journey the instant its
// runs have handled time up to; per profile and journey its instance, as
// the JSON the journeys layer writes (this module does not read it); the
// outbox of messages decided but not yet settled by the send ledger; the
// events received through `run --events`, as the JSON lines they came as.
//
// Writes happen inside the caller's transaction (StateStore::database(),
// SqliteTransaction), so that a run commits the instances it moved, the
// messages they decided and the instant it reached together: a crash
// before that commit leaves the previous run's state, after it the new
// one, never half of each.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/state/sqlite.hpp"
#include "core/state/unix_nanos.hpp"

namespace journeyctl::core::state {

struct JourneyRunRecord {
    std::string journey;
    int64_t version = 0;        // the journey's step fingerprint at that run
    UnixNanos until = 0;        // logical time handled up to, inclusive
    UnixNanos finished = 0;     // wall clock when that run committed
    int64_t runs = 0;           // runs so far
};

struct InstanceRecord {
    std::string profile_key;
    int64_t version = 0;
    bool active = false;
    std::string step;                // empty: none (not inside)
    std::optional<UnixNanos> wake;   // the next timer while inside
    int64_t entries = 0;
    std::string state;               // JSON, the journeys layer's
};

struct OutboxMessage {
    std::string idempotency_key;
    std::string journey;
    std::string profile_key;
    std::string channel;
    std::string template_name;
    UnixNanos decided = 0;  // the logical instant the message was decided at
    std::string message;    // the rendered message as JSON, the journeys layer's
};

struct StepWaiting {
    std::string step;
    int64_t profiles = 0;
    std::optional<UnixNanos> next_wake;
};

struct InstanceTotals {
    int64_t profiles = 0;  // profiles that ever entered
    int64_t inside = 0;
    int64_t entries = 0;
};

class JourneyStore {
public:
    explicit JourneyStore(SqliteDatabase& db);

    std::optional<JourneyRunRecord> last_run(std::string_view journey);
    std::vector<JourneyRunRecord> runs();  // every journey that ran, by name

    // The instances inside `journey` whose next timer is at or before
    // `until`, read in one pass (a run reads them all anyway).
    std::vector<InstanceRecord> due_instances(std::string_view journey, UnixNanos until);
    std::optional<InstanceRecord> instance(std::string_view journey, std::string_view profile_key);

    // Inside the caller's transaction.
    void put_instance(std::string_view journey, const InstanceRecord& instance);
    void put_outbox(const OutboxMessage& message);
    void put_run(const JourneyRunRecord& run);

    // The outbox in key order, `limit` at a time after `after_key`.
    std::vector<OutboxMessage> outbox_page(std::string_view after_key, size_t limit);

    // Keeps each line once (one transaction); returns how many were new.
    int64_t add_events(std::span<const std::string> lines, UnixNanos received);
    // Calls `line` for every stored event, in the order received.
    void for_each_event(const std::function<void(std::string_view line)>& line);
    int64_t outbox_size(std::string_view journey);
    void remove_outbox(std::span<const std::string> keys);  // one transaction

    // The earliest wake-up of any instance inside any journey.
    std::optional<UnixNanos> next_wake();

    // For `status`.
    std::vector<StepWaiting> waiting(std::string_view journey);
    InstanceTotals totals(std::string_view journey);

private:
    SqliteDatabase& m_db;
    SqliteStatement m_last_run;
    SqliteStatement m_put_run;
    SqliteStatement m_due;
    SqliteStatement m_instance;
    SqliteStatement m_put_instance;
    SqliteStatement m_put_outbox;
    SqliteStatement m_outbox_page;
    SqliteStatement m_remove_outbox;
};

}  // namespace journeyctl::core::state
