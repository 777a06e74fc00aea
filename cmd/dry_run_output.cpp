// Printing a dry-run (see dry_run_output.hpp). The text report reads top
// to bottom as the journey runs: entries, each step with where profiles
// went, messages by outcome, exits, the goal, and what was counted along
// the way (zone fallbacks, consent and expression errors). Text output
// escapes control characters from data and workspace files
// (core/util/escape.hpp); JSON output leaves that to the JSON writer.
#include "cmd/dry_run_output.hpp"

#include "cmd/text_table.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/expr/time.hpp"
#include "core/util/escape.hpp"
#include "journeys/policy/frequency.hpp"

namespace journeyctl::cmd {

namespace {

using journeys::all_outcomes;
using journeys::ExitReason;
using journeys::k_exit_reason_count;
using journeys::outcome_name;
using journeys::Outcome;
using journeys::SimulationReport;
using journeys::StepCounts;
using json = nlohmann::ordered_json;

using core::util::escape_controls;

std::string time_text(core::expr::Timestamp t) { return core::expr::time::format_timestamp(t); }

std::string went_to(const StepCounts& step) {
    std::vector<std::pair<std::string, uint64_t>> moves(step.next.begin(), step.next.end());
    std::stable_sort(moves.begin(), moves.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (const auto& [target, n] : moves) {
        if (!out.empty()) out += ", ";
        out += target.rfind("exit:", 0) == 0 ? fmt::format("left ({}) {}", target.substr(5), n)
                                              : fmt::format("{} {}", target, n);
    }
    return out.empty() ? "-" : out;
}

std::string entry_text(const SimulationReport& report, const ReportContext& context) {
    const journeys::Entry& entry = context.journey->entry;
    if (!entry.scheduled()) {
        return fmt::format("event {}{}", entry.event->value, entry.where ? " where " + entry.where->value : "");
    }
    if (!entry.schedule) return fmt::format("{}, once at the start of the window", report.entry);
    return fmt::format("{} on \"{}\" ({})", report.entry, entry.schedule->value, context.workspace_zone);
}

bool has_sends(const SimulationReport& report) {
    return std::any_of(report.steps.begin(), report.steps.end(), [](const StepCounts& s) { return s.action == "send"; });
}

std::string messages_table(const SimulationReport& report) {
    std::vector<Outcome> shown;
    for (Outcome o : all_outcomes()) {
        if (o == Outcome::Sent || report.outcomes[static_cast<size_t>(o)] > 0) shown.push_back(o);
    }
    std::vector<std::string> header{"step"};
    for (Outcome o : shown) header.emplace_back(outcome_name(o));
    TextTable table(std::move(header));
    for (const StepCounts& s : report.steps) {
        if (s.action != "send") continue;
        std::vector<std::string> row{s.id};
        for (Outcome o : shown) row.push_back(std::to_string(s.outcomes[static_cast<size_t>(o)]));
        table.add(std::move(row));
    }
    std::vector<std::string> total{"total"};
    for (Outcome o : shown) total.push_back(std::to_string(report.outcomes[static_cast<size_t>(o)]));
    table.add(std::move(total));
    return table.render();
}

std::string percent(uint64_t part, uint64_t whole) {
    if (whole == 0) return "no entries";
    return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

}  // namespace

std::string report_text(const SimulationReport& report, const ReportContext& context) {
    std::string out = fmt::format("dry-run of journey {}\n", escape_controls(report.journey));
    out += fmt::format("  entry:    {}\n", escape_controls(entry_text(report, context)));
    out += fmt::format("  window:   {} .. {}\n", time_text(report.from), time_text(report.until));
    out += fmt::format("  profiles: {}; entered {} time{} ({} profile{})", report.profiles, report.entries,
                       report.entries == 1 ? "" : "s", report.profiles_entered, report.profiles_entered == 1 ? "" : "s");
    if (report.refused_inside + report.refused_reentry > 0) {
        out += fmt::format("; entry refused {} time{} ({} already inside, {} by the reentry rule)",
                           report.refused_inside + report.refused_reentry,
                           report.refused_inside + report.refused_reentry == 1 ? "" : "s", report.refused_inside,
                           report.refused_reentry);
    }
    out += "\n";
    if (!report.occurrences.empty()) {
        out += "\nEntries\n";
        TextTable table({"occurrence", "in segment", "entered"});
        for (const auto& o : report.occurrences) {
            table.add({time_text(o.at), std::to_string(o.members), std::to_string(o.entered)});
        }
        out += table.render();
    }
    out += "\nSteps\n";
    TextTable steps({"step", "action", "entered", "waiting", "went to"}, {true, true, false, false, true});
    for (const StepCounts& s : report.steps) {
        steps.add({s.id, s.action, std::to_string(s.entered), std::to_string(s.waiting), went_to(s)});
    }
    out += steps.render();
    if (has_sends(report)) out += "\nMessages\n" + messages_table(report);

    out += "\nExits\n";
    std::string exits;
    for (size_t i = 0; i < k_exit_reason_count; ++i) {
        if (report.exits[i] == 0) continue;
        exits += fmt::format("{}{} {}", exits.empty() ? "" : ", ", journeys::exit_reason_name(static_cast<ExitReason>(i)),
                             report.exits[i]);
    }
    out += fmt::format("  left: {}\n", exits.empty() ? "none" : exits);
    out += fmt::format("  still inside when the window ends: {}\n", report.waiting);
    if (context.journey->goal) {
        const auto& goal = *context.journey->goal;
        out += fmt::format("\nGoal\n  {} within {}: {} of {} entries converted ({})\n", goal.event.value,
                           journeys::format_cap_duration(goal.within ? goal.within->value : context.journey->timeout.value),
                           report.conversions, report.entries, percent(report.conversions, report.entries));
    }
    std::string notes;
    if (report.zone_fallbacks > 0) {
        notes += fmt::format("  {} time{} a profile's zone was missing or invalid: judged in the workspace zone {}\n",
                             report.zone_fallbacks, report.zone_fallbacks == 1 ? "" : "s", context.workspace_zone);
    }
    if (report.consent_errors > 0) {
        notes += fmt::format("  {} consent rule evaluation{} failed or gave no bool: no consent\n", report.consent_errors,
                             report.consent_errors == 1 ? "" : "s");
    }
    if (report.entry_errors > 0) {
        notes += fmt::format("  {} entry condition error{} (not entered); first: {}\n", report.entry_errors,
                             report.entry_errors == 1 ? "" : "s", escape_controls(report.first_entry_error));
    }
    for (const StepCounts& s : report.steps) {
        if (s.calls == 0) continue;
        notes += fmt::format("  step {}: {} call{} recorded (a dry-run makes no request)\n", escape_controls(s.id), s.calls,
                             s.calls == 1 ? "" : "s");
    }
    for (const StepCounts& s : report.steps) {
        if (s.expression_errors == 0) continue;
        notes += fmt::format("  step {}: {} expression error{}; first: {}\n", escape_controls(s.id), s.expression_errors,
                             s.expression_errors == 1 ? "" : "s", escape_controls(s.first_error));
    }
    if (!notes.empty()) out += "\nNotes\n" + notes;
    return out;
}

std::string report_json(const SimulationReport& report, const ReportContext& context) {
    return report_json_object(report, context).dump(2) + "\n";
}

nlohmann::ordered_json report_json_object(const SimulationReport& report, const ReportContext& context) {
    const journeys::Journey& journey = *context.journey;
    json entry = json::object();
    if (journey.entry.scheduled()) {
        entry["segment"] = journey.entry.segment->value;
        entry["schedule"] = journey.entry.schedule ? json(journey.entry.schedule->value) : json(nullptr);
        entry["zone"] = context.workspace_zone;
    } else {
        entry["event"] = journey.entry.event->value;
        entry["where"] = journey.entry.where ? json(journey.entry.where->value) : json(nullptr);
    }
    json out = {{"journey", report.journey},
                {"entry", std::move(entry)},
                {"from", time_text(report.from)},
                {"until", time_text(report.until)},
                {"profiles", report.profiles},
                {"entries", report.entries},
                {"profiles_entered", report.profiles_entered},
                {"refused", {{"inside", report.refused_inside}, {"reentry", report.refused_reentry}}}};
    json occurrences = json::array();
    for (const auto& o : report.occurrences) {
        occurrences.push_back({{"at", time_text(o.at)}, {"members", o.members}, {"entered", o.entered}});
    }
    out["occurrences"] = std::move(occurrences);
    json steps = json::array();
    for (const StepCounts& s : report.steps) {
        json step = {{"id", s.id}, {"action", s.action}, {"entered", s.entered}, {"waiting", s.waiting}};
        json next = json::object();
        for (const auto& [target, n] : s.next) next[target] = n;
        step["next"] = std::move(next);
        if (s.action == "send") {
            json messages = json::object();
            for (Outcome o : all_outcomes()) messages[std::string(outcome_name(o))] = s.outcomes[static_cast<size_t>(o)];
            step["messages"] = std::move(messages);
        }
        if (s.action == "call") step["calls"] = s.calls;
        step["expression_errors"] = s.expression_errors;
        if (s.expression_errors > 0) step["first_error"] = s.first_error;
        steps.push_back(std::move(step));
    }
    out["steps"] = std::move(steps);
    json messages = json::object();
    for (Outcome o : all_outcomes()) messages[std::string(outcome_name(o))] = report.outcomes[static_cast<size_t>(o)];
    out["messages"] = std::move(messages);
    json exits = json::object();
    for (size_t i = 0; i < k_exit_reason_count; ++i) {
        exits[std::string(journeys::exit_reason_name(static_cast<ExitReason>(i)))] = report.exits[i];
    }
    out["exits"] = std::move(exits);
    out["waiting"] = report.waiting;
    if (journey.goal) {
        out["goal"] = {{"event", journey.goal->event.value},
                       {"within", journeys::format_cap_duration(journey.goal->within ? journey.goal->within->value
                                                                                     : journey.timeout.value)},
                       {"conversions", report.conversions}};
    } else {
        out["goal"] = nullptr;
    }
    out["zone_fallbacks"] = report.zone_fallbacks;
    out["consent_errors"] = report.consent_errors;
    out["entry_errors"] = report.entry_errors;
    if (report.entry_errors > 0) out["first_entry_error"] = report.first_entry_error;
    return out;
}

std::string trace_text(const journeys::SimulationResult& result, const std::string& key) {
    const SimulationReport& report = result.report;
    std::string out = fmt::format("profile {} in journey {}, {} .. {}\n", escape_controls(key),
                                  escape_controls(report.journey), time_text(report.from), time_text(report.until));
    if (result.trace.empty()) return out + "  (nothing happened: the profile never came near the journey)\n";
    size_t width = 1;
    for (const auto& e : result.trace) width = std::max(width, escape_controls(e.step).size());
    for (const auto& e : result.trace) {
        out += fmt::format("{}  {:<{}}  {}\n", time_text(e.time), e.step.empty() ? "-" : escape_controls(e.step), width,
                           escape_controls(e.text));
    }
    return out;
}

std::string trace_json(const journeys::SimulationResult& result, const std::string& key) {
    json timeline = json::array();
    for (const auto& e : result.trace) {
        timeline.push_back({{"time", time_text(e.time)}, {"step", e.step.empty() ? json(nullptr) : json(e.step)},
                            {"text", e.text}});
    }
    json out = {{"profile", key},
                {"journey", result.report.journey},
                {"from", time_text(result.report.from)},
                {"until", time_text(result.report.until)},
                {"entries", result.report.entries},
                {"timeline", std::move(timeline)}};
    return out.dump(2) + "\n";
}

std::string message_line(const journeys::MessageAttempt& a, const std::string& journey) {
    json line = {{"time", time_text(a.time)}, {"profile", a.profile},  {"journey", journey},
                 {"step", a.step},            {"template", a.template_name}, {"channel", a.channel},
                 {"outcome", outcome_name(a.outcome)}};
    line["to"] = a.to ? json(*a.to) : json(nullptr);
    if (!a.reason.empty()) line["reason"] = a.reason;
    if (a.release) line["release"] = time_text(*a.release);
    if (a.content) {
        const journeys::Message& m = *a.content;
        const std::pair<const char*, const std::optional<std::string>*> parts[] = {
            {"from", &m.from}, {"subject", &m.subject}, {"title", &m.title},
            {"text", &m.text}, {"html", &m.html},       {"body", &m.body}};
        for (const auto& [name, part] : parts) {
            if (*part) line[name] = **part;
        }
        if (!m.data.empty()) {
            json data = json::object();
            for (const auto& [k, v] : m.data) data[k] = v;
            line["data"] = std::move(data);
        }
        if (!m.problems.empty()) {
            json problems = json::array();
            for (const auto& d : m.problems) problems.push_back(fmt::format("{}:{}:{}: {}", d.path, d.line, d.column, d.message));
            line["problems"] = std::move(problems);
        }
    }
    return line.dump() + "\n";
}

}  // namespace journeyctl::cmd
