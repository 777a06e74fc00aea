// The journey domain's files as a model: journeys (entry, steps and their
// actions), segments and templates, each element keeping where it was
// written. Validation (journeys/validate*.cpp) works on this model alone:
// every name, reference (goto, template, segment, channel) and expression is
// a core::yaml::Text with its position and a map from offsets inside its
// value to file line/column.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/diag/diagnostic.hpp"
#include "core/expr/value.hpp"
#include "core/workspace/model.hpp"
#include "core/yaml/located.hpp"

namespace journeyctl::journeys {

using core::expr::Duration;
using core::yaml::Located;
using core::yaml::SourcePos;
using core::yaml::Text;

inline constexpr Duration k_default_timeout{90 * 24 * 3600, 0};

enum class Status : uint8_t { Active, Draft, Paused };
std::string_view status_name(Status status);

// Exactly one of segment (scheduled) or event (triggered); loading reports
// both or neither, and keeps what it read.
struct Entry {
    SourcePos pos;
    std::optional<Text> segment;
    std::optional<Text> schedule;  // cron, with segment; absent: once
    std::optional<Text> event;
    std::optional<Text> where;     // expression, with event
    bool scheduled() const { return segment.has_value(); }
    bool triggered() const { return event.has_value(); }
};

enum class ReentryKind : uint8_t { Never, Always, After };
struct Reentry {
    ReentryKind kind = ReentryKind::Never;
    SourcePos pos;                          // unknown when defaulted
    std::optional<Located<Duration>> after;  // kind After
};

struct Goal {
    SourcePos pos;
    Text event;
    std::optional<Located<Duration>> within;
};

struct SendAction {
    Text template_name;
};

struct WaitAction {
    enum class Kind : uint8_t { For, UntilTime, UntilExpression };
    Kind kind = Kind::For;
    std::optional<Located<Duration>> duration;  // For
    std::optional<Text> until;                  // UntilTime ("09:00") or UntilExpression
    int until_minutes = 0;                      // UntilTime: minutes after midnight
    std::optional<Text> zone;                   // UntilTime: zone expression; absent: workspace zone
};

struct WaitForAction {
    Text event;
    std::optional<Text> where;
    std::optional<Located<Duration>> timeout;
    std::optional<Text> on_timeout;  // a step id
};

struct BranchCase {
    SourcePos pos;
    std::optional<Text> when;  // absent for the else case
    Text target;               // goto (or the else's step id)
    bool is_else = false;
};
struct BranchAction {
    std::vector<BranchCase> cases;  // file order; the else case, if any, among them
    const BranchCase* else_case() const;
};

struct SplitArm {
    SourcePos pos;
    Located<int64_t> weight;
    Text target;
};
struct SplitAction {
    std::vector<SplitArm> arms;
};

struct UpdateAction {
    std::vector<std::pair<Text, Text>> fields;  // profile field -> expression, file order
};

struct CallAction {
    Text url;                  // a template text
    std::optional<Text> body;  // a template text
    std::optional<Text> method;
    std::vector<std::pair<Text, Text>> headers;  // name -> template text
    std::string_view method_name() const { return method ? std::string_view(method->value) : "POST"; }
};

struct ExitAction {
    Located<bool> value;
};

// The variant's index order is ActionKind's; monostate is a step whose
// action is missing or was unreadable (already reported).
using Action = std::variant<std::monostate, SendAction, WaitAction, WaitForAction, BranchAction, SplitAction,
                            UpdateAction, CallAction, ExitAction>;
enum class ActionKind : uint8_t { None, Send, Wait, WaitFor, Branch, Split, Update, Call, Exit };
std::string_view action_name(ActionKind kind);  // "send", "wait_for", ...; "" for None

struct Step {
    Text id;
    SourcePos pos;         // the step's mapping
    SourcePos action_pos;  // the action's key
    Action action;
    std::optional<Text> goto_target;

    ActionKind kind() const { return static_cast<ActionKind>(action.index()); }
    // Every step id this step may lead to by name: goto, branch gotos and
    // else, split gotos, wait_for on_timeout (in that order).
    std::vector<const Text*> targets() const;
};

struct Journey {
    std::string file;  // relative to the workspace root
    Text name;
    SourcePos pos;
    std::optional<Text> description;
    Located<Status> status{Status::Active, {}, {}};
    Entry entry;
    Reentry reentry;
    Located<Duration> timeout{k_default_timeout, {}, {}};  // pos unknown when defaulted
    std::vector<Text> exit_on;
    std::optional<Goal> goal;
    std::vector<Step> steps;

    const Step* step(std::string_view id) const;
};

struct Segment {
    std::string file;
    Text name;
    std::optional<Text> description;
    Text where;
};

// A template text and the file it is written in: the template's YAML, or
// the file named by html_file / text_file (then its map is line-by-line
// over that file).
struct TemplateText {
    Text text;
    std::string path;
};

struct Template {
    std::string file;
    Text name;
    Text channel;
    std::optional<Text> description;
    std::optional<TemplateText> subject;
    std::optional<TemplateText> html;  // inline or from html_file
    std::optional<TemplateText> text;  // inline or from text_file
    std::optional<TemplateText> body;
    std::optional<TemplateText> title;
    std::optional<Text> html_file;  // as written, relative to the template's folder
    std::optional<Text> text_file;
    std::vector<std::pair<Text, Text>> data;  // push data: key -> template text
};

// A loaded workspace: the model, every problem found while loading, and
// the text of every file read (for caret lines). Duplicates are reported
// and kept, so references to either still resolve.
struct Workspace {
    std::filesystem::path root;
    core::workspace::WorkspaceConfig config;
    std::vector<Journey> journeys;    // sorted by file name
    std::vector<Segment> segments;
    std::vector<Template> templates;
    std::vector<core::diag::Diagnostic> diagnostics;
    std::map<std::string, std::string, std::less<>> sources;  // relative path -> text
    // Each source's line index, built once when the file is read, so caret
    // lines for many diagnostics cost no rescan of the file.
    std::map<std::string, core::diag::LineIndex, std::less<>> line_indexes;

    bool has_errors() const;
    const Journey* journey(std::string_view name) const;
    const Segment* segment(std::string_view name) const;
    const Template* find_template(std::string_view name) const;
    // The line a diagnostic points at, for render_text; empty if unknown.
    std::string_view source_line(const core::diag::Diagnostic& d) const;
};

}  // namespace journeyctl::journeys
