// What the validation passes share: the workspace, the diagnostics being
// collected, the expression scopes built once from the data (scope), and
// the facts one pass leaves for another (which channels sends use, which
// channels cannot reach an address). Each pass lives in its own
// validate_*.cpp; validate.cpp runs them in order.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/data/sniff.hpp"
#include "core/diag/diagnostic.hpp"
#include "core/expr/ast.hpp"
#include "core/expr/expression.hpp"
#include "core/template/template.hpp"
#include "journeys/model/model.hpp"
#include "journeys/validation/validate.hpp"

namespace journeyctl::journeys::validation {

using core::diag::Severity;

// The expression environments, built once per validation from the data.
struct Scope {
    core::expr::Type profile;    // record of the data's fields, or map(string, dyn)
    bool profile_known = false;  // a record: unknown fields are errors
    core::expr::Type event;      // one event: map(string, dyn)
    core::expr::Environment workspace_env;  // profile, events, now: channel to, consent, quiet-hours zone
    core::expr::Environment segment_env;    // + inSegment
    core::expr::Environment journey_env;    // + journey: steps of scheduled journeys
    core::expr::Environment event_env;      // + event: triggered journeys, wait_for where
    core::expr::Environment template_env;   // profile, events, event, now, journey
    // The events file's first rows, with the distinct event types seen.
    std::optional<core::data::SniffResult> events_sample;
};

// Facts about one channel, for send steps.
struct ChannelFacts {
    // Why the channel cannot reach an address ("it has no 'to'"); empty
    // when it can, as far as validation knows.
    std::string address_problem;
};

struct Context {
    const Workspace& ws;
    const ValidateOptions& options;
    std::vector<core::diag::Diagnostic>& out;
    Scope scope;
    std::vector<std::string> segment_names;
    std::vector<std::string> template_names;
    std::vector<std::string> channel_names;
    std::map<std::string, ChannelFacts, std::less<>> channels;
    std::set<std::string, std::less<>> used_channels;  // channels of templates that sends use
    // Names of segment and template files that could not be parsed (from
    // their file names): a reference to one is not reported as unknown on
    // top of the file's own syntax error.
    std::set<std::string, std::less<>> unparsed_segments;
    std::set<std::string, std::less<>> unparsed_templates;

    bool segment_missing(std::string_view name) const {
        return !ws.segment(name) && !unparsed_segments.contains(name);
    }
    bool template_missing(std::string_view name) const {
        return !ws.find_template(name) && !unparsed_templates.contains(name);
    }

    void report(const std::string& path, SourcePos pos, uint32_t length, std::string code, std::string message,
                Severity severity = Severity::Error);
    // At a Text's first byte, underlining its value's first line.
    void report_at(const std::string& path, const Text& text, std::string code, std::string message,
                   Severity severity = Severity::Error);
    // At `length` bytes from `offset` inside a Text's value.
    void report_inside(const std::string& path, const Text& text, uint32_t offset, uint32_t length, std::string code,
                       std::string message, Severity severity = Severity::Error);
    // A note on the last diagnostic reported ("'[' opened here"), placed as
    // report_inside places a problem (block scalars map into the file).
    void note_inside(const std::string& path, const Text& text, uint32_t offset, uint32_t length,
                     std::string message);
};

std::string in_quotes(std::string_view s);  // 's'

// Scope (validate_scope.cpp): sniffs the data files once and builds the
// environments. May report one note when the profile file cannot be read.
void build_scope(Context& cx);

// Expressions (validate_expressions.cpp).
struct SegmentRef {
    std::string name;  // the literal of inSegment("name")
    uint32_t offset = 0;  // of the literal, in the expression text
    uint32_t length = 1;
};
struct ExpressionUse {
    const core::expr::Environment* env = nullptr;
    bool expect_bool = false;
    // Filled with the inSegment("...") literals, when given.
    std::vector<SegmentRef>* segment_refs = nullptr;
    // Unknown profile fields become no diagnostic here (the caller reports
    // them in its own words); they are listed in `unknown_fields`.
    bool quiet_unknown_fields = false;
    std::vector<std::string>* unknown_fields = nullptr;
};
struct CheckedExpression {
    core::expr::Type type;
    std::optional<std::string> string_literal;  // the whole expression is "..."
};
// Parses and checks one expression; reports expr-syntax / expr-type (and
// unknown-segment for inSegment names). Nullopt when it does not compile.
std::optional<CheckedExpression> check_expression(Context& cx, const std::string& path, const Text& text,
                                                  const ExpressionUse& use);
// A zone expression (quiet_hours zone, wait zone): must give a string; a
// literal must name a known zone (bad-zone).
void check_zone_expression(Context& cx, const std::string& path, const Text& text, const core::expr::Environment& env);
void validate_segments(Context& cx);
void validate_journey_expressions(Context& cx, const Journey& journey);

// Steps (validate_steps.cpp): references between steps, reachability,
// loops without a wait, send/wait_for/exit_on checks.
void validate_steps(Context& cx, const Journey& journey);

// Templates (validate_templates.cpp): each template's parts, and the url,
// body and headers of call steps.
void validate_templates(Context& cx);
void validate_call_templates(Context& cx, const Journey& journey);
// One template text, parsed and type-checked in the template scope, its
// problems reported at their places in the file; the template, or null
// when it does not parse.
std::shared_ptr<const core::tmpl::Template> check_template_text(Context& cx, const std::string& path, const Text& text,
                                                               core::tmpl::Escaping escaping);

// Channels and policies (validate_channels.cpp). The first runs before the
// journeys (sends need ChannelFacts), the second after (it needs
// used_channels).
void validate_channels(Context& cx);
void validate_consent(Context& cx);

// Strongly connected components of a graph given as adjacency lists, each
// listed in ascending node order; only components with a cycle (more than
// one node, or a node with an edge to itself). validate_graph.cpp.
std::vector<std::vector<int>> cycles_of(const std::vector<std::vector<int>>& edges);

// Cron (validate_cron.cpp).
struct CronProblem {
    uint32_t offset = 0;  // in the cron text
    uint32_t length = 1;
    std::string message;
};
std::optional<CronProblem> cron_problem(std::string_view cron);
void validate_schedule(Context& cx, const Journey& journey);

}  // namespace journeyctl::journeys::validation
