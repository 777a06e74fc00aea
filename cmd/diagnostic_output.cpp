#include "cmd/diagnostic_output.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/util/escape.hpp"

namespace journeyctl::cmd {

namespace diag = core::diag;
namespace util = core::util;

DiagnosticCounts count_diagnostics(const std::vector<diag::Diagnostic>& diagnostics, int files) {
    DiagnosticCounts counts;
    counts.files = files;
    for (const diag::Diagnostic& d : diagnostics) {
        if (d.severity == diag::Severity::Error) {
            ++counts.errors;
        } else if (d.severity == diag::Severity::Warning) {
            ++counts.warnings;
        } else {
            ++counts.notes;
        }
    }
    return counts;
}

namespace {

std::string plural(int n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

std::string render_text_report(const std::vector<diag::Diagnostic>& diagnostics,
                               const std::function<std::string_view(const diag::Diagnostic&)>& source_line,
                               const DiagnosticCounts& counts, bool color) {
    std::string out;
    // Diagnostics come sorted by file: count each file's, print the first
    // k_max_shown_per_file and say how many more there are.
    std::size_t in_file = 0;
    auto close_file = [&](const std::string& path) {
        if (in_file > k_max_shown_per_file) {
            out += fmt::format("... and {} more problems in {}, not shown (--format json lists them all)\n",
                               in_file - k_max_shown_per_file, util::escape_controls(path));
        }
        in_file = 0;
    };
    for (std::size_t i = 0; i < diagnostics.size(); ++i) {
        const diag::Diagnostic& d = diagnostics[i];
        if (i > 0 && diagnostics[i - 1].path != d.path) close_file(diagnostics[i - 1].path);
        if (++in_file <= k_max_shown_per_file) out += diag::render_text(d, source_line, {color});
    }
    if (!diagnostics.empty()) close_file(diagnostics.back().path);
    const std::string notes = counts.notes == 0 ? std::string() : plural(counts.notes, "note");
    if (counts.errors == 0 && counts.warnings == 0) {
        out += fmt::format("ok: {} checked, no problems{}\n", plural(counts.files, "file"),
                           notes.empty() ? "" : " (" + notes + ")");
    } else {
        out += fmt::format("{}, {}{} in {}\n", plural(counts.errors, "error"), plural(counts.warnings, "warning"),
                           notes.empty() ? "" : ", " + notes, plural(counts.files, "file"));
    }
    return out;
}

std::string render_json_report(const std::vector<diag::Diagnostic>& diagnostics, const DiagnosticCounts& counts) {
    nlohmann::json list = nlohmann::json::array();
    for (const diag::Diagnostic& d : diagnostics) {
        nlohmann::json item = {{"path", d.path},
                               {"line", d.line},
                               {"column", d.column},
                               {"severity", diag::severity_name(d.severity)},
                               {"code", d.code},
                               {"message", d.message}};
        // The column just past the underlined text, as SARIF's endColumn;
        // only when the problem spans more than one byte.
        if (d.line > 0 && d.length > 1) {
            item["end_column"] = d.column + d.length;
        }
        // Related places ("'[' opened here"), only when there are some.
        for (const diag::Diagnostic& note : d.notes) {
            nlohmann::json related = {
                {"path", note.path}, {"line", note.line}, {"column", note.column}, {"message", note.message}};
            if (note.line > 0 && note.length > 1) related["end_column"] = note.column + note.length;
            item["notes"].push_back(std::move(related));
        }
        list.push_back(std::move(item));
    }
    nlohmann::json report = {
        {"diagnostics", std::move(list)}, {"errors", counts.errors}, {"warnings", counts.warnings}, {"notes", counts.notes},
        {"files", counts.files}};
    // Invalid UTF-8 in a user's file must not abort the report.
    return report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string escape_github(std::string_view text, bool property) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '%': out += "%25"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        case ':': out += property ? "%3A" : ":"; break;
        case ',': out += property ? "%2C" : ","; break;
        default: out += c;
        }
    }
    return out;
}

std::string render_github_report(const std::vector<diag::Diagnostic>& diagnostics, std::string_view path_prefix) {
    std::string out;
    for (const diag::Diagnostic& d : diagnostics) {
        std::string_view command = d.severity == diag::Severity::Error     ? "error"
                                   : d.severity == diag::Severity::Warning ? "warning"
                                                                           : "notice";
        std::vector<std::string> properties;
        if (!d.path.empty()) {
            properties.push_back("file=" + escape_github(fmt::format("{}{}", path_prefix, d.path), true));
        }
        if (d.line > 0) {
            properties.push_back(fmt::format("line={}", d.line));
            properties.push_back(fmt::format("col={}", d.column));
        }
        if (!d.code.empty()) {
            properties.push_back("title=" + escape_github(d.code, true));
        }
        out += fmt::format("::{}{}{}::{}\n", command, properties.empty() ? "" : " ", fmt::join(properties, ","),
                           escape_github(d.message, false));
        // Workflow commands have no related locations: a note is a notice
        // of its own at its place, naming the problem it belongs to.
        for (const diag::Diagnostic& note : d.notes) {
            std::vector<std::string> at;
            if (!note.path.empty()) at.push_back("file=" + escape_github(fmt::format("{}{}", path_prefix, note.path), true));
            if (note.line > 0) {
                at.push_back(fmt::format("line={}", note.line));
                at.push_back(fmt::format("col={}", note.column));
            }
            if (!d.code.empty()) at.push_back("title=" + escape_github(d.code, true));
            out += fmt::format("::notice{}{}::{}\n", at.empty() ? "" : " ", fmt::join(at, ","),
                               escape_github(note.message, false));
        }
    }
    return out;
}

}  // namespace journeyctl::cmd
