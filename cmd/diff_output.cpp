// Printing a diff (see diff_output.hpp). A change is shown as
// "base -> head (+change)"; a percentage only where the base is not 0.
// Text escapes control characters from workspace files and data
// (core/util/escape.hpp); Markdown escapes what would break a table.
#include "cmd/diff_output.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/diagnostic_output.hpp"
#include "cmd/text_table.hpp"
#include "core/expr/time.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::cmd {

namespace {

using journeys::Delta;
using journeys::JourneyChange;
using journeys::JourneyDiff;
using journeys::ProgramDiff;
using json = nlohmann::ordered_json;
using core::util::escape_controls;

std::string time_text(core::expr::Timestamp t) { return core::expr::time::format_timestamp(t); }

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return lines;
}

std::string joined(const std::vector<std::string>& names, std::string_view quote = "") {
    std::string out;
    for (const std::string& name : names) out += fmt::format("{}{}{}{}", out.empty() ? "" : ", ", quote, name, quote);
    return out;
}

std::string signed_number(int64_t n) { return n > 0 ? fmt::format("+{}", n) : fmt::format("{}", n); }

// "+5 (+25.0%)", "0", "-3"
std::string change_text(const Delta& d) {
    if (!d.changed()) return "0";
    if (d.base == 0) return signed_number(d.change());
    return fmt::format("{} ({:+.1f}%)", signed_number(d.change()),
                       100.0 * static_cast<double>(d.change()) / static_cast<double>(d.base));
}

// "7 -> 8 (+1)", or "7" when it did not change
std::string delta_text(const Delta& d) {
    if (!d.changed()) return std::to_string(d.head);
    return fmt::format("{} -> {} ({})", d.base, d.head, signed_number(d.change()));
}

std::string step_change(const journeys::StepDelta& s) {
    if (!s.in_base) return "added";
    if (!s.in_head) return "removed";
    return change_text(s.arrivals);
}

std::string side_count(bool present, int64_t n) { return present ? std::to_string(n) : "-"; }

std::string summary_line(const ProgramDiff& diff) {
    return fmt::format("{} added, {} removed, {} modified, {} affected, {} unchanged", diff.count(JourneyChange::Added),
                       diff.count(JourneyChange::Removed), diff.count(JourneyChange::Modified),
                       diff.count(JourneyChange::Affected), diff.count(JourneyChange::Unchanged));
}

std::string divergence_text(const journeys::Divergence& d) {
    return fmt::format("{}: {}base -> {}, head -> {}", d.profile, d.after.empty() ? "from the entry: " : "after " + d.after + ": ",
                       d.base_next, d.head_next);
}

std::string exits_text(const JourneyDiff& j) {
    std::string out;
    for (const auto& [reason, d] : j.exits) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", reason, delta_text(d));
    return out.empty() ? "none" : out;
}

std::string journey_text(const JourneyDiff& j) {
    std::string out = fmt::format("\njourney {} ({}, {})\n", escape_controls(j.name), journey_change_name(j.change),
                                  escape_controls(j.file));
    out += fmt::format("  entries:     {} ({} profiles)\n", delta_text(j.entries), delta_text(j.profiles_entered));
    out += fmt::format("  exits:       {}\n", escape_controls(exits_text(j)));
    out += fmt::format("  still inside when the window ends: {}\n", delta_text(j.waiting));
    out += fmt::format("  conversions: {}\n", delta_text(j.conversions));
    if (!j.templates_changed.empty()) out += fmt::format("  templates changed: {}\n", escape_controls(joined(j.templates_changed)));
    out += "  Steps\n";
    TextTable steps({"step", "action", "base", "head", "change"}, {true, true, false, false, false});
    for (const auto& s : j.steps) {
        steps.add({s.id, s.action, side_count(s.in_base, s.arrivals.base), side_count(s.in_head, s.arrivals.head),
                   step_change(s)});
    }
    for (const std::string& line : split_lines(steps.render())) out += "  " + line + "\n";
    if (!j.messages.empty()) {
        out += "  Messages\n";
        TextTable messages({"template", "channel", "outcome", "base", "head", "change"},
                           {true, true, true, false, false, false});
        for (const auto& m : j.messages) {
            messages.add({m.template_name, m.channel, m.outcome, std::to_string(m.count.base),
                          std::to_string(m.count.head), change_text(m.count)});
        }
        for (const std::string& line : split_lines(messages.render())) out += "  " + line + "\n";
    }
    out += fmt::format("  profiles on a different path: {}\n", j.diverged);
    for (const auto& d : j.examples) out += "    " + escape_controls(divergence_text(d)) + "\n";
    return out;
}

