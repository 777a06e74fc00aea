#include "journeys/model/model.hpp"

namespace journeyctl::journeys {

std::string_view status_name(Status status) {
    switch (status) {
        case Status::Active: return "active";
        case Status::Draft: return "draft";
        case Status::Paused: return "paused";
    }
    return "active";
}

std::string_view action_name(ActionKind kind) {
    switch (kind) {
        case ActionKind::None: return "";
        case ActionKind::Send: return "send";
        case ActionKind::Wait: return "wait";
        case ActionKind::WaitFor: return "wait_for";
        case ActionKind::Branch: return "branch";
        case ActionKind::Split: return "split";
        case ActionKind::Update: return "update";
        case ActionKind::Call: return "call";
        case ActionKind::Exit: return "exit";
    }
    return "";
}

const BranchCase* BranchAction::else_case() const {
    for (const BranchCase& c : cases) {
        if (c.is_else) return &c;
    }
    return nullptr;
}

std::vector<const Text*> Step::targets() const {
    std::vector<const Text*> out;
    if (goto_target) out.push_back(&*goto_target);
    if (const auto* branch = std::get_if<BranchAction>(&action)) {
        for (const BranchCase& c : branch->cases) {
            if (!c.target.empty()) out.push_back(&c.target);
        }
    } else if (const auto* split = std::get_if<SplitAction>(&action)) {
        for (const SplitArm& arm : split->arms) {
            if (!arm.target.empty()) out.push_back(&arm.target);
        }
    } else if (const auto* wait_for = std::get_if<WaitForAction>(&action)) {
        if (wait_for->on_timeout) out.push_back(&*wait_for->on_timeout);
    }
    return out;
}

const Step* Journey::step(std::string_view id) const {
    for (const Step& s : steps) {
        if (s.id.value == id) return &s;
    }
    return nullptr;
}

bool Workspace::has_errors() const {
    for (const auto& d : diagnostics) {
        if (d.severity == core::diag::Severity::Error) return true;
    }
    return false;
}

const Journey* Workspace::journey(std::string_view name) const {
    for (const Journey& j : journeys) {
        if (j.name.value == name) return &j;
    }
    return nullptr;
}

const Segment* Workspace::segment(std::string_view name) const {
    for (const Segment& s : segments) {
        if (s.name.value == name) return &s;
    }
    return nullptr;
}

const Template* Workspace::find_template(std::string_view name) const {
    for (const Template& t : templates) {
        if (t.name.value == name) return &t;
    }
    return nullptr;
}

std::string_view Workspace::source_line(const core::diag::Diagnostic& d) const {
    auto it = sources.find(d.path);
    if (it == sources.end() || d.line == 0) return {};
    if (auto index = line_indexes.find(d.path); index != line_indexes.end()) return index->second.line(it->second, d.line);
    return core::diag::line_of(it->second, d.line);
}

}  // namespace journeyctl::journeys
