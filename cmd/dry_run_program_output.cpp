// Printing a dry-run of several journeys (see dry_run_output.hpp): each
// journey's report as one journey's dry-run prints it, then what the
// program sends in total, by channel and by day, which is what a cap or a
// provider's quota is about.
#include <fmt/format.h>

#include "cmd/dry_run_output.hpp"
#include "cmd/text_table.hpp"
#include "core/expr/time.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::cmd {

namespace {

using journeys::all_outcomes;
using journeys::Outcome;
using journeys::outcome_name;
using json = nlohmann::ordered_json;

std::string time_text(core::expr::Timestamp t) { return core::expr::time::format_timestamp(t); }

// The outcomes worth a column: sent always, the others when they happened.
std::vector<Outcome> shown_outcomes(const journeys::ProgramTotals& totals) {
    std::vector<Outcome> shown;
    for (Outcome o : all_outcomes()) {
        bool any = o == Outcome::Sent;
        for (const auto& [channel, counts] : totals.by_channel) any = any || counts[static_cast<size_t>(o)] > 0;
        if (any) shown.push_back(o);
    }
    return shown;
}

std::string channels_table(const journeys::ProgramTotals& totals) {
    const std::vector<Outcome> shown = shown_outcomes(totals);
    std::vector<std::string> header{"channel"};
    for (Outcome o : shown) header.emplace_back(outcome_name(o));
    TextTable table(std::move(header));
    std::array<uint64_t, journeys::k_outcome_count> sum{};
    for (const auto& [channel, counts] : totals.by_channel) {
        std::vector<std::string> row{channel};
        for (Outcome o : shown) row.push_back(std::to_string(counts[static_cast<size_t>(o)]));
        for (size_t i = 0; i < sum.size(); ++i) sum[i] += counts[i];
        table.add(std::move(row));
    }
    std::vector<std::string> total{"total"};
    for (Outcome o : shown) total.push_back(std::to_string(sum[static_cast<size_t>(o)]));
    table.add(std::move(total));
    return table.render();
}

std::string days_table(const journeys::ProgramTotals& totals) {
    if (totals.sent_by_day.empty()) return "  none sent\n";
    std::vector<std::string> header{"day"};
    for (const auto& [channel, counts] : totals.by_channel) header.push_back(channel);
    header.emplace_back("total");
    TextTable table(std::move(header));
    for (const auto& [day, by_channel] : totals.sent_by_day) {
        std::vector<std::string> row{day};
        uint64_t sum = 0;
        for (const auto& [channel, counts] : totals.by_channel) {
            const auto it = by_channel.find(channel);
            const uint64_t n = it == by_channel.end() ? 0 : it->second;
            row.push_back(std::to_string(n));
            sum += n;
        }
        row.push_back(std::to_string(sum));
        table.add(std::move(row));
    }
    return table.render();
}

}  // namespace

std::string program_text(const journeys::ProgramResult& program, const std::vector<ReportContext>& contexts) {
    const journeys::SimulationReport& first = program.journeys.front().report;
    std::string names;
    for (const auto& result : program.journeys) names += (names.empty() ? "" : ", ") + result.report.journey;
    std::string out = fmt::format("dry-run of {} journeys together: {}\n", program.journeys.size(),
                                  core::util::escape_controls(names));
    out += fmt::format("  window:   {} .. {}\n", time_text(first.from), time_text(first.until));
    out += fmt::format("  profiles: {}; frequency caps count the messages of every journey\n", first.profiles);
    for (size_t j = 0; j < program.journeys.size(); ++j) {
        out += "\n" + report_text(program.journeys[j].report, contexts[j]);
    }
    const journeys::ProgramTotals totals = journeys::program_totals(program.journeys);
    out += "\nAll journeys: messages by channel\n" + channels_table(totals);
    out += fmt::format("\nAll journeys: sent per day ({})\n", contexts.front().workspace_zone) + days_table(totals);
    return out;
}

std::string program_json(const journeys::ProgramResult& program, const std::vector<ReportContext>& contexts) {
    const journeys::SimulationReport& first = program.journeys.front().report;
    json journeys = json::array();
    for (size_t j = 0; j < program.journeys.size(); ++j) {
        journeys.push_back(report_json_object(program.journeys[j].report, contexts[j]));
    }
    const journeys::ProgramTotals totals = journeys::program_totals(program.journeys);
    json channels = json::object();
    for (const auto& [channel, counts] : totals.by_channel) {
        json by_outcome = json::object();
        for (Outcome o : all_outcomes()) by_outcome[std::string(outcome_name(o))] = counts[static_cast<size_t>(o)];
        channels[channel] = std::move(by_outcome);
    }
    json days = json::object();
    for (const auto& [day, by_channel] : totals.sent_by_day) {
        json sent = json::object();
        for (const auto& [channel, n] : by_channel) sent[channel] = n;
        days[day] = std::move(sent);
    }
    json out = {{"from", time_text(first.from)},
                {"until", time_text(first.until)},
                {"profiles", first.profiles},
                {"zone", contexts.front().workspace_zone},
                {"journeys", std::move(journeys)},
                {"totals", {{"messages_by_channel", std::move(channels)}, {"sent_per_day", std::move(days)}}}};
    return out.dump(2) + "\n";
}

}  // namespace journeyctl::cmd
