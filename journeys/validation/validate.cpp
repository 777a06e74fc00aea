// validate_workspace: loading's diagnostics, then the validation passes in
// order — the scope (data sniffed once), channels (their facts feed sends),
// segments, templates, each journey (expressions, steps, call templates),
// consent last (it needs the channels sends use) — and the table of codes.
#include <algorithm>
#include <filesystem>

#include "journeys/validation/validate_internal.hpp"

namespace journeyctl::journeys {

namespace validation {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

void Context::report(const std::string& path, SourcePos pos, uint32_t length, std::string code, std::string message,
                     Severity severity) {
    out.push_back(core::diag::Diagnostic{path, pos.line, pos.column, std::max<uint32_t>(length, 1), severity,
                                         std::move(message), std::move(code)});
}

void Context::report_at(const std::string& path, const Text& text, std::string code, std::string message,
                        Severity severity) {
    const auto newline = text.value.find('\n');
    const std::size_t length = newline == std::string::npos ? text.value.size() : newline;
    // In file bytes, as report_inside measures it.
    const SourcePos from = text.content_pos();
    const SourcePos to = text.at(length);
    const auto span = to.line == from.line && to.column > from.column ? to.column - from.column
                                                                      : static_cast<uint32_t>(length);
    report(path, from, span, std::move(code), std::move(message), severity);
}

void Context::report_inside(const std::string& path, const Text& text, uint32_t offset, uint32_t length,
                            std::string code, std::string message, Severity severity) {
    // A problem at the end of the text ("expected ')'") sits just after its
    // last visible character, not after a block scalar's final newline.
    const std::size_t visible_end = text.value.find_last_not_of(" \t\r\n") + 1;
    const std::size_t start = std::min<std::size_t>(offset, visible_end);
    // Underline no further than the end of the line the problem starts on.
    const auto newline = text.value.find('\n', start);
    const std::size_t line_end = newline == std::string::npos ? text.value.size() : newline;
    const std::size_t end = start + std::min<std::size_t>(length, line_end - start);
    // The caret spans file bytes, not value bytes: an escape (`\"` in a
    // double-quoted scalar) is one value byte written as two. The map gives
    // where the span ends; when that is on another line, the value's length
    // is the best guess.
    const SourcePos from = text.at(start);
    const SourcePos to = text.at(end);
    const auto clamped = to.line == from.line && to.column > from.column ? to.column - from.column
                                                                         : static_cast<uint32_t>(end - start);
    report(path, from, clamped, std::move(code), std::move(message), severity);
}

void Context::note_inside(const std::string& path, const Text& text, uint32_t offset, uint32_t length,
                          std::string message) {
    if (out.empty()) return;
    report_inside(path, text, offset, length, "", std::move(message), Severity::Note);
    core::diag::Diagnostic note = std::move(out.back());
    out.pop_back();
    out.back().notes.push_back(std::move(note));
}

}  // namespace validation

int ValidationReport::error_count() const {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [](const auto& d) { return d.severity == core::diag::Severity::Error; }));
}

int ValidationReport::warning_count() const {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [](const auto& d) { return d.severity == core::diag::Severity::Warning; }));
}

ValidationReport validate_workspace(const Workspace& workspace, const ValidateOptions& options) {
    ValidationReport report;
    report.strict = options.strict;
    report.diagnostics = workspace.diagnostics;
    validation::Context cx{workspace, options, report.diagnostics, {}, {}, {}, {}, {}, {}, {}, {}};
    for (const auto& s : workspace.segments) cx.segment_names.push_back(s.name.value);
    for (const auto& t : workspace.templates) cx.template_names.push_back(t.name.value);
    for (const auto& c : workspace.config.channels) cx.channel_names.push_back(c.name.value);

    for (const auto& d : workspace.diagnostics) {
        if (d.code != "yaml-syntax" && d.code != "read-error") continue;
        const std::filesystem::path path(d.path);
        const std::string folder = path.parent_path().generic_string();
        if (folder == "segments") cx.unparsed_segments.insert(path.stem().string());
        if (folder == "templates") cx.unparsed_templates.insert(path.stem().string());
    }
    validation::build_scope(cx);
    // Without journeyctl.yaml there are no channels to check anything against.
    const bool config = workspace.config.loaded;
    if (config) validation::validate_channels(cx);
    validation::validate_segments(cx);
    if (config) validation::validate_templates(cx);
    for (const Journey& journey : workspace.journeys) {
        validation::validate_journey_expressions(cx, journey);
        validation::validate_steps(cx, journey);
        validation::validate_call_templates(cx, journey);
    }
    if (config) validation::validate_consent(cx);
    core::diag::sort_diagnostics(report.diagnostics);
    return report;
}

std::vector<DiagnosticCodeInfo> validation_codes() {
    return {
        {"dangling-goto", "a goto, branch case, else, split arm or on_timeout names no step of the journey"},
        {"unreachable-step", "no path leads from the journey's first step to this step"},
        {"loop-without-wait", "steps form a loop that passes no wait or wait_for, so a profile would loop forever at one instant"},
        {"unknown-template", "a send step names no template"},
        {"unknown-segment", "an entry or inSegment(\"name\") names no segment"},
        {"unknown-channel", "a channel's fallback or a frequency cap names no channel"},
        {"fallback-kind", "a channel falls back to a channel of another kind (email, sms, push, webhook)"},
        {"fallback-cycle", "channels fall back to each other in a circle"},
        {"bad-from", "an email channel's from is not one mailbox (a control character, a comma, no '@')"},
        {"bad-unsubscribe", "a channel's list_unsubscribe cannot be carried: a url that is not https://, text a URI cannot hold, a mailto that is not one address, or a channel that does not carry email"},
        {"channel-not-configured", "a template's channel is not configured in journeyctl.yaml"},
        {"missing-part", "a template lacks a part its channel needs (email: subject and html or text; others: body)"},
        {"unused-part", "(warning) a template has a part its channel's kind of message does not use"},
        {"segment-cycle", "segments use each other through inSegment in a circle"},
        {"bad-cron", "a field of entry.schedule is out of range or malformed, or the schedule names days that never occur"},
        {"bad-zone", "a zone written as a literal in an expression is not a known IANA zone"},
        {"expr-syntax", "an expression does not parse"},
        {"expr-type", "an expression does not type-check against the data's fields (unknown field, wrong operand types, non-bool condition)"},
        {"expr-cost", "an expression's worst case is estimated over the cost limit (comprehensions nested over lists of known size)"},
        {"template-syntax", "a template part does not parse"},
        {"template-field", "a template tag names a profile field the data does not have"},
        {"template-expr", "an expression tag of a template does not type-check"},
        {"template-partial", "a template includes a partial ({{> name}}); a workspace defines none"},
        {"bad-update-field", "an update sets the profile key, or a name expressions cannot reach as profile.FIELD"},
        {"update-type", "an update gives a profile field a value of another type than the field's"},
        {"missing-consent", "(warning) sends use a channel that no consent rule covers: every profile counts as consenting"},
        {"unknown-consent-channel", "a consent rule names no channel"},
        {"exit-on-awaited", "a wait_for awaits an event type that is also in the journey's exit_on"},
        {"event-never-seen", "(warning) a wait_for's event type is absent from the whole (small) events file"},
        {"no-address", "(warning) a send's channel has no 'to', or takes it from a profile field the data does not have"},
        {"no-data", "(note) the profile file cannot be read, so profile fields are not checked"},
    };
}

}  // namespace journeyctl::journeys
