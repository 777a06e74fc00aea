#include "cmd/run_output.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/output_file.hpp"
#include "core/expr/time.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::cmd {

namespace {

using ordered_json = nlohmann::ordered_json;
using core::expr::time::format_timestamp;

ordered_json exits_json(const journeys::SimulationReport& report) {
    ordered_json exits = ordered_json::object();
    for (size_t i = 0; i < journeys::k_exit_reason_count; ++i) {
        if (report.exits[i] > 0) exits[std::string(journeys::exit_reason_name(static_cast<journeys::ExitReason>(i)))] = report.exits[i];
    }
    return exits;
}

ordered_json outcomes_json(const journeys::SimulationReport& report) {
    ordered_json outcomes = ordered_json::object();
    for (size_t i = 0; i < journeys::k_outcome_count; ++i) {
        if (report.outcomes[i] > 0) outcomes[std::string(journeys::outcome_name(static_cast<journeys::Outcome>(i)))] = report.outcomes[i];
    }
    return outcomes;
}

// Call steps' requests the window recorded (run does not make them yet).
uint64_t calls_of(const journeys::SimulationReport& report) {
    uint64_t calls = 0;
    for (const journeys::StepCounts& step : report.steps) calls += step.calls;
    return calls;
}

// "end 2, exit_on 1", or "none".
std::string counts_text(const ordered_json& counts) {
    std::string text;
    for (const auto& [name, n] : counts.items()) text += fmt::format("{}{} {}", text.empty() ? "" : ", ", name, n.get<uint64_t>());
    return text.empty() ? "none" : text;
}

std::string summary_text(const RunSummary& summary) {
    std::string out;
    if (summary.events_received > 0) {
        out += fmt::format("events: {} received", summary.events_received);
        if (summary.events_late > 0) {
            out += fmt::format(", {} late (at or before what the runs had reached: seen by conditions, triggering "
                               "nothing)", summary.events_late);
        }
        out += "\n";
    }
    for (const journeys::JourneyRunResult& r : summary.journeys) {
        if (r.up_to_date && r.first_run) {
            out += fmt::format("journey {}: not started (its first run starts at {}, after {})\n", r.journey,
                               format_timestamp(r.from), format_timestamp(r.until));
            continue;
        }
        if (r.up_to_date) {
            out += fmt::format("journey {}: up to date (its runs reached {} already)\n", r.journey,
                               format_timestamp(r.reached));
            continue;
        }
        const journeys::SimulationReport& report = r.report;
        out += r.first_run ? fmt::format("journey {}: first run, {} .. {}\n", r.journey, format_timestamp(r.from),
                                         format_timestamp(r.until))
                           : fmt::format("journey {}: after {} .. {}\n", r.journey, format_timestamp(r.reached),
                                         format_timestamp(r.until));
        out += fmt::format("  entries   {} ({} refused: already inside {}, reentry {})\n", report.entries,
                           report.refused_inside + report.refused_reentry, report.refused_inside, report.refused_reentry);
        out += fmt::format("  exits     {}\n", counts_text(exits_json(report)));
        out += fmt::format("  messages  {}\n", counts_text(outcomes_json(report)));
        const auto waiting = summary.outbox.find(r.journey);
        out += fmt::format("  queued    {} (outbox now {})\n", r.queued, waiting == summary.outbox.end() ? 0 : waiting->second);
        if (r.state.missing_profiles > 0) {
            out += fmt::format("  warning: {} profiles with a timer due are no longer in the data (left as they were)\n",
                               r.state.missing_profiles);
        }
        if (const uint64_t calls = calls_of(report); calls > 0) {
            out += fmt::format("  warning: {} call step requests recorded, not made: run does not make call "
                               "requests yet\n", calls);
        }
        if (r.state.left_removed_step > 0) {
            out += fmt::format("  left      {} profiles at a step the journey no longer has\n", r.state.left_removed_step);
        }
        if (r.state.lost_events > 0) {
            out += fmt::format("  warning: {} instances' events are no longer in the data (`event` reads as an error)\n",
                               r.state.lost_events);
        }
    }
    if (summary.dry_run) {
        out += "dry run: nothing sent, the state database unchanged\n";
        return out;
    }
    const journeys::OutboxReport& d = summary.delivery;
    out += fmt::format("delivery: sent {}, failed {}, retryable {}, ambiguous {}", d.sent, d.failed, d.retryable, d.ambiguous);
    if (d.settled_earlier > 0) out += fmt::format(", settled earlier {}", d.settled_earlier);
    if (d.unknown_channel > 0) out += fmt::format(", on a channel the workspace no longer has {}", d.unknown_channel);
    out += d.interrupted ? " (interrupted)\n" : "\n";
    for (const journeys::OutboxFailure& f : d.failures) {
        out += fmt::format("  {} {}: {} {}\n", f.journey, core::util::escape_controls(f.profile), f.status, f.error);
    }
    return out;
}

// Whether a run did anything worth a line when streaming.
bool eventful(const RunSummary& summary) {
    const journeys::OutboxReport& d = summary.delivery;
    if (d.sent + d.failed + d.retryable + d.ambiguous > 0) return true;
    for (const journeys::JourneyRunResult& r : summary.journeys) {
        const journeys::SimulationReport& report = r.report;
        uint64_t exits = 0;
        for (const uint64_t n : report.exits) exits += n;
        if (report.entries + exits + r.queued > 0) return true;
    }
    return false;
}

ordered_json summary_object(const RunSummary& summary) {
    ordered_json out;
    out["until"] = format_timestamp(summary.until);
    out["dry_run"] = summary.dry_run;
    out["events"] = {{"received", summary.events_received}, {"late", summary.events_late}};
    out["journeys"] = ordered_json::array();
    for (const journeys::JourneyRunResult& r : summary.journeys) {
        ordered_json j;
        j["journey"] = r.journey;
        j["up_to_date"] = r.up_to_date;
        j["first_run"] = r.first_run;
        // The window: [from, until] in a journey's first run, else (from, until].
        j["from"] = format_timestamp(r.first_run ? r.from : r.reached);
        j["until"] = format_timestamp(r.until);
        j["entries"] = r.report.entries;
        j["refused_inside"] = r.report.refused_inside;
        j["refused_reentry"] = r.report.refused_reentry;
        j["exits"] = exits_json(r.report);
        j["messages"] = outcomes_json(r.report);
        j["queued"] = r.queued;
        const auto waiting = summary.outbox.find(r.journey);
        j["outbox"] = waiting == summary.outbox.end() ? 0 : waiting->second;
        j["missing_profiles"] = r.state.missing_profiles;
        j["lost_events"] = r.state.lost_events;
        j["left_removed_step"] = r.state.left_removed_step;
        j["calls_not_made"] = calls_of(r.report);
        out["journeys"].push_back(std::move(j));
    }
    if (!summary.dry_run) {
        const journeys::OutboxReport& d = summary.delivery;
        ordered_json delivery = {{"sent", d.sent},
                                 {"failed", d.failed},
                                 {"retryable", d.retryable},
                                 {"ambiguous", d.ambiguous},
                                 {"settled_earlier", d.settled_earlier},
                                 {"unknown_channel", d.unknown_channel},
                                 {"interrupted", d.interrupted}};
        delivery["failures"] = ordered_json::array();
        for (const journeys::OutboxFailure& f : d.failures) {
            delivery["failures"].push_back({{"journey", f.journey}, {"profile", f.profile}, {"status", f.status}, {"error", f.error}});
        }
        out["delivery"] = std::move(delivery);
    }
    return out;
}

}  // namespace

void write_run_summary(std::FILE* out, const RunSummary& summary, const std::string& format, bool streaming) {
    if (streaming && format != "json" && !eventful(summary)) return;
    const int indent = streaming ? -1 : 2;
    const std::string text =
        format == "json"
            ? summary_object(summary).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
            : summary_text(summary);
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fflush(out) != 0) {
        throw OutputError("cannot write the output: " + std::string(std::strerror(errno)));
    }
}

}  // namespace journeyctl::cmd
