// The extraction's loop (file_delivery.hpp states what it promises): pull
// a message when the rate allows, start a group of them in the ledger,
// write their records, publish a part when it is full and at the end.
#include "core/delivery/file/file_delivery.hpp"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>

#include "core/delivery/file/part_writer.hpp"
#include "core/delivery/token_bucket.hpp"

namespace journeyctl::core::delivery::file {

namespace {

// What a published part's message needs to be reported: its keys, not
// its content (which is in the file).
struct Member {
    std::string idempotency_key;
    std::string profile_key;
};

}  // namespace

struct FileDelivery::Run {
    FileDelivery& self;
    const EngineHooks& hooks;
    EngineSummary summary;
    TokenBucket bucket;
    std::vector<Delivery> group;  // pulled, not yet started
    std::unique_ptr<PartWriter> part;
    std::vector<Member> members;  // of the part being written
    uint32_t next_part;
    std::optional<std::string> failure;  // why the run stopped on a part it could not publish

    Run(FileDelivery& self_, const EngineHooks& hooks_)
        : self(self_),
          hooks(hooks_),
          bucket(self_.m_options.rate_per_second, default_burst(self_.m_options.rate_per_second),
                 TokenBucket::Clock::now()),
          next_part(self_.m_options.first_part) {}

    bool failed() const { return failure.has_value(); }

    // Pulls messages while the rate allows, starting them in groups: a
    // group is started when it is full, when it fills the part, and before
    // waiting for the rate, so that records follow the rate rather than
    // wait for a full group.
    void pull() {
        const size_t group_size = std::max<size_t>(self.m_options.group, 1);
        const uint64_t part_size = self.m_options.part_size;
        while (!failed()) {
            if (self.m_stop.raised()) {
                summary.stopped = true;
                return;
            }
            const auto now = TokenBucket::Clock::now();
            if (!bucket.try_take(now)) {
                if (!group.empty()) {
                    start_group();
                    continue;
                }
                const auto wait = std::chrono::ceil<std::chrono::milliseconds>(bucket.ready_at(now) - now);
                pollfd wake{self.m_stop.wake_fd(), POLLIN, 0};
                ::poll(&wake, 1, static_cast<int>(std::clamp<int64_t>(wait.count(), 1, 1000)));
                continue;
            }
            std::optional<Delivery> delivery = hooks.next();
            if (!delivery) break;
            if (delivery->channel != self.m_channel.name)
                throw std::invalid_argument("a message names another channel than the extraction's: " +
                                            delivery->channel);
            group.push_back(std::move(*delivery));
            const bool fills_part = part_size > 0 && members.size() + group.size() >= part_size;
            if (group.size() >= group_size || fills_part) start_group();
        }
        start_group();
    }

    void start_group() {
        if (group.empty() || failed()) return;
        if (hooks.pulled) hooks.pulled();  // a group is this extraction's turn
        std::vector<const Delivery*> starting;
        for (const Delivery& delivery : group) starting.push_back(&delivery);
        std::vector<bool> withheld(group.size(), false);
        if (hooks.before_send) {
            for (const size_t index : hooks.before_send(starting)) {
                if (index < withheld.size()) withheld[index] = true;
            }
        }
        for (size_t i = 0; i < group.size(); ++i) {
            if (withheld[i]) {
                ++summary.withheld;
            } else if (failed()) {
                // Started, but the part before it could not be published:
                // it reached nobody, and a rerun writes it.
                report({group[i].message.idempotency_key, group[i].message.profile_key},
                       outcome(Disposition::Retry, "not published", *failure));
            } else {
                write(group[i]);
            }
        }
        group.clear();
    }

    void write(const Delivery& delivery) {
        members.push_back({delivery.message.idempotency_key, delivery.message.profile_key});
        try {
            if (!part)
                part = std::make_unique<PartWriter>(self.m_destination, self.m_options.batch, next_part,
                                                    self.m_options.columns);
            part->write(delivery.message);
        } catch (const DestinationError& e) {
            settle_part(outcome(Disposition::Retry, "not published", e.what()));
            return;
        }
        if (self.m_options.part_size > 0 && part->count() >= self.m_options.part_size) publish();
    }

    void publish() {
        if (!part) return;
        try {
            const PartManifest& manifest = part->publish();
            Classification sent = outcome(Disposition::Sent, "published", "");
            sent.provider_message_id = manifest.file;
            self.m_published.push_back(manifest.file);
            ++next_part;
            settle_part(sent);
        } catch (const DestinationError& e) {
            const bool maybe = e.failure() == DestinationFailure::MaybeDone;
            settle_part(outcome(maybe ? Disposition::Ambiguous : Disposition::Retry,
                                maybe ? "maybe published" : "not published", e.what()));
        }
    }

    static Classification outcome(Disposition disposition, std::string status, std::string error) {
        Classification c;
        c.disposition = disposition;
        c.provider_status = std::move(status);
        c.error = std::move(error);
        return c;
    }

    // Reports every message of the part with one outcome, and ends the
    // part; an outcome other than sent ends the run too.
    void settle_part(const Classification& c) {
        part.reset();  // an unpublished staged file is removed with it
        for (const Member& member : members) report(member, c);
        members.clear();
        if (c.disposition != Disposition::Sent) failure = c.error;
    }

    void report(const Member& member, const Classification& c) {
        switch (c.disposition) {
            case Disposition::Sent: ++summary.sent; break;
            case Disposition::Retry: ++summary.failed_retryable; break;
            case Disposition::Permanent: ++summary.failed_permanent; break;
            case Disposition::Ambiguous: ++summary.ambiguous; break;
        }
        if (!hooks.on_outcome) return;
        Delivery delivery;
        delivery.channel = self.m_channel.name;
        delivery.message.idempotency_key = member.idempotency_key;
        delivery.message.profile_key = member.profile_key;
        delivery.message.kind = MessageKind::DirectMail;
        hooks.on_outcome(delivery, c, 1);
    }
};

FileDelivery::FileDelivery(const ChannelConfig& channel, Destination& destination, FileDeliveryOptions options)
    : m_channel(channel), m_destination(destination), m_options(std::move(options)) {}

EngineSummary FileDelivery::run(const EngineHooks& hooks) {
    if (!hooks.next) throw std::invalid_argument("the extraction needs a message source");
    Run run(*this, hooks);
    run.pull();
    // Pulled but never started (a stop, or a part that failed): never
    // recorded, so let go.
    run.summary.not_started += run.group.size();
    run.group.clear();
    if (!run.failed()) run.publish();
    return run.summary;
}

}  // namespace journeyctl::core::delivery::file
