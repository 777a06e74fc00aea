// FileDelivery against an in-memory folder: the engine's contract held
// (before_send before a record is written, exactly one outcome per started
// message, and only once its part is published), parts cut at part_size,
// and each way a part can fail to publish reported as what it means for
// a rerun: retryable when nothing was published, ambiguous when the
// manifest may be there.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/delivery/file/csv.hpp"
#include "core/delivery/file/file_delivery.hpp"
#include "core/delivery/file/manifest.hpp"
#include "core/delivery/file/sha256.hpp"
#include "memory_folder.hpp"

using namespace journeyctl::core::delivery;
using namespace journeyctl::core::delivery::file;
using journeyctl::tests::MemoryFolder;

namespace {

struct Recorder {
    std::vector<std::string> events;  // "next p1", "start p1 p2", "outcome p1 sent b1.part-0001.csv"
    std::vector<Delivery> source;
    size_t position = 0;
    std::vector<size_t> withhold;  // positions in the first group

    EngineHooks hooks(FileDelivery* stop_after_first = nullptr) {
        EngineHooks h;
        h.next = [this, stop_after_first]() -> std::optional<Delivery> {
            if (position == source.size()) return std::nullopt;
            events.push_back("next " + source[position].message.profile_key);
            if (stop_after_first != nullptr) stop_after_first->request_stop();
            return source[position++];
        };
        h.before_send = [this](std::span<const Delivery* const> group) {
            std::string line = "start";
            for (const Delivery* d : group) line += " " + d->message.profile_key;
            events.push_back(line);
            return std::exchange(withhold, {});
        };
        h.on_outcome = [this](const Delivery& d, const Classification& c, int attempts) {
            const char* names[] = {"sent", "retry", "permanent", "ambiguous"};
            events.push_back("outcome " + d.message.profile_key + " " + names[static_cast<int>(c.disposition)] + " " +
                             c.provider_message_id + " " + std::to_string(attempts));
        };
        return h;
    }
};

Delivery letter(std::string profile, std::string to, std::string city) {
    Delivery d;
    d.channel = "letters";
    d.message.kind = MessageKind::DirectMail;
    d.message.idempotency_key = "b1/" + profile;
    d.message.profile_key = std::move(profile);
    d.message.to = std::move(to);
    d.message.data = {{"city", std::move(city)}, {"greeting", "Dear reader"}};
    return d;
}

ChannelConfig letters_channel() {
    ChannelConfig channel;
    channel.name = "letters";
    channel.provider = "file";
    channel.kind = MessageKind::DirectMail;
    return channel;
}

FileDeliveryOptions options(uint64_t part_size, size_t group = 2, uint32_t first_part = 1) {
    FileDeliveryOptions o;
    o.batch = "b1";
    o.columns = {"profile", "to", "city", "greeting"};
    o.part_size = part_size;
    o.group = group;
    o.first_part = first_part;
    return o;
}

// A FileDelivery over an in-memory folder, and the recorder of its hooks.
struct Extraction {
    MemoryFolder folder;
    ChannelConfig channel = letters_channel();
    Recorder recorder;
    FileDelivery delivery;

    explicit Extraction(FileDeliveryOptions o) : delivery(channel, folder, std::move(o)) {}

    // Runs over `letters`; with stop_while_pulling, a stop comes while
    // the first letter is pulled.
    EngineSummary run(std::vector<Delivery> letters, bool stop_while_pulling = false) {
        recorder.source = std::move(letters);
        return delivery.run(recorder.hooks(stop_while_pulling ? &delivery : nullptr));
    }
};

std::string sha256_of(const std::string& bytes) {
    Sha256 sha;
    sha.update(bytes);
    return sha.hex_digest();
}

}  // namespace

TEST_CASE("file delivery: records after their start, outcomes after their part is published", "[delivery][file]") {
    Extraction x(options(2));
    const EngineSummary summary =
        x.run({letter("p1", "Ada", "Paris"), letter("p2", "Bob, Jr.", "Lyon"), letter("p3", "Zoé", "Nice")});

    CHECK(summary.sent == 3);
    CHECK(x.recorder.events == std::vector<std::string>{"next p1", "next p2", "start p1 p2",
                                                        "outcome p1 sent b1.part-0001.csv 1",
                                                        "outcome p2 sent b1.part-0001.csv 1", "next p3", "start p3",
                                                        "outcome p3 sent b1.part-0002.csv 1"});
    CHECK(x.delivery.published() == std::vector<std::string>{"b1.part-0001.csv", "b1.part-0002.csv"});
    const std::string csv = x.folder.files.at("b1.part-0001.csv");
    CHECK(csv == "profile,to,city,greeting\r\np1,Ada,Paris,Dear reader\r\np2,\"Bob, Jr.\",Lyon,Dear reader\r\n");
    const auto manifest = parse_manifest(x.folder.files.at("b1.part-0001.manifest.json"));
    REQUIRE(manifest);
    CHECK(manifest->count == 2);
    CHECK(manifest->bytes == csv.size());
    CHECK(manifest->sha256 == sha256_of(csv));
    CHECK(manifest->columns == options(2).columns);
    CHECK(x.folder.files.at("b1.part-0002.csv") == "profile,to,city,greeting\r\np3,Zoé,Nice,Dear reader\r\n");
    CHECK(x.folder.files.size() == 4);
}

