// Delivering a run's outbox (see outbox_sender.hpp).
#include "journeys/running/outbox_sender.hpp"

#include <deque>
#include <unordered_map>

#include "core/diag/errors.hpp"
#include "journeys/messages/message_json.hpp"
#include "journeys/runtime/message_key.hpp"
#include "journeys/runtime/stored_time.hpp"
#include "journeys/sending/ledger_outcome.hpp"
#include "journeys/sending/outgoing.hpp"

namespace journeyctl::journeys {

namespace {

using core::delivery::Classification;
using core::delivery::Delivery;
using core::state::MessageState;
using core::state::OutboxMessage;

constexpr size_t k_page = 256;
constexpr size_t k_outcome_group = 256;
constexpr size_t k_failures_kept = 10;

struct PendingOutcome {
    std::string key;
    MessageState state;
    std::string provider_message_id;
    std::string provider_status;
    std::string error;
};

class OutboxRun {
public:
    OutboxRun(core::state::StateStore& store, const OutboxInputs& inputs) : m_store(store), m_inputs(inputs) {}

    std::optional<Delivery> next() {
        while (true) {
            if (m_page.empty() && !fill_page()) return std::nullopt;
            OutboxMessage message = std::move(m_page.front());
            m_page.pop_front();
            const auto channel = m_inputs.channels.find(message.channel);
            if (channel == m_inputs.channels.end()) {
                ++m_report.unknown_channel;
                continue;
            }
            Message content;
            try {
                content = message_from_json(nlohmann::json::parse(message.message));
            } catch (const std::exception& e) {  // JSON, or a kind this binary does not know
                throw core::ConfigError("the state database's outbox holds a message that cannot be read (" +
                                        message.idempotency_key + "): " + e.what());
            }
            OutgoingInputs outgoing{message.idempotency_key, message.profile_key, runtime::journey_batch(message.journey),
                                    message.template_name, from_unix_nanos(message.decided), m_inputs.env};
            Delivery delivery{message.channel, outgoing_message(content, *channel->second, outgoing)};
            m_in_engine.emplace(message.idempotency_key, std::move(message));
            return delivery;
        }
    }

    std::vector<size_t> before_send(std::span<const Delivery* const> group) {
        // The ledger's views must outlive the call: the batch names live here.
        std::vector<std::string> batches;
        batches.reserve(group.size());
        std::vector<core::state::StartedMessage> started;
        started.reserve(group.size());
        for (const Delivery* d : group) {
            const OutboxMessage& m = m_in_engine.at(d->message.idempotency_key);
            batches.push_back(runtime::journey_batch(m.journey));
            started.push_back({m.idempotency_key, batches.back(), m.profile_key, m.channel, m.template_name});
        }
        const auto refused =
            m_store.ledger().record_started(started, core::state::unix_nanos_now(), core::state::ResendUnknown::No);
        std::vector<size_t> dropped;
        std::vector<std::string> settled;
        for (const core::state::NotStarted& n : refused) {
            const std::string& key = group[n.index]->message.idempotency_key;
            count_settled(n.state);
            settled.push_back(key);
            m_in_engine.erase(key);
            dropped.push_back(n.index);
        }
        m_store.journeys().remove_outbox(settled);
        return dropped;
    }

    void on_outcome(const Delivery& delivery, const Classification& c, int attempts) {
        const std::string& key = delivery.message.idempotency_key;
        const auto found = m_in_engine.find(key);
        const OutboxMessage message = std::move(found->second);
        m_in_engine.erase(found);
        const MessageState state = ledger_state(c.disposition);
        const std::string error = without_secrets(c.error, *m_inputs.channels.at(message.channel));
        switch (state) {
            case MessageState::Sent: ++m_report.sent; break;
            case MessageState::Ambiguous: ++m_report.ambiguous; break;
            case MessageState::Retryable: ++m_report.retryable; break;
            default: ++m_report.failed; break;
        }
        if (state != MessageState::Sent && m_report.failures.size() < k_failures_kept) {
            m_report.failures.push_back({message.journey, message.profile_key, c.provider_status, error});
        }
        // Never started (its request could not be built): nothing to record.
        if (attempts == 0) return;
        m_outcomes.push_back({key, state, c.provider_message_id, c.provider_status, error});
        if (m_outcomes.size() >= k_outcome_group) flush();
    }

