// What `run` prints: per journey, the window it advanced and what
// happened in it; then what delivery did with the messages.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "journeys/running/journey_runner.hpp"
#include "journeys/running/outbox_sender.hpp"

namespace journeyctl::cmd {

struct RunSummary {
    bool dry_run = false;
    core::expr::Timestamp until;
    std::vector<journeys::JourneyRunResult> journeys;
    journeys::OutboxReport delivery;
    std::map<std::string, int64_t> outbox;  // per journey, messages still waiting to go
    uint64_t events_received = 0;           // --events lines new to the state database
    uint64_t events_late = 0;               // of them, at or before what every journey had reached
};

// Throws OutputError when `out` cannot be written. `streaming`: one run
// of `--events -`, JSON on one line, text only when something happened.
void write_run_summary(std::FILE* out, const RunSummary& summary, const std::string& format, bool streaming = false);

}  // namespace journeyctl::cmd
