// How `dry-run` prints what the simulator found: the report as a table or
// as JSON (the structure journeyctl-dry-run(1) documents), one profile's
// trace, and the message attempts as JSON Lines.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "journeys/simulation/simulation.hpp"

namespace journeyctl::cmd {

struct ReportContext {
    const journeys::Journey* journey = nullptr;
    std::string workspace_zone;
};

std::string report_text(const journeys::SimulationReport& report, const ReportContext& context);
std::string report_json(const journeys::SimulationReport& report, const ReportContext& context);
nlohmann::ordered_json report_json_object(const journeys::SimulationReport& report, const ReportContext& context);

// Several journeys run together (dry-run --all): each journey's report,
// then the program's messages by channel and sent per day. `contexts`
// follow the order of program.journeys.
std::string program_text(const journeys::ProgramResult& program, const std::vector<ReportContext>& contexts);
std::string program_json(const journeys::ProgramResult& program, const std::vector<ReportContext>& contexts);

std::string trace_text(const journeys::SimulationResult& result, const std::string& key);
std::string trace_json(const journeys::SimulationResult& result, const std::string& key);

// One JSON object per line: time, profile, journey, step, template,
// channel, outcome, to, then reason/release when held, then the rendered
// parts when present.
std::string message_line(const journeys::MessageAttempt& attempt, const std::string& journey);

}  // namespace journeyctl::cmd
