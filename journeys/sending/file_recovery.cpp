#include "journeys/sending/file_recovery.hpp"

#include <algorithm>
#include <map>

#include "core/delivery/file/part_names.hpp"

namespace journeyctl::journeys {

namespace {

using core::state::MessageState;

constexpr size_t k_page = 512;

// The batch's messages through `channel` in a state no outcome followed,
// by profile key.
std::map<std::string, std::string> unsettled(core::state::Ledger& ledger, const std::string& batch,
                                             const std::string& channel) {
    std::map<std::string, std::string> keys_by_profile;
    for (const MessageState state : {MessageState::Started, MessageState::Ambiguous}) {
        std::string after;
        while (true) {
            const std::vector<std::string> keys = ledger.keys_in_state(batch, state, after, k_page);
            if (keys.empty()) break;
            after = keys.back();
            const std::vector<std::string_view> views(keys.begin(), keys.end());
            for (const auto& record : ledger.lookup(views)) {
                if (record && record->channel == channel)
                    keys_by_profile.emplace(record->profile_key, record->idempotency_key);
            }
            if (keys.size() < k_page) break;
        }
    }
    return keys_by_profile;
}

void record(core::state::Ledger& ledger, std::vector<core::state::MessageOutcome>& outcomes) {
    if (outcomes.empty()) return;
    ledger.record_outcomes(outcomes, core::state::unix_nanos_now());
    outcomes.clear();
}

}  // namespace

FileRecovery settle_unfinished(core::state::Ledger& ledger, core::delivery::file::Destination& destination,
                               const core::delivery::file::BatchFolder& folder, const std::string& batch,
                               const std::string& channel) {
    FileRecovery result;
    std::map<std::string, std::string> left = unsettled(ledger, batch, channel);
    if (left.empty()) return result;

    bool every_part_read = true;
    for (const uint32_t part : folder.without_csv) {
        every_part_read = false;
        result.problems.push_back(core::delivery::file::part_csv_name(core::delivery::file::batch_stem(batch), part) +
                                  " is published (its manifest is there) but no longer in the folder");
    }
    std::vector<core::state::MessageOutcome> outcomes;
    for (const uint32_t part : folder.published) {
        if (std::find(folder.without_csv.begin(), folder.without_csv.end(), part) != folder.without_csv.end()) continue;
        const std::string csv = core::delivery::file::part_csv_name(core::delivery::file::batch_stem(batch), part);
        std::vector<std::string> keys;
        auto problem =
            core::delivery::file::read_part_profiles(destination, batch, part, [&](const std::string& profile) {
                const auto found = left.find(profile);
                if (found == left.end()) return;
                keys.push_back(found->second);
                left.erase(found);
            });
        if (problem) {
            every_part_read = false;
            result.problems.push_back(std::move(*problem));
            continue;
        }
        for (const std::string& key : keys) outcomes.push_back({key, MessageState::Sent, csv, "published", ""});
        result.found_sent += keys.size();
        record(ledger, outcomes);  // the views above live in `keys` until here
    }
    if (!every_part_read) {
        result.left_unknown = left.size();
        return result;
    }
    for (const auto& [profile, key] : left) outcomes.push_back({key, MessageState::Deferred, "", "not published", ""});
    result.to_write_again = left.size();
    record(ledger, outcomes);
    return result;
}

}  // namespace journeyctl::journeys