std::string checks_text(const std::vector<CheckedRule>& checks) {
    if (checks.empty()) return {};
    std::string out = "\nChecks (--fail-on)\n";
    for (const CheckedRule& c : checks) {
        out += fmt::format("  {} {}: {}\n", c.check.tripped ? "FAILED" : "ok    ", c.rule, c.check.explanation);
    }
    return out;
}

// Markdown table cells: a | or a line break would end the cell or row.
std::string md(std::string_view text) {
    std::string out;
    for (const char c : escape_controls(text)) {
        if (c == '|') {
            out += "\\|";
        } else if (c == '`') {
            out += "'";
        } else {
            out += c;
        }
    }
    return out;
}

json delta_json(const Delta& d) { return {{"base", d.base}, {"head", d.head}, {"change", d.change()}}; }

}  // namespace

std::string diff_text(const ProgramDiff& diff, const DiffContext& context, const std::vector<CheckedRule>& checks) {
    std::string out = fmt::format("diff of the workspace: base {} .. head (the working tree)\n",
                                  escape_controls(context.base));
    out += fmt::format("  window:   {} .. {}\n", time_text(context.from), time_text(context.until));
    out += fmt::format("  profiles: {} ({})\n", context.profiles,
                       context.shared_data ? "the head's data on both sides" : "in the head's data; each side reads its own");
    out += fmt::format("  journeys: {}\n", summary_line(diff));
    out += "\nTotals\n";
    TextTable totals({"", "base", "head", "change"});
    totals.add({"entries", std::to_string(diff.entries.base), std::to_string(diff.entries.head), change_text(diff.entries)});
    totals.add({"messages sent", std::to_string(diff.sent.base), std::to_string(diff.sent.head), change_text(diff.sent)});
    for (const auto& [channel, d] : diff.sent_by_channel) {
        totals.add({"  " + channel, std::to_string(d.base), std::to_string(d.head), change_text(d)});
    }
    totals.add({"conversions", std::to_string(diff.conversions.base), std::to_string(diff.conversions.head),
                change_text(diff.conversions)});
    out += totals.render();
    out += fmt::format("  profiles on a different path: {}\n", diff.diverged);
    if (!diff.segments.empty()) {
        out += fmt::format("\nSegments changed (members at {})\n", time_text(context.from));
        TextTable segments({"segment", "change", "base", "head", "joined", "left"}, {true, true});
        for (const journeys::SegmentDiff& s : diff.segments) {
            segments.add({s.name, s.change, std::to_string(s.members.base), std::to_string(s.members.head),
                          std::to_string(s.joined), std::to_string(s.left)});
        }
        out += segments.render();
    }
    for (const JourneyDiff& j : diff.journeys) {
        if (j.change == JourneyChange::Unchanged) {
            out += fmt::format("\njourney {}: unchanged\n", escape_controls(j.name));
        } else {
            out += journey_text(j);
        }
    }
    return out + checks_text(checks);
}

std::string diff_json(const ProgramDiff& diff, const DiffContext& context, const std::vector<CheckedRule>& checks) {
    json journeys = json::array();
    for (const JourneyDiff& j : diff.journeys) {
        json steps = json::array();
        for (const auto& s : j.steps) {
            steps.push_back({{"id", s.id}, {"action", s.action}, {"in_base", s.in_base}, {"in_head", s.in_head},
                             {"arrivals", delta_json(s.arrivals)}});
        }
        json messages = json::array();
        for (const auto& m : j.messages) {
            messages.push_back({{"template", m.template_name}, {"channel", m.channel}, {"outcome", m.outcome},
                                {"count", delta_json(m.count)}});
        }
        json exits = json::object();
        for (const auto& [reason, d] : j.exits) exits[reason] = delta_json(d);
        json examples = json::array();
        for (const auto& d : j.examples) {
            examples.push_back({{"profile", d.profile}, {"after", d.after.empty() ? json(nullptr) : json(d.after)},
                                {"base", d.base_next}, {"head", d.head_next}});
        }
        journeys.push_back({{"journey", j.name},
                            {"file", j.file},
                            {"change", journey_change_name(j.change)},
                            {"entries", delta_json(j.entries)},
                            {"profiles_entered", delta_json(j.profiles_entered)},
                            {"exits", std::move(exits)},
                            {"waiting", delta_json(j.waiting)},
                            {"conversions", delta_json(j.conversions)},
                            {"sent", delta_json(j.sent)},
                            {"steps", std::move(steps)},
                            {"messages", std::move(messages)},
                            {"templates_changed", j.templates_changed},
                            {"diverged", j.diverged},
                            {"examples", std::move(examples)}});
    }
    json by_channel = json::object();
    for (const auto& [channel, d] : diff.sent_by_channel) by_channel[channel] = delta_json(d);
    json segments = json::array();
    for (const journeys::SegmentDiff& s : diff.segments) {
        segments.push_back({{"segment", s.name}, {"file", s.file}, {"change", s.change},
                            {"members", delta_json(s.members)}, {"joined", s.joined}, {"left", s.left}});
    }
    json rules = json::array();
    for (const CheckedRule& c : checks) {
        rules.push_back({{"rule", c.rule}, {"tripped", c.check.tripped}, {"explanation", c.check.explanation}});
    }
    json out = {{"base", context.base},
                {"from", time_text(context.from)},
                {"until", time_text(context.until)},
                {"profiles", context.profiles},
                {"data", context.shared_data ? "head" : "base"},
                {"changed", diff.changed()},
                {"totals",
                 {{"entries", delta_json(diff.entries)},
                  {"sent", delta_json(diff.sent)},
                  {"sent_by_channel", std::move(by_channel)},
                  {"conversions", delta_json(diff.conversions)},
                  {"diverged", diff.diverged}}},
                {"journeys", std::move(journeys)},
                {"segments", std::move(segments)},
                {"fail_on", std::move(rules)}};
    return out.dump(2) + "\n";
}

