// The send pipeline (see batch_sender.hpp).
#include "journeys/sending/batch_sender.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "journeys/runtime/dataset_scope.hpp"
#include "journeys/runtime/instance.hpp"
#include "journeys/runtime/message_gate.hpp"
#include "journeys/sending/ledger_outcome.hpp"
#include "journeys/sending/outgoing.hpp"

namespace journeyctl::journeys {

namespace {

using core::delivery::Classification;
using core::delivery::Delivery;
using core::state::MessageState;

// Ledger look-ups and outcome commits go in groups this large: one read
// per group of profiles, one sync per group of answers.
constexpr size_t k_lookup_group = 512;
constexpr size_t k_outcome_group = 256;

struct PendingOutcome {
    std::string key;
    MessageState state;
    std::string provider_message_id;
    std::string provider_status;
    std::string error;
    std::string fallback_channel;
};

// A channel a message may go through: the template's (link 0) or a
// fallback, with the send step the policies check it as.
struct Link {
    const core::workspace::Channel* channel;
    const core::delivery::ChannelConfig* delivery;
    CompiledStep step;
};

// A message to send through a given link of its chain, before the rest of
// the audience: a fallback after a failure in this run or a rerun.
struct ChainedMessage {
    uint32_t row;
    std::string profile;
    size_t link;
};

}  // namespace

struct BatchSender::State {
    const BatchInputs& in;
    core::state::Ledger* ledger;
    BatchFrequency frequency;

    runtime::DatasetScope scope;
    runtime::Instance instance;
    std::vector<Link> links;  // the template's channel, then its fallbacks
    runtime::PolicyGate gate;
    SendReport report;

    size_t position = 0;  // next audience index
    size_t group_start = 0;
    std::vector<std::string> group_profiles;  // profile keys of the group, looked up once
    std::vector<std::optional<core::state::MessageRecord>> group_records;
    std::unordered_set<std::string> handed_over;  // to the engine, not yet started
    std::unordered_map<std::string, ChainedMessage> in_engine;  // by message key, until its outcome
    std::deque<ChainedMessage> chained;  // fallbacks to send before the next profile
    bool outcomes_name_fallbacks = false;  // an unflushed outcome hands a message on
    std::vector<PendingOutcome> outcomes;
    BatchProgress progress;

    State(const BatchInputs& inputs, core::state::Ledger* ledger_, BatchFrequency frequency_)
        : in(inputs),
          ledger(ledger_),
          frequency(std::move(frequency_)),
          scope(*inputs.dataset, *inputs.segments, *inputs.environment, ""),
          gate({.policies = inputs.policies,
                .suppression = inputs.suppression,
                .templates = inputs.templates,
                .ledger = frequency.ledger,
                .render_content = true}) {
        links.push_back({inputs.channel, inputs.delivery_channel, send_step(inputs.channel)});
        for (const FallbackChannel& f : inputs.fallbacks) links.push_back({f.channel, f.delivery, send_step(f.channel)});
        report.audience = inputs.audience.size();
    }

    CompiledStep send_step(const core::workspace::Channel* channel) const {
        CompiledStep step;
        step.kind = ActionKind::Send;
        step.message_template = in.tmpl;
        step.channel = channel;
        return step;
    }

    size_t link_of(std::string_view delivery_channel) const {
        for (size_t i = 0; i < links.size(); ++i) {
            if (links[i].delivery->name == delivery_channel) return i;
        }
        return links.size();
    }

    std::string profile_key(uint32_t row) const {
        core::expr::Value key;
        if (!in.dataset->profiles().get(in.dataset->key_field(), row, key)) return {};
        return key.to_cell_text();
    }
    // BATCH/PROFILE through the template's channel, BATCH#CHANNEL/PROFILE
    // through a fallback: a batch id holds neither '/' nor '#', so no two
    // messages share a key, whatever the profile keys hold.
    std::string message_key(const std::string& profile, size_t link = 0) const {
        if (link == 0) return in.batch + "/" + profile;
        return in.batch + "#" + links[link].delivery->name + "/" + profile;
    }
    core::state::ResendUnknown resend() const {
        return in.resend_unknown ? core::state::ResendUnknown::Yes : core::state::ResendUnknown::No;
    }

    // What the ledger holds for the audience's next group of profiles.
    // A preview has no ledger: the records stay empty.
    void look_up_group() {
        group_start = position;
        group_profiles.clear();
        const size_t end = std::min(position + k_lookup_group, in.audience.size());
        for (size_t i = position; i < end; ++i) group_profiles.push_back(profile_key(in.audience[i]));
        group_records.assign(group_profiles.size(), std::nullopt);
        if (ledger == nullptr) return;
        std::vector<std::string> keys;
        keys.reserve(group_profiles.size());
        for (const std::string& profile : group_profiles) keys.push_back(message_key(profile));
        std::vector<std::string_view> views(keys.begin(), keys.end());
        group_records = ledger->lookup(views);
    }

