#include "journeys/running/journey_runner.hpp"

#include "journeys/messages/message_json.hpp"
#include "journeys/policy/stored_frequency_ledger.hpp"
#include "journeys/runtime/stored_time.hpp"

namespace journeyctl::journeys {

namespace {

// Makes the frequency counters write into the run's transaction, and
// stops it on every way out.
class JoinedCounters {
public:
    explicit JoinedCounters(core::state::FrequencyCounters& counters) : m_counters(counters) {
        m_counters.join_caller_transaction(true);
    }
    ~JoinedCounters() { m_counters.join_caller_transaction(false); }
    JoinedCounters(const JoinedCounters&) = delete;
    JoinedCounters& operator=(const JoinedCounters&) = delete;

private:
    core::state::FrequencyCounters& m_counters;
};

}  // namespace

JourneyRunResult advance_journey(core::state::StateStore& store, SimulationInputs inputs, Timestamp since,
                                 Timestamp until) {
    const CompiledJourney& journey = *inputs.journey;
    JourneyRunResult result;
    result.journey = journey.name();
    result.until = until;
    core::state::JourneyStore& journeys = store.journeys();

    // The write lock from the first read: no other writer can move this
    // journey's state between what the run reads and what it commits.
    core::state::SqliteTransaction transaction(store.database(), core::state::SqliteTransaction::Kind::Immediate);
    const std::optional<core::state::JourneyRunRecord> last = journeys.last_run(journey.name());
    result.first_run = !last;
    if (last) result.reached = from_unix_nanos(last->until);
    result.from = last ? from_unix_nanos(last->until + 1) : since;
    if (until < result.from) {
        result.up_to_date = true;
        return result;
    }

    JoinedCounters joined(store.frequency());
    StoredFrequencyLedger frequency(store.frequency());
    StoredRunState state(journeys, frequency, *inputs.dataset, journey, result.from, until, !last.has_value());
    inputs.run_state = &state;
    SimulationOptions options;
    options.from = result.from;
    options.until = until;
    options.threads = 1;
    options.collect_messages = true;
    options.render_messages = true;
    SimulationResult simulated = simulate(inputs, options);
    state.flush();

    for (const MessageAttempt& attempt : simulated.messages) {
        if (attempt.outcome != Outcome::Sent || !attempt.content) continue;
        const std::optional<int64_t> decided = exact_unix_nanos(attempt.time);
        journeys.put_outbox({attempt.key, journey.name(), attempt.profile, attempt.channel, attempt.template_name,
                             decided.value_or(0), message_to_json(*attempt.content).dump()});
        ++result.queued;
    }
    journeys.put_run({journey.name(), journey.version, bounded_unix_nanos(until), core::state::unix_nanos_now(),
                      last ? last->runs + 1 : 1});
    transaction.commit();

    result.report = std::move(simulated.report);
    result.driven = state.rows().size();
    result.state = state.counts();
    return result;
}

}  // namespace journeyctl::journeys