namespace {

// A pull-request comment should fit a screen or two: this many journeys
// in detail, rows per table and diverging profiles per journey; the
// rest is counted, and `journeyctl diff` shows it all.
constexpr size_t k_markdown_journeys = 5;
constexpr size_t k_markdown_rows = 8;
constexpr size_t k_markdown_examples = 3;

// A table's header and at most k_markdown_rows of its rows, then how many
// were left out.
std::string capped_table(const std::string& header, const std::vector<std::string>& rows, size_t columns) {
    if (rows.empty()) return {};
    std::string out = header;
    for (size_t i = 0; i < rows.size() && i < k_markdown_rows; ++i) out += rows[i];
    if (rows.size() > k_markdown_rows) {
        out += fmt::format("| {} more |{}\n", rows.size() - k_markdown_rows, std::string(columns - 1, '|'));
    }
    return out + "\n";
}

std::string markdown_journey(const JourneyDiff& j) {
    std::string out = fmt::format("\n#### `{}` ({})\n\n", md(j.name), journey_change_name(j.change));
    out += fmt::format("Entries {}, exits {}, messages sent {}.\n\n", delta_text(j.entries), md(exits_text(j)),
                       delta_text(j.sent));
    if (!j.templates_changed.empty()) {
        std::vector<std::string> names;
        for (const std::string& name : j.templates_changed) names.push_back(md(name));
        out += fmt::format("Templates changed: {}.\n\n", joined(names, "`"));
    }
    // Only what changed.
    std::vector<std::string> rows;
    for (const auto& s : j.steps) {
        if (s.in_base && s.in_head && !s.arrivals.changed()) continue;
        rows.push_back(fmt::format("| `{}` | {} | {} | {} |\n", md(s.id), side_count(s.in_base, s.arrivals.base),
                                   side_count(s.in_head, s.arrivals.head), step_change(s)));
    }
    out += capped_table("| step | base | head | change |\n|---|---:|---:|---:|\n", rows, 4);
    rows.clear();
    for (const auto& m : j.messages) {
        if (!m.count.changed()) continue;
        rows.push_back(fmt::format("| {} | {} | {} | {} | {} | {} |\n", md(m.template_name), md(m.channel), m.outcome,
                                   m.count.base, m.count.head, change_text(m.count)));
    }
    out += capped_table("| template | channel | outcome | base | head | change |\n|---|---|---|---:|---:|---:|\n", rows, 6);
    if (j.diverged > 0) {
        out += fmt::format("{} profile{} on a different path, e.g.:\n", j.diverged, j.diverged == 1 ? "" : "s");
        for (size_t i = 0; i < j.examples.size() && i < k_markdown_examples; ++i) {
            out += fmt::format("- `{}`\n", md(divergence_text(j.examples[i])));
        }
    }
    return out;
}

}  // namespace

