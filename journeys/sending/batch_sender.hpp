// One `send` batch: a template to an audience, through the same rendering
// and policies as dry-run (runtime/message_gate.hpp's PolicyGate over a
// DatasetScope at `now`), then to delivery with the send ledger around
// every request. Per profile, in audience order:
//   1. the ledger first: a message the batch already sent, or that failed
//      for good, or that may have arrived (ambiguous) is not sent again
//      (ambiguous ones only with --resend-unknown);
//   2. render and check the policies, which reserve an allowed message in
//      the frequency counters, keyed by the message so that a retry or a
//      rerun never counts twice;
//   3. hand it to the delivery engine, which calls back before its first
//      request leaves: the batch records it `started` there (a group per
//      call, one commit), so a process killed at any instant leaves no
//      message that may have gone out unrecorded;
//   4. record the outcome; a message that reached nobody (failed, or
//      retryable after the last attempt) gives its cap reservation back,
//      unless it failed for good for a reason that is not the
//      recipient's and its channel has a fallback: then its row names the
//      fallback, and the message goes again through the fallback channel
//      (policies again, the same reservation) under the key
//      BATCH#CHANNEL/PROFILE. A rerun follows a failed row's fallback.
// The audience is a list of profile rows; messages are made one at a time
// as the engine asks for them, so memory does not grow with the batch.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/delivery/engine.hpp"
#include "core/segment/engine.hpp"
#include "core/state/ledger.hpp"
#include "core/workspace/secret.hpp"
#include "journeys/messages/message.hpp"
#include "journeys/model/model.hpp"
#include "journeys/policy/policy.hpp"
#include "journeys/sending/send_report.hpp"

namespace journeyctl::journeys {

// A channel a message falls back to: the workspace's and delivery's view.
struct FallbackChannel {
    const core::workspace::Channel* channel = nullptr;
    const core::delivery::ChannelConfig* delivery = nullptr;
};

struct BatchInputs {
    const Workspace* workspace = nullptr;
    const Template* tmpl = nullptr;
    const core::workspace::Channel* channel = nullptr;
    const core::delivery::ChannelConfig* delivery_channel = nullptr;
    // The channel's fallback, its fallback's, ... in order (validate saw
    // that they carry the same kind of message and end). Each must be one
    // of the engine's channels.
    std::vector<FallbackChannel> fallbacks;
    const core::data::Dataset* dataset = nullptr;
    const core::segment::Engine* segments = nullptr;  // prepared: inSegment works
    const core::expr::Environment* environment = nullptr;  // journey_environment(*segments)
    const CompiledPolicies* policies = nullptr;
    const SuppressionList* suppression = nullptr;  // null: no list
    MessageTemplates* templates = nullptr;
    const core::workspace::Env* env = nullptr;  // resolves `from`
    std::vector<uint32_t> audience;             // profile rows, in sending order
    std::string batch;
    core::expr::Timestamp now;
    bool resend_unknown = false;
};

// The frequency counters a batch reserves in (the state database's for a
// send, a tentative copy for a preview), keyed by message: a retry or a
// rerun of a message never counts twice.
struct BatchFrequency {
    FrequencyLedger* ledger = nullptr;
    std::function<void(std::string_view key)> set_key;  // before each policy check
    std::function<void(std::string_view key)> release;  // a message that reached nobody
    // Makes the reservations made so far visible to every other sender (a
    // ledger may hold several in one open transaction, to spare a commit
    // per message). Called before the batch reads or writes the state
    // database otherwise, and whenever the engine has pulled what it can.
    // Empty: the ledger commits each reservation itself.
    std::function<void()> commit = {};
};

// Called now and then with profiles done and the audience's size.
using BatchProgress = std::function<void(uint64_t done, uint64_t total)>;

class BatchSender {
public:
    // `ledger` null: a preview that records nothing.
    BatchSender(const BatchInputs& inputs, core::state::Ledger* ledger, BatchFrequency frequency);
    ~BatchSender();

    // Sends the batch through the engine (or a file channel's extraction);
    // returns when every message has an outcome or the run was stopped.
    SendReport send(core::delivery::Delivering& engine, const BatchProgress& progress);
    // What send would hand to delivery, message by message, without
    // sending or recording anything (send --dry-run).
    SendReport preview(const std::function<void(const core::delivery::OutgoingMessage&)>& emit);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace journeyctl::journeys
