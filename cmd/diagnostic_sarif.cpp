// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for code
// scanning services: one run whose tool.driver lists every code journeyctl
// can report as a rule, and one result per diagnostic pointing at its file
// (a URI relative to %SRCROOT%) and position. Columns count bytes, as in
// every journeyctl diagnostic (SARIF has no columnKind for bytes; for
// ASCII text, the usual case, they agree with its default). Only the properties GitHub
// code scanning and the SARIF viewers read are written; their meaning is
// in the standard, sections 3.13 (run), 3.19 (toolComponent), 3.27 (result)
// and 3.30 (region).
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "cmd/diagnostic_output.hpp"
#include "version.hpp"

namespace journeyctl::cmd {

namespace diag = core::diag;

namespace {

constexpr std::string_view k_sarif_schema = "https://json.schemastore.org/sarif-2.1.0.json";

// A relative URI reference: unreserved characters and '/' as they are,
// every other byte percent-encoded (RFC 3986), so a space or '#' in a file
// name cannot change the URI's meaning.
std::string uri_of(std::string_view path) {
    std::string out;
    for (unsigned char c : path) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '.' || c == '_' || c == '~' || c == '/';
        if (keep) {
            out += static_cast<char>(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            out += escaped;
        }
    }
    return out;
}

std::string_view level_of(diag::Severity severity) {
    switch (severity) {
    case diag::Severity::Error: return "error";
    case diag::Severity::Warning: return "warning";
    case diag::Severity::Note: return "note";
    }
    return "error";
}

// A file, and the region in it when there is a line.
nlohmann::json physical_location(const diag::Diagnostic& d, std::string_view path_prefix) {
    nlohmann::json physical = {
        {"artifactLocation", {{"uri", uri_of(std::string(path_prefix) + d.path)}, {"uriBaseId", "%SRCROOT%"}}}};
    if (d.line > 0) {
        nlohmann::json region = {{"startLine", d.line}, {"startColumn", std::max<uint32_t>(d.column, 1)}};
        if (d.length > 1) {
            region["endColumn"] = std::max<uint32_t>(d.column, 1) + d.length;
        }
        physical["region"] = std::move(region);
    }
    return physical;
}

}  // namespace

std::string render_sarif_report(const std::vector<diag::Diagnostic>& diagnostics,
                                const std::vector<CodeDescription>& rules, std::string_view path_prefix) {
    nlohmann::json rule_list = nlohmann::json::array();
    std::map<std::string, size_t, std::less<>> rule_index;
    auto add_rule = [&](std::string_view code, std::string_view summary) {
        if (rule_index.count(code) != 0) {
            return;
        }
        rule_index.emplace(std::string(code), rule_list.size());
        rule_list.push_back({{"id", code}, {"shortDescription", {{"text", summary}}}});
    };
    for (const CodeDescription& rule : rules) {
        add_rule(rule.code, rule.summary);
    }

    nlohmann::json results = nlohmann::json::array();
    for (const diag::Diagnostic& d : diagnostics) {
        nlohmann::json result = {{"level", level_of(d.severity)}, {"message", {{"text", d.message}}}};
        if (!d.code.empty()) {
            // A code missing from the table still gets a rule, so that
            // every ruleIndex points at a rule with its id.
            add_rule(d.code, d.code);
            result["ruleId"] = d.code;
            result["ruleIndex"] = rule_index.find(d.code)->second;
        }
        if (!d.path.empty()) {
            nlohmann::json physical = physical_location(d, path_prefix);
            nlohmann::json location = nlohmann::json::object();
            location["physicalLocation"] = std::move(physical);
            result["locations"] = nlohmann::json::array();
            result["locations"].push_back(std::move(location));
        }
        // Notes ("'[' opened here") are SARIF's relatedLocations.
        for (size_t i = 0; i < d.notes.size(); ++i) {
            const diag::Diagnostic& note = d.notes[i];
            nlohmann::json related = {{"id", i}, {"message", {{"text", note.message}}}};
            if (!note.path.empty()) related["physicalLocation"] = physical_location(note, path_prefix);
            result["relatedLocations"].push_back(std::move(related));
        }
        results.push_back(std::move(result));
    }

    nlohmann::json driver = nlohmann::json::object();
    driver["name"] = "journeyctl";
    driver["version"] = JOURNEYCTL_VERSION;
    driver["rules"] = std::move(rule_list);
    nlohmann::json run = nlohmann::json::object();
    run["tool"]["driver"] = std::move(driver);
    run["results"] = std::move(results);
    nlohmann::json log = nlohmann::json::object();
    log["$schema"] = k_sarif_schema;
    log["version"] = "2.1.0";
    log["runs"] = nlohmann::json::array();
    log["runs"].push_back(std::move(run));
    return log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace journeyctl::cmd