std::string diff_markdown(const ProgramDiff& diff, const DiffContext& context, const std::vector<CheckedRule>& checks) {
    std::string out = fmt::format("### journeyctl diff\n\nBase `{}`, window {} .. {}, {} profiles.\n\n", md(context.base),
                                  time_text(context.from), time_text(context.until), context.profiles);
    if (!diff.changed()) return out + "No change: every journey sends the same messages to the same profiles.\n";
    out += fmt::format("Journeys: {}.\n\n", summary_line(diff));
    out += "| | base | head | change |\n|---|---:|---:|---:|\n";
    out += fmt::format("| entries | {} | {} | {} |\n", diff.entries.base, diff.entries.head, change_text(diff.entries));
    out += fmt::format("| messages sent | {} | {} | {} |\n", diff.sent.base, diff.sent.head, change_text(diff.sent));
    for (const auto& [channel, d] : diff.sent_by_channel) {
        if (d.changed()) out += fmt::format("| &nbsp; {} | {} | {} | {} |\n", md(channel), d.base, d.head, change_text(d));
    }
    out += fmt::format("| conversions | {} | {} | {} |\n", diff.conversions.base, diff.conversions.head,
                       change_text(diff.conversions));
    out += fmt::format("| profiles on a different path | | | {} |\n", diff.diverged);
    if (!diff.segments.empty()) {
        out += fmt::format("\n| segment | change | members at {} | joined | left |\n|---|---|---:|---:|---:|\n",
                           time_text(context.from));
        for (const journeys::SegmentDiff& s : diff.segments) {
            out += fmt::format("| `{}` | {} | {} | {} | {} |\n", md(s.name), s.change, delta_text(s.members), s.joined,
                               s.left);
        }
    }
    size_t detailed = 0, more = 0;
    std::string more_names;
    for (const JourneyDiff& j : diff.journeys) {
        if (j.change == JourneyChange::Unchanged) continue;
        if (detailed < k_markdown_journeys) {
            out += markdown_journey(j);
            ++detailed;
        } else {
            more_names += fmt::format("{}`{}`", more++ == 0 ? "" : ", ", md(j.name));
        }
    }
    if (more > 0) {
        out += fmt::format("\n{} more journey{} changed: {} (`journeyctl diff` shows them all).\n", more,
                           more == 1 ? "" : "s", more_names);
    }
    if (!checks.empty()) {
        out += "\n";
        for (const CheckedRule& c : checks) {
            out += fmt::format("- {} `{}`: {}\n", c.check.tripped ? ":x:" : ":white_check_mark:", md(c.rule),
                               md(c.check.explanation));
        }
    }
    // One blank line between blocks, however they ended.
    for (size_t at = out.find("\n\n\n"); at != std::string::npos; at = out.find("\n\n\n", at)) out.erase(at, 1);
    return out;
}

std::string diff_github(const ProgramDiff& diff, const DiffContext& context, const std::vector<CheckedRule>& checks) {
    std::string out;
    for (const JourneyDiff& j : diff.journeys) {
        if (j.change == JourneyChange::Unchanged) continue;
        std::string message = fmt::format("entries {}, messages sent {}, conversions {}, {} profile{} on a different path",
                                          delta_text(j.entries), delta_text(j.sent), delta_text(j.conversions),
                                          j.diverged, j.diverged == 1 ? "" : "s");
        if (!j.examples.empty()) message += " (e.g. " + divergence_text(j.examples.front()) + ")";
        if (!j.templates_changed.empty()) message += "; templates changed: " + joined(j.templates_changed);
        // A removed journey's file is gone from the head: the annotation
        // then has no file to sit on and shows on the run.
        const std::string file = j.change == JourneyChange::Removed ? std::string() : context.path_prefix + j.file;
        out += fmt::format("::notice {}title={}::{}\n",
                           file.empty() ? std::string() : "file=" + escape_github(file, true) + ",line=1,",
                           escape_github(fmt::format("journeyctl diff: journey {} {}", j.name, journey_change_name(j.change)), true),
                           escape_github(message, false));
    }
    for (const journeys::SegmentDiff& s : diff.segments) {
        if (s.change == "removed") continue;  // its file is gone from the head
        out += fmt::format("::notice file={},line=1,title={}::{}\n", escape_github(context.path_prefix + s.file, true),
                           escape_github(fmt::format("journeyctl diff: segment {} {}", s.name, s.change), true),
                           escape_github(fmt::format("members at {}: {}, {} joined, {} left", time_text(context.from),
                                                     delta_text(s.members), s.joined, s.left),
                                         false));
    }
    for (const CheckedRule& c : checks) {
        if (!c.check.tripped) continue;
        out += fmt::format("::error title={}::{}\n", escape_github("journeyctl diff --fail-on " + c.rule, true),
                           escape_github(c.check.explanation, false));
    }
    return out;
}

}  // namespace journeyctl::cmd
