// Comparing two programs' dry-runs (see program_diff.hpp).
#include "journeys/diff/program_diff.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace journeyctl::journeys {

std::string_view journey_change_name(JourneyChange change) {
    switch (change) {
        case JourneyChange::Added: return "added";
        case JourneyChange::Removed: return "removed";
        case JourneyChange::Modified: return "modified";
        case JourneyChange::Affected: return "affected";
        case JourneyChange::Unchanged: return "unchanged";
    }
    return "unchanged";
}

size_t ProgramDiff::count(JourneyChange change) const {
    return static_cast<size_t>(
        std::count_if(journeys.begin(), journeys.end(), [change](const JourneyDiff& j) { return j.change == change; }));
}

bool ProgramDiff::changed() const { return count(JourneyChange::Unchanged) != journeys.size() || !segments.empty(); }

namespace {

// One side of one journey; absent when the journey is not on that side.
struct JourneySide {
    const Journey* journey = nullptr;
    const SimulationResult* result = nullptr;
    const std::string* source = nullptr;  // the journey file's text
};

JourneySide find_side(const DiffSide& side, const std::string& name) {
    for (size_t i = 0; i < side.journeys.size(); ++i) {
        if (side.journeys[i]->name.value != name) continue;
        JourneySide found{side.journeys[i], &side.program->journeys[i], nullptr};
        const auto source = side.workspace->sources.find(side.journeys[i]->file);
        if (source != side.workspace->sources.end()) found.source = &source->second;
        return found;
    }
    return {};
}

int64_t sent_of(const SimulationReport& report) { return static_cast<int64_t>(report.outcomes[static_cast<size_t>(Outcome::Sent)]); }

// A path item as the other side can compare it: the step's id, or
// "exit:REASON".
std::string token(const SimulationReport& report, int32_t item) {
    if (is_path_exit(item)) return fmt::format("exit:{}", exit_reason_name(path_exit_reason(item)));
    return report.steps[static_cast<size_t>(item)].id;
}

// Where two paths of one profile part, or nothing when they are the same.
std::optional<Divergence> compare_paths(const SimulationReport* base_report, const ProfilePath* base,
                                        const SimulationReport* head_report, const ProfilePath* head) {
    const size_t base_size = base ? base->path.size() : 0;
    const size_t head_size = head ? head->path.size() : 0;
    size_t i = 0;
    std::string last;
    for (; i < base_size && i < head_size; ++i) {
        std::string b = token(*base_report, base->path[i]);
        if (b != token(*head_report, head->path[i])) break;
        last = std::move(b);
    }
    if (i == base_size && i == head_size) return std::nullopt;
    Divergence d;
    d.profile = head ? head->profile : base->profile;
    d.after = std::move(last);
    d.base_next = i < base_size ? token(*base_report, base->path[i]) : "-";
    d.head_next = i < head_size ? token(*head_report, head->path[i]) : "-";
    return d;
}

void diff_paths(const JourneySide& base, const JourneySide& head, size_t examples, JourneyDiff& out) {
    static const std::vector<ProfilePath> k_none;
    const std::vector<ProfilePath>& base_paths = base.result ? base.result->paths : k_none;
    const std::vector<ProfilePath>& head_paths = head.result ? head.result->paths : k_none;
    const SimulationReport* base_report = base.result ? &base.result->report : nullptr;
    const SimulationReport* head_report = head.result ? &head.result->report : nullptr;
    std::unordered_map<std::string_view, const ProfilePath*> by_key;
    by_key.reserve(base_paths.size());
    for (const ProfilePath& p : base_paths) by_key.emplace(p.profile, &p);
    // Candidates for the examples, by row: the first few of each pass
    // are enough, since each pass goes in row order.
    std::vector<std::pair<uint32_t, Divergence>> found;
    auto keep = [&](uint32_t row, Divergence d, size_t& kept) {
        ++out.diverged;
        if (kept < examples) {
            found.emplace_back(row, std::move(d));
            ++kept;
        }
    };
    size_t kept = 0;
    for (const ProfilePath& h : head_paths) {
        const auto it = by_key.find(h.profile);
        const ProfilePath* b = it == by_key.end() ? nullptr : it->second;
        if (it != by_key.end()) by_key.erase(it);
        if (auto d = compare_paths(base_report, b, head_report, &h)) keep(h.row, std::move(*d), kept);
    }
    kept = 0;
    for (const ProfilePath& b : base_paths) {
        if (!by_key.contains(b.profile)) continue;  // compared above
        if (auto d = compare_paths(base_report, &b, head_report, nullptr)) keep(b.row, std::move(*d), kept);
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < found.size() && i < examples; ++i) out.examples.push_back(std::move(found[i].second));
}

bool same_text(const std::optional<TemplateText>& a, const std::optional<TemplateText>& b) {
    return a.has_value() == b.has_value() && (!a || a->text.value == b->text.value);
}

// What a message of the template says and where it goes.
bool same_template(const Template& a, const Template& b) {
    if (a.channel.value != b.channel.value || !same_text(a.subject, b.subject) || !same_text(a.html, b.html) ||
        !same_text(a.text, b.text) || !same_text(a.body, b.body) || !same_text(a.title, b.title) ||
        a.data.size() != b.data.size()) {
        return false;
    }
    for (size_t i = 0; i < a.data.size(); ++i) {
        if (a.data[i].first.value != b.data[i].first.value || a.data[i].second.value != b.data[i].second.value) {
            return false;
        }
    }
    return true;
}

// The templates the journey's send steps use on either side whose
// content differs, or that one side lacks.
std::vector<std::string> changed_templates(const DiffSide& base_side, const SimulationReport& base,
                                           const DiffSide& head_side, const SimulationReport& head) {
    std::set<std::string> used;
    for (const SimulationReport* report : {&base, &head}) {
        for (const StepCounts& s : report->steps) {
            if (!s.template_name.empty()) used.insert(s.template_name);
        }
    }
    std::vector<std::string> out;
    for (const std::string& name : used) {
        const Template* a = base_side.workspace->find_template(name);
        const Template* b = head_side.workspace->find_template(name);
        if (!a || !b || !same_template(*a, *b)) out.push_back(name);
    }
    return out;
}

void diff_steps(const SimulationReport* base, const SimulationReport* head, JourneyDiff& out) {
    if (head) {
        for (const StepCounts& s : head->steps) {
            StepDelta d{s.id, s.action, false, true, {0, static_cast<int64_t>(s.entered)}};
            if (base) {
                const auto it = std::find_if(base->steps.begin(), base->steps.end(),
                                             [&](const StepCounts& b) { return b.id == s.id; });
                if (it != base->steps.end()) {
                    d.in_base = true;
                    d.arrivals.base = static_cast<int64_t>(it->entered);
                }
            }
            out.steps.push_back(std::move(d));
        }
    }
    if (base) {
        for (const StepCounts& s : base->steps) {
            const bool in_head = head && std::any_of(head->steps.begin(), head->steps.end(),
                                                     [&](const StepCounts& h) { return h.id == s.id; });
            if (!in_head) out.steps.push_back({s.id, s.action, true, false, {static_cast<int64_t>(s.entered), 0}});
        }
    }
}

void diff_messages(const SimulationReport* base, const SimulationReport* head, JourneyDiff& out) {
    // (template, channel, outcome) -> counts
    std::map<std::tuple<std::string, std::string, size_t>, Delta> counts;
    auto add = [&](const SimulationReport* report, int64_t Delta::*side) {
        if (!report) return;
        for (const StepCounts& s : report->steps) {
            if (s.action != "send") continue;
            for (size_t o = 0; o < k_outcome_count; ++o) {
                if (s.outcomes[o] > 0) counts[{s.template_name, s.channel, o}].*side += static_cast<int64_t>(s.outcomes[o]);
            }
        }
    };
    add(base, &Delta::base);
    add(head, &Delta::head);
    for (const auto& [key, delta] : counts) {
        out.messages.push_back({std::get<0>(key), std::get<1>(key),
                                std::string(outcome_name(static_cast<Outcome>(std::get<2>(key)))), delta});
    }
}

JourneyDiff diff_journey(const std::string& name, const DiffSide& base_side, const JourneySide& base,
                         const DiffSide& head_side, const JourneySide& head, size_t examples) {
    JourneyDiff out;
    out.name = name;
    out.file = head.journey ? head.journey->file : base.journey->file;
    const SimulationReport* b = base.result ? &base.result->report : nullptr;
    const SimulationReport* h = head.result ? &head.result->report : nullptr;
    auto both = [&](auto get) {
        return Delta{b ? static_cast<int64_t>(get(*b)) : 0, h ? static_cast<int64_t>(get(*h)) : 0};
    };
    out.entries = both([](const SimulationReport& r) { return r.entries; });
    out.profiles_entered = both([](const SimulationReport& r) { return r.profiles_entered; });
    out.sent = both(sent_of);
    out.conversions = both([](const SimulationReport& r) { return r.conversions; });
    out.waiting = both([](const SimulationReport& r) { return r.waiting; });
    for (size_t i = 0; i < k_exit_reason_count; ++i) {
        const Delta d{b ? static_cast<int64_t>(b->exits[i]) : 0, h ? static_cast<int64_t>(h->exits[i]) : 0};
        if (d.base != 0 || d.head != 0) out.exits[std::string(exit_reason_name(static_cast<ExitReason>(i)))] = d;
    }
    diff_steps(b, h, out);
    diff_messages(b, h, out);
    diff_paths(base, head, examples, out);
    if (b && h) out.templates_changed = changed_templates(base_side, *b, head_side, *h);

    if (!base.journey) {
        out.change = JourneyChange::Added;
    } else if (!head.journey) {
        out.change = JourneyChange::Removed;
    } else if (!base.source || !head.source || *base.source != *head.source) {
        out.change = JourneyChange::Modified;
    } else {
        const bool steps_differ = std::any_of(out.steps.begin(), out.steps.end(), [](const StepDelta& s) {
            return s.arrivals.changed() || !s.in_base || !s.in_head;
        });
        const bool messages_differ = std::any_of(out.messages.begin(), out.messages.end(),
                                                 [](const MessageDelta& m) { return m.count.changed(); });
        const bool exits_differ =
            std::any_of(out.exits.begin(), out.exits.end(), [](const auto& e) { return e.second.changed(); });
        const bool affected = out.entries.changed() || out.conversions.changed() || out.waiting.changed() ||
                              steps_differ || messages_differ || exits_differ || out.diverged > 0 ||
                              !out.templates_changed.empty();
        out.change = affected ? JourneyChange::Affected : JourneyChange::Unchanged;
    }
    return out;
}

void add_to(Delta& into, const Delta& d) {
    into.base += d.base;
    into.head += d.head;
}

}  // namespace

ProgramDiff diff_programs(const DiffSide& base, const DiffSide& head, const std::set<std::string>& selected,
                          size_t examples) {
    std::set<std::string> names;
    for (const Journey* j : base.journeys) names.insert(j->name.value);
    for (const Journey* j : head.journeys) names.insert(j->name.value);
    ProgramDiff out;
    for (const std::string& name : names) {
        if (!selected.empty() && !selected.contains(name)) continue;
        JourneyDiff d = diff_journey(name, base, find_side(base, name), head, find_side(head, name), examples);
        add_to(out.entries, d.entries);
        add_to(out.sent, d.sent);
        add_to(out.conversions, d.conversions);
        out.diverged += d.diverged;
        for (const MessageDelta& m : d.messages) {
            if (m.outcome == outcome_name(Outcome::Sent)) add_to(out.sent_by_channel[m.channel], m.count);
        }
        out.journeys.push_back(std::move(d));
    }
    return out;
}

}  // namespace journeyctl::journeys