TEST_CASE("file delivery: one part for the batch, numbered from first_part", "[delivery][file]") {
    Extraction x(options(0, 2, 4));
    std::vector<Delivery> letters;
    for (int i = 0; i < 5; ++i) letters.push_back(letter("p" + std::to_string(i), "X", "Y"));
    CHECK(x.run(letters).sent == 5);
    CHECK(x.delivery.published() == std::vector<std::string>{"b1.part-0004.csv"});
    CHECK(parse_manifest(x.folder.files.at("b1.part-0004.manifest.json"))->count == 5);
}

TEST_CASE("file delivery: a withheld message is neither written nor reported", "[delivery][file]") {
    Extraction x(options(0));
    x.recorder.withhold = {0};
    const EngineSummary summary = x.run({letter("p1", "A", "B"), letter("p2", "C", "D")});
    CHECK(summary.withheld == 1);
    CHECK(summary.sent == 1);
    CHECK(x.folder.files.at("b1.part-0001.csv") == "profile,to,city,greeting\r\np2,C,D,Dear reader\r\n");
}

TEST_CASE("file delivery: a manifest that could not be published fails its part and stops", "[delivery][file]") {
    Extraction x(options(2));
    x.folder.failing = {{"b1.part-0001.manifest.json", DestinationFailure::Failed}};
    const EngineSummary summary = x.run({letter("p1", "A", "B"), letter("p2", "C", "D"), letter("p3", "E", "F")});

    CHECK(summary.failed_retryable == 2);
    CHECK(summary.sent == 0);
    CHECK(x.recorder.position == 2);  // nothing pulled after the failure
    CHECK(x.recorder.events.back() == "outcome p2 retry  1");
    // The CSV without its manifest is withdrawn: a reader never sees it.
    CHECK(x.folder.files.empty());
    CHECK(x.folder.removed == std::vector<std::string>{"b1.part-0001.csv"});
    CHECK(x.delivery.published().empty());
}

TEST_CASE("file delivery: a manifest that may have been published makes its part ambiguous", "[delivery][file]") {
    Extraction x(options(0));
    x.folder.failing = {{"b1.part-0001.manifest.json", DestinationFailure::MaybeDone}};
    CHECK(x.run({letter("p1", "A", "B")}).ambiguous == 1);
    // Left for the next run to look at: both files stay.
    CHECK(x.folder.files.contains("b1.part-0001.csv"));
    CHECK(x.folder.files.contains("b1.part-0001.manifest.json"));
}

TEST_CASE("file delivery: a CSV that could not be renamed into place is not published", "[delivery][file]") {
    Extraction x(options(0));
    x.folder.failing = {{"b1.part-0001.csv", DestinationFailure::Refused}};
    CHECK(x.run({letter("p1", "A", "B"), letter("p2", "A", "B")}).failed_retryable == 2);
    CHECK(x.folder.files.empty());
}

TEST_CASE("file delivery: a stop publishes what was started and pulls nothing more", "[delivery][file]") {
    Extraction x(options(0, 1));
    const EngineSummary summary = x.run({letter("p1", "A", "B"), letter("p2", "C", "D")}, true);
    CHECK(summary.stopped);
    CHECK(summary.sent == 1);
    CHECK(x.recorder.position == 1);
    CHECK(x.folder.files.at("b1.part-0001.csv") == "profile,to,city,greeting\r\np1,A,B,Dear reader\r\n");
}

TEST_CASE("file delivery: a stop before the group starts lets its messages go unrecorded", "[delivery][file]") {
    Extraction x(options(0));  // groups of two
    const EngineSummary summary = x.run({letter("p1", "A", "B"), letter("p2", "C", "D")}, true);
    CHECK(summary.stopped);
    CHECK(summary.not_started == 1);
    CHECK(summary.sent == 0);
    CHECK(x.recorder.events == std::vector<std::string>{"next p1"});
    CHECK(x.folder.files.empty());
}
