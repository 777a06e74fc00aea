// The four ways `validate` prints diagnostics: text for people (compiler
// style, with the source line and a caret), json for scripts, GitHub
// Actions workflow commands and SARIF 2.1.0 for CI annotation and code
// scanning. Each renderer returns the whole output as one string; the
// command decides where it goes. The JSON and SARIF shapes are documented
// in journeyctl-validate(1) as stable.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag/diagnostic.hpp"

namespace journeyctl::cmd {

// What the summary line and the JSON counters report.
struct DiagnosticCounts {
    int errors = 0;
    int warnings = 0;
    int notes = 0;  // neither errors nor warnings: they never fail a check
    int files = 0;  // files checked (after PATH filtering)
};

DiagnosticCounts count_diagnostics(const std::vector<core::diag::Diagnostic>& diagnostics, int files);

// A stable diagnostic code and one line on what it means (SARIF rules).
struct CodeDescription {
    std::string_view code;
    std::string_view summary;
};

// Every code loading (core/workspace/codes.md) and validation
// (journeys::validation_codes()) can report, loading's first.
std::vector<CodeDescription> all_diagnostic_codes();

// At most this many diagnostics of one file are printed as text; the rest
// are counted in a line of their own and in the summary. Machine formats
// (json, github, sarif) list every one.
inline constexpr std::size_t k_max_shown_per_file = 100;

// Each diagnostic via core::diag::render_text with the line it points at
// (k_max_shown_per_file per file, then "... and N more problems in FILE"),
// then "2 errors, 1 warning in 14 files" or "ok: 14 files checked, no problems"
// (notes, when there are any, are counted too).
std::string render_text_report(const std::vector<core::diag::Diagnostic>& diagnostics,
                               const std::function<std::string_view(const core::diag::Diagnostic&)>& source_line,
                               const DiagnosticCounts& counts, bool color);

// {"diagnostics":[...],"errors":N,"warnings":N,"notes":N,"files":N}, one line.
std::string render_json_report(const std::vector<core::diag::Diagnostic>& diagnostics, const DiagnosticCounts& counts);

// One `::error file=...,line=...,col=...,title=CODE::message` line per
// diagnostic. `path_prefix` is prepended to every path ("" or "dir/").
std::string render_github_report(const std::vector<core::diag::Diagnostic>& diagnostics, std::string_view path_prefix);

// A SARIF 2.1.0 log with one run; `rules` lists every code the tool can
// report, whether or not it occurs.
std::string render_sarif_report(const std::vector<core::diag::Diagnostic>& diagnostics,
                                const std::vector<CodeDescription>& rules, std::string_view path_prefix);

// GitHub's escaping for a workflow command's message (%, CR, LF) and, with
// `property`, also for a property value (':' and ',').
std::string escape_github(std::string_view text, bool property);

}  // namespace journeyctl::cmd