    // A message the ledger says this run must not send: counted as what
    // the ledger found.
    void count_found(MessageState state, const std::string& profile, const core::state::MessageRecord* record) {
        switch (state) {
            case MessageState::Sent: report.add("already_sent"); break;
            case MessageState::Failed:
            case MessageState::Retryable:
                report.add("failed");
                report.failed.push_back({profile, record ? record->provider_status : "", record ? record->error : ""});
                break;
            default:
                report.add("ambiguous");
                report.ambiguous.push_back(profile);
                break;
        }
    }

    std::optional<Delivery> next() {
        while (true) {
            if (!chained.empty()) {
                ChainedMessage message = std::move(chained.front());
                chained.pop_front();
                if (auto delivery = make(message)) return delivery;
                continue;
            }
            if (position >= in.audience.size()) return std::nullopt;
            if (position == 0 || position - group_start >= group_profiles.size()) {
                commit_reservations();
                look_up_group();
            }
            const uint32_t row = in.audience[position];
            const std::string& profile = group_profiles[position - group_start];
            const std::optional<core::state::MessageRecord>& record = group_records[position - group_start];
            ++position;
            if (progress && (position % 256 == 0 || position == in.audience.size())) {
                progress(position, in.audience.size());
            }
            if (record && !resume(row, profile, *record)) continue;
            if (auto delivery = make({row, profile, 0})) return delivery;
        }
    }

    // A message the ledger already has: whether to send it through the
    // template's channel now (true), or not at all (counted as found), or
    // through the fallback its failed row names (queued).
    bool resume(uint32_t row, const std::string& profile, core::state::MessageRecord record) {
        size_t link = 0;
        while (true) {
            const MessageState found = core::state::state_for_rerun(record.state);
            if (core::state::may_start(found, resend())) {
                if (link == 0) return true;
                chained.push_back({row, profile, link});
                return false;
            }
            const size_t next_link = link_of(record.fallback_channel);
            if (found != MessageState::Failed || record.fallback_channel.empty() || next_link <= link ||
                next_link >= links.size()) {
                count_found(found, profile, &record);
                return false;
            }
            link = next_link;
            commit_reservations();  // a reservation group must not span a ledger read
            const std::string key = message_key(profile, link);
            const std::string_view keys[] = {key};
            std::optional<core::state::MessageRecord> there = ledger->lookup(keys).front();
            if (!there) {
                chained.push_back({row, profile, link});
                return false;
            }
            record = std::move(*there);
        }
    }

    // The message through `chained.link`, if the policies let it go there:
    // a fallback is checked again (its consent rule, its address), with
    // the reservation the message made first (one message counts once).
    std::optional<Delivery> make(const ChainedMessage& chained_message) {
        const Link& link = links[chained_message.link];
        const std::string& profile = chained_message.profile;
        const std::string first_key = message_key(profile);
        scope.reset(chained_message.row);
        const core::expr::Activation& activation = scope.bind(instance, in.now);
        frequency.set_key(first_key);
        const runtime::MessageVerdict verdict = gate.check(link.step, activation, profile, in.now);
        if (verdict.decision.verdict != Verdict::Allowed) {
            if (chained_message.link > 0) release(first_key);
            report.add(verdict.decision.verdict == Verdict::DelayedQuietHours
                           ? std::string("deferred_quiet_hours")
                           : std::string(verdict_name(verdict.decision.verdict)));
            return std::nullopt;
        }
        const Message& message = *verdict.content;
        if (!message.problems.empty()) {
            // An expression that fails for this profile: the message
            // would go out broken, so it does not go out.
            release(first_key);
            report.add("failed");
            report.failed.push_back({profile, "", "the template did not render: " + message.problems.front().message});
            return std::nullopt;
        }
        Delivery delivery;
        delivery.channel = link.delivery->name;
        const std::string key = message_key(profile, chained_message.link);
        delivery.message = outgoing_message(message, *link.delivery,
                                            {.idempotency_key = key,
                                             .profile_key = profile,
                                             .batch = in.batch,
                                             .template_name = in.tmpl->name.value,
                                             .now = in.now,
                                             .env = in.env});
        in_engine.insert_or_assign(key, chained_message);
        return delivery;
    }

    void release(const std::string& key) { frequency.release(key); }
    void commit_reservations() {
        if (frequency.commit) frequency.commit();
    }

    // Records the group as started; the messages another run holds are
    // left out and counted as found.
    std::vector<size_t> before_send(std::span<const Delivery* const> group) {
        commit_reservations();  // the engine's pulled hook did; a group must not be open here
        // A fallback's start must not reach the disk before the failure
        // that handed it on: a crash between them would leave the first
        // row started (ambiguous) and hide the fallback from a rerun.
        if (outcomes_name_fallbacks) flush_outcomes();
        std::vector<core::state::StartedMessage> started;
        started.reserve(group.size());
        for (const Delivery* d : group) {
            handed_over.erase(d->message.idempotency_key);
            started.push_back({d->message.idempotency_key, in.batch, d->message.profile_key, d->channel,
                               in.tmpl->name.value});
        }
        const auto refused = ledger->record_started(started, core::state::unix_nanos_now(), resend());
        std::vector<size_t> dropped;
        for (const core::state::NotStarted& n : refused) {
            count_found(n.state, group[n.index]->message.profile_key, nullptr);
            in_engine.erase(group[n.index]->message.idempotency_key);
            dropped.push_back(n.index);
        }
        return dropped;
    }

