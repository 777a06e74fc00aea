// The idempotency key of a message a journey sends, made from the
// instance alone so that every run that replays the same decision makes
// the same key: the journey, the version the profile entered under, the
// entry's number, the step and the visit to it in that entry, and the
// profile. The send ledger and the frequency counters hold a message
// under it, so no rerun and no crash sends it twice or counts it twice.
//
//   #JOURNEY/vVERSION/ENTRY/STEP/VISIT/PROFILE
//
// The leading '#' keeps the keys apart from `send`'s (BATCH/PROFILE),
// whose batch may hold neither '#' nor '/'; journey_batch() is the
// ledger's batch of a journey's messages (`status` counts by it).
#pragma once

#include <string>
#include <string_view>

#include "journeys/runtime/instance.hpp"

namespace journeyctl::journeys::runtime {

std::string journey_batch(std::string_view journey);

// The key of the message decided at the instance's current step.
std::string journey_message_key(const Instance& instance, std::string_view profile_key);

}  // namespace journeyctl::journeys::runtime