    // Outcomes to the ledger (one synced commit), then the settled
    // messages out of the outbox: a crash between the two leaves them in
    // the outbox, settled in the ledger, and the next run removes them.
    void flush() {
        if (m_outcomes.empty()) return;
        std::vector<core::state::MessageOutcome> group;
        std::vector<std::string> settled;
        for (const PendingOutcome& o : m_outcomes) {
            group.push_back({o.key, o.state, o.provider_message_id, o.provider_status, o.error});
            if (o.state != MessageState::Retryable) settled.push_back(o.key);
        }
        m_store.ledger().record_outcomes(group, core::state::unix_nanos_now());
        m_store.journeys().remove_outbox(settled);
        m_outcomes.clear();
    }

    OutboxReport& report() { return m_report; }

private:
    // The next page of the outbox, without the messages the ledger has
    // settled already. False when the outbox has no more.
    bool fill_page() {
        while (m_page.empty()) {
            std::vector<OutboxMessage> page = m_store.journeys().outbox_page(m_after_key, k_page);
            if (page.empty()) return false;
            m_after_key = page.back().idempotency_key;
            std::vector<std::string_view> keys;
            keys.reserve(page.size());
            for (const OutboxMessage& m : page) keys.push_back(m.idempotency_key);
            const auto found = m_store.ledger().lookup(keys);
            std::vector<std::string> settled;
            for (size_t i = 0; i < page.size(); ++i) {
                // One found started goes on to record_started, which turns
                // it ambiguous in the ledger (and withholds it), so that
                // the ledger says what became of it.
                const bool started = found[i] && found[i]->state == MessageState::Started;
                const std::optional<MessageState> stored =
                    found[i] ? std::optional(found[i]->state) : std::nullopt;
                if (started || core::state::may_start(stored, core::state::ResendUnknown::No)) {
                    m_page.push_back(std::move(page[i]));
                } else {
                    ++m_report.settled_earlier;
                    settled.push_back(page[i].idempotency_key);
                }
            }
            m_store.journeys().remove_outbox(settled);
        }
        return true;
    }

    void count_settled(MessageState state) {
        if (state == MessageState::Ambiguous) {
            ++m_report.ambiguous;
        } else {
            ++m_report.settled_earlier;
        }
    }

    core::state::StateStore& m_store;
    const OutboxInputs& m_inputs;
    std::deque<OutboxMessage> m_page;
    std::string m_after_key;
    std::unordered_map<std::string, OutboxMessage> m_in_engine;
    std::vector<PendingOutcome> m_outcomes;
    OutboxReport m_report;
};

}  // namespace

OutboxReport send_outbox(core::state::StateStore& store, core::delivery::Delivering& engine,
                         const OutboxInputs& inputs) {
    OutboxRun run(store, inputs);
    core::delivery::EngineHooks hooks;
    hooks.next = [&run] { return run.next(); };
    hooks.pulled = [] {};
    hooks.before_send = [&run](std::span<const Delivery* const> group) { return run.before_send(group); };
    hooks.on_outcome = [&run](const Delivery& d, const Classification& c, int attempts) {
        run.on_outcome(d, c, attempts);
    };
    core::delivery::EngineSummary summary;
    try {
        summary = engine.run(hooks);
    } catch (...) {
        run.flush();
        throw;
    }
    run.flush();
    run.report().interrupted = summary.stopped;
    return run.report();
}

}  // namespace journeyctl::journeys