    // `attempts` 0: the request could not even be built, so the message
    // was never recorded started; it is reported, and not recorded now
    // either (the ledger takes outcomes of started messages only).
    void on_outcome(const Delivery& delivery, const Classification& c, int attempts) {
        const std::string& key = delivery.message.idempotency_key;
        handed_over.erase(key);
        const auto found = in_engine.find(key);
        const std::optional<ChainedMessage> chained_message =
            found == in_engine.end() ? std::nullopt : std::optional<ChainedMessage>(std::move(found->second));
        if (found != in_engine.end()) in_engine.erase(found);
        const size_t link = chained_message ? chained_message->link : 0;
        const MessageState state = ledger_state(c.disposition);
        const std::string& profile = delivery.message.profile_key;
        const std::string error = without_secrets(c.error, *links[link].delivery);
        const bool falls_back = state == MessageState::Failed && !c.recipient_problem && chained_message &&
                                link + 1 < links.size() && attempts > 0;
        if (falls_back) {
            ++report.fell_back;
            chained.push_back({chained_message->row, profile, link + 1});
            outcomes_name_fallbacks = true;
        } else {
            switch (state) {
                case MessageState::Sent: report.add("sent"); break;
                case MessageState::Ambiguous:
                    report.add("ambiguous");
                    report.ambiguous.push_back(profile);
                    break;
                default:
                    report.add("failed");
                    report.failed.push_back({profile, c.provider_status, error});
                    release(message_key(profile));
                    break;
            }
        }
        if (attempts == 0) return;
        outcomes.push_back({key, state, c.provider_message_id, c.provider_status, error,
                            falls_back ? links[link + 1].delivery->name : std::string()});
        if (outcomes.size() >= k_outcome_group) flush_outcomes();
    }

    void flush_outcomes() {
        if (outcomes.empty() || ledger == nullptr) return;
        commit_reservations();
        std::vector<core::state::MessageOutcome> group;
        group.reserve(outcomes.size());
        for (const PendingOutcome& o : outcomes) {
            group.push_back({o.key, o.state, o.provider_message_id, o.provider_status, o.error, o.fallback_channel});
        }
        ledger->record_outcomes(group, core::state::unix_nanos_now());
        outcomes.clear();
        outcomes_name_fallbacks = false;
    }
};

BatchSender::BatchSender(const BatchInputs& inputs, core::state::Ledger* ledger, BatchFrequency frequency)
    : m_state(std::make_unique<State>(inputs, ledger, std::move(frequency))) {}

BatchSender::~BatchSender() = default;

SendReport BatchSender::send(core::delivery::Delivering& engine, const BatchProgress& progress) {
    State& s = *m_state;
    s.progress = progress;
    core::delivery::EngineHooks hooks;
    hooks.next = [&s]() -> std::optional<Delivery> {
        auto delivery = s.next();
        if (delivery) s.handed_over.insert(delivery->message.idempotency_key);
        return delivery;
    };
    hooks.pulled = [&s]() { s.commit_reservations(); };
    hooks.before_send = [&s](std::span<const Delivery* const> group) { return s.before_send(group); };
    hooks.on_outcome = [&s](const Delivery& delivery, const Classification& c, int attempts) {
        s.on_outcome(delivery, c, attempts);
    };
    core::delivery::EngineSummary summary;
    try {
        summary = engine.run(hooks);
    } catch (...) {
        s.flush_outcomes();
        throw;
    }
    s.commit_reservations();
    s.flush_outcomes();
    // Reserved for a message that the engine never started (a stop): the
    // cap gives it back, and the report says so.
    for (const std::string& key : s.handed_over) {
        const auto found = s.in_engine.find(key);
        s.release(found == s.in_engine.end() ? key : s.message_key(found->second.profile));
        s.report.add("not_started");
    }
    // Handed on to a fallback that a stop kept from starting: the failed
    // row names the fallback, so a rerun sends it there.
    for (const ChainedMessage& message : s.chained) {
        s.release(s.message_key(message.profile));
        s.report.add("not_started");
    }
    s.report.interrupted = summary.stopped;
    return std::move(s.report);
}

SendReport BatchSender::preview(const std::function<void(const core::delivery::OutgoingMessage&)>& emit) {
    State& s = *m_state;
    while (auto delivery = s.next()) {
        emit(delivery->message);
        s.report.add("sent");
    }
    return std::move(s.report);
}

}  // namespace journeyctl::journeys
