// The send pipeline (see batch_sender.hpp).
#include "journeys/sending/batch_sender.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/util/escape.hpp"
#include "journeys/runtime/dataset_scope.hpp"
#include "journeys/runtime/instance.hpp"
#include "journeys/runtime/message_gate.hpp"
#include "journeys/sending/outgoing.hpp"

namespace journeyctl::journeys {

namespace {

using core::delivery::Classification;
using core::delivery::Delivery;
using core::delivery::Disposition;
using core::state::MessageState;

// Ledger look-ups and outcome commits go in groups this large: one read
// per group of profiles, one sync per group of answers.
constexpr size_t k_lookup_group = 512;
constexpr size_t k_outcome_group = 256;

MessageState stored_state(Disposition disposition) {
    switch (disposition) {
        case Disposition::Sent: return MessageState::Sent;
        case Disposition::Retry: return MessageState::Retryable;
        case Disposition::Permanent: return MessageState::Failed;
        case Disposition::Ambiguous: return MessageState::Ambiguous;
    }
    return MessageState::Ambiguous;
}

// The provider's words may quote the request; a secret of the channel
// must not reach the report or the ledger even then.
std::string without_secrets(std::string text, const core::delivery::ChannelConfig& channel) {
    for (const std::string& secret : channel.secrets) {
        if (secret.empty()) continue;
        for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
            text.replace(at, secret.size(), "[redacted]");
            at += 10;
        }
    }
    return core::util::escape_controls(text);
}

struct PendingOutcome {
    std::string key;
    MessageState state;
    std::string provider_message_id;
    std::string provider_status;
    std::string error;
};

}  // namespace

struct BatchSender::State {
    const BatchInputs& in;
    core::state::Ledger* ledger;
    BatchFrequency frequency;

    runtime::DatasetScope scope;
    runtime::Instance instance;
    CompiledStep step;
    runtime::PolicyGate gate;
    SendReport report;

    size_t position = 0;  // next audience index
    size_t group_start = 0;
    std::vector<std::string> group_profiles;  // profile keys of the group, looked up once
    std::vector<std::optional<core::state::MessageRecord>> group_records;
    std::unordered_set<std::string> handed_over;  // to the engine, not yet started
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
        step.kind = ActionKind::Send;
        step.message_template = inputs.tmpl;
        step.channel = inputs.channel;
        report.audience = inputs.audience.size();
    }

    std::string profile_key(uint32_t row) const {
        core::expr::Value key;
        if (!in.dataset->profiles().get(in.dataset->key_field(), row, key)) return {};
        return key.to_cell_text();
    }
    std::string message_key(const std::string& profile) const { return in.batch + "/" + profile; }
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
        while (position < in.audience.size()) {
            if (position == 0 || position - group_start >= group_profiles.size()) look_up_group();
            const uint32_t row = in.audience[position];
            const std::string& profile = group_profiles[position - group_start];
            const std::optional<core::state::MessageRecord>& record = group_records[position - group_start];
            ++position;
            if (progress && (position % 256 == 0 || position == in.audience.size())) {
                progress(position, in.audience.size());
            }
            const std::string key = message_key(profile);
            if (record) {
                const MessageState found = core::state::state_for_rerun(record->state);
                if (!core::state::may_start(found, resend())) {
                    count_found(found, profile, &*record);
                    continue;
                }
            }
            scope.reset(row);
            const core::expr::Activation& activation = scope.bind(instance, in.now);
            frequency.set_key(key);
            const runtime::MessageVerdict verdict = gate.check(step, activation, profile, in.now);
            if (verdict.decision.verdict != Verdict::Allowed) {
                report.add(verdict.decision.verdict == Verdict::DelayedQuietHours
                               ? std::string("deferred_quiet_hours")
                               : std::string(verdict_name(verdict.decision.verdict)));
                continue;
            }
            const Message& message = *verdict.content;
            if (!message.problems.empty()) {
                // An expression that fails for this profile: the message
                // would go out broken, so it does not go out.
                release(key);
                report.add("failed");
                report.failed.push_back({profile, "", "the template did not render: " + message.problems.front().message});
                continue;
            }
            Delivery delivery;
            delivery.channel = in.delivery_channel->name;
            delivery.message = outgoing_message(message, *in.delivery_channel,
                                                {.idempotency_key = key,
                                                 .profile_key = profile,
                                                 .batch = in.batch,
                                                 .template_name = in.tmpl->name.value,
                                                 .now = in.now,
                                                 .env = in.env});
            return delivery;
        }
        return std::nullopt;
    }

    void release(const std::string& key) { frequency.release(key); }

    // Records the group as started; the messages another run holds are
    // left out and counted as found.
    std::vector<size_t> before_send(std::span<const Delivery* const> group) {
        std::vector<core::state::StartedMessage> started;
        started.reserve(group.size());
        for (const Delivery* d : group) {
            handed_over.erase(d->message.idempotency_key);
            started.push_back({d->message.idempotency_key, in.batch, d->message.profile_key, in.delivery_channel->name,
                               in.tmpl->name.value});
        }
        const auto refused = ledger->record_started(started, core::state::unix_nanos_now(), resend());
        std::vector<size_t> dropped;
        for (const core::state::NotStarted& n : refused) {
            count_found(n.state, group[n.index]->message.profile_key, nullptr);
            dropped.push_back(n.index);
        }
        return dropped;
    }

    // `attempts` 0: the request could not even be built, so the message
    // was never recorded started; it is reported, and not recorded now
    // either (the ledger takes outcomes of started messages only).
    void on_outcome(const Delivery& delivery, const Classification& c, int attempts) {
        handed_over.erase(delivery.message.idempotency_key);
        const MessageState state = stored_state(c.disposition);
        const std::string& profile = delivery.message.profile_key;
        const std::string error = without_secrets(c.error, *in.delivery_channel);
        switch (state) {
            case MessageState::Sent: report.add("sent"); break;
            case MessageState::Ambiguous:
                report.add("ambiguous");
                report.ambiguous.push_back(profile);
                break;
            default:
                report.add("failed");
                report.failed.push_back({profile, c.provider_status, error});
                release(delivery.message.idempotency_key);
                break;
        }
        if (attempts == 0) return;
        outcomes.push_back({delivery.message.idempotency_key, state, c.provider_message_id, c.provider_status, error});
        if (outcomes.size() >= k_outcome_group) flush_outcomes();
    }

    void flush_outcomes() {
        if (outcomes.empty() || ledger == nullptr) return;
        std::vector<core::state::MessageOutcome> group;
        group.reserve(outcomes.size());
        for (const PendingOutcome& o : outcomes) {
            group.push_back({o.key, o.state, o.provider_message_id, o.provider_status, o.error});
        }
        ledger->record_outcomes(group, core::state::unix_nanos_now());
        outcomes.clear();
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
    s.flush_outcomes();
    // Reserved for a message that the engine never started (a stop): the
    // cap gives it back, and the report says so.
    for (const std::string& key : s.handed_over) {
        s.release(key);
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
