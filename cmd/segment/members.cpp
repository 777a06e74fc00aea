// `journeyctl segment show NAME` (a preview table of members: the key and
// chosen fields, by default those the segment reads) and `journeyctl
// segment export NAME` (every member with every profile field, as CSV or
// JSON Lines, written to a temporary file then renamed into place so a
// reader never sees half a file). Members come in profile file order.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/output_file.hpp"
#include "cmd/workspace_session.hpp"
#include "cmd/workspace_inputs.hpp"
#include "core/diag/errors.hpp"
#include "core/util/edit_distance.hpp"
#include "core/util/escape.hpp"
#include "core/util/utf8.hpp"
#include "journeys/model/expression_env.hpp"

namespace journeyctl::cmd::segment {
namespace {

using core::expr::Value;

// The members' rows and the fields (profile columns) to write.
struct MemberTable {
    std::vector<std::string> fields;  // key first
    std::vector<uint32_t> field_index;
    std::vector<uint32_t> rows;
    uint64_t members = 0;
};

MemberTable member_table(WorkspaceSession& session, size_t target, const std::vector<std::string>& fields, bool strict,
                         uint64_t limit) {
    const std::vector<size_t> targets{target};
    const auto result = session.run(targets, strict);
    const auto& table = session.dataset().profiles();
    MemberTable out;
    const std::string key = table.columns()[session.dataset().key_field()].name();
    out.fields.push_back(key);
    for (const std::string& f : fields) {
        if (f != key) out.fields.push_back(f);
    }
    for (const std::string& f : out.fields) out.field_index.push_back(table.field_index(f).value_or(UINT32_MAX));
    const auto& members = result.members[0];
    for (uint32_t row = 0; row < members.size(); ++row) {
        if (!members[row]) continue;
        ++out.members;
        if (out.rows.size() < limit) out.rows.push_back(row);
    }
    return out;
}

bool cell(const WorkspaceSession& session, const MemberTable& t, size_t column, uint32_t row, Value& out) {
    const uint32_t field = t.field_index[column];
    return field != UINT32_MAX && session.dataset().profiles().get(field, row, out);
}

std::string csv_quoted(const std::string& text) {
    const bool needs = text.find_first_of(",\"\r\n") != std::string::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!needs) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string json_object(const WorkspaceSession& session, const MemberTable& t, uint32_t row) {
    std::string out = "{";
    Value value;
    for (size_t c = 0; c < t.fields.size(); ++c) {
        if (!cell(session, t, c, row, value)) continue;  // absent: no key
        if (out.size() > 1) out += ',';
        out += Value::borrowed_string(t.fields[c]).to_json() + ":" + value.to_json();
    }
    return out + "}";
}

std::string render(const WorkspaceSession& session, const MemberTable& t, const std::string& format) {
    std::string out;
    Value value;
    if (format == "csv") {
        for (size_t c = 0; c < t.fields.size(); ++c) out += (c ? "," : "") + csv_quoted(t.fields[c]);
        out += '\n';
        for (uint32_t row : t.rows) {
            for (size_t c = 0; c < t.fields.size(); ++c) {
                if (c) out += ',';
                if (cell(session, t, c, row, value)) out += csv_quoted(value.to_cell_text());
            }
            out += '\n';
        }
    } else if (format == "jsonl") {
        for (uint32_t row : t.rows) out += json_object(session, t, row) + "\n";
    } else if (format == "json") {
        out = "[";
        for (size_t i = 0; i < t.rows.size(); ++i) out += (i ? ",\n " : "\n ") + json_object(session, t, t.rows[i]);
        out += t.rows.empty() ? "]\n" : "\n]\n";
    } else {
        // An aligned table; line breaks, tabs and every other control
        // character inside cells are escaped (core/util/escape.hpp).
        std::vector<std::vector<std::string>> cells(t.rows.size() + 1);
        cells[0] = t.fields;
        for (size_t i = 0; i < t.rows.size(); ++i) {
            for (size_t c = 0; c < t.fields.size(); ++c) {
                std::string text = cell(session, t, c, t.rows[i], value) ? value.to_cell_text() : "";
                cells[i + 1].push_back(core::util::escape_controls(text));
            }
        }
        std::vector<size_t> width(t.fields.size(), 0);
        for (const auto& line : cells) {
            for (size_t c = 0; c < line.size(); ++c) width[c] = std::max<size_t>(width[c], core::util::code_point_count(line[c]));
        }
        for (const auto& line : cells) {
            std::string text;
            for (size_t c = 0; c < line.size(); ++c) {
                text += line[c];
                if (c + 1 < line.size()) text.append(width[c] - core::util::code_point_count(line[c]) + 2, ' ');
            }
            while (!text.empty() && text.back() == ' ') text.pop_back();
            out += text + "\n";
        }
        out += fmt::format("{} of {} member{}\n", t.rows.size(), t.members, t.members == 1 ? "" : "s");
    }
    return out;
}

// ---- show ------------------------------------------------------------------

struct ShowOptions {
    std::string name;
    int64_t limit = 20;
    std::vector<std::string> field_lists;  // as given, one per --fields
    std::string format = "text";
    bool strict = false;
};

// The fields of every --fields A,B: a list without a name in it (`,`, `a,`)
// or a value that is another option (`--fields --limit 1`) is a usage error.
std::vector<std::string> split_fields(const std::vector<std::string>& lists) {
    std::vector<std::string> fields;
    for (const std::string& list : lists) {
        size_t start = 0;
        for (;;) {
            const size_t comma = list.find(',', start);
            const std::string field = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (field.empty() || field.front() == '-') {
                throw core::UsageError(
                    fmt::format("--fields needs a comma-separated list of fields, e.g. --fields email,country{}",
                                list.empty() ? "" : fmt::format(" (got '{}')", list)));
            }
            fields.push_back(field);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    return fields;
}

void check_fields(const WorkspaceSession& session, const std::vector<std::string>& fields) {
    const journeys::ProfileType profile = journeys::profile_type(session.workspace());
    if (!profile.known) return;
    std::vector<std::string> known;
    for (const auto& [name, type] : profile.type.fields()) known.push_back(name);
    for (const std::string& f : fields) {
        if (std::find(known.begin(), known.end(), f) != known.end()) continue;
        throw core::UsageError(fmt::format("--fields: profiles have no field '{}'{}", f, core::util::did_you_mean(f, known)));
    }
}

int run_show(const ShowOptions& options, const Context& context) {
    if (options.limit < 0) throw core::UsageError("--limit must be 0 or more");
    WorkspaceSession session(context);
    const size_t target = session.resolve({options.name}).front();
    session.prepare({target});
    std::vector<std::string> fields = split_fields(options.field_lists);
    if (options.field_lists.empty()) {
        // By default, the fields the segment's condition reads.
        const core::segment::FieldUse use = session.engine().field_use();
        fields.assign(use.profile_fields.begin(), use.profile_fields.end());
    }
    check_fields(session, fields);
    session.load(fields, options.strict);
    const MemberTable table = member_table(session, target, fields, options.strict, static_cast<uint64_t>(options.limit));
    const std::string out = render(session, table, options.format);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

// ---- export ----------------------------------------------------------------

struct ExportOptions {
    std::string name;
    std::string output = "-";
    std::string format = "csv";
    bool strict = false;
    bool force = false;  // write over a file the workspace reads
};

int run_export(const ExportOptions& options, const Context& context) {
    WorkspaceSession session(context);
    if (options.output != "-") {
        refuse_overwriting_input(options.output, workspace_inputs(session.workspace()), "-o", options.force);
    }
    const size_t target = session.resolve({options.name}).front();
    session.prepare({target});
    const auto& dataset = session.load(std::nullopt, options.strict);
    std::vector<std::string> fields;
    for (const auto& column : dataset.profiles().columns()) fields.push_back(column.name());
    const MemberTable table = member_table(session, target, fields, options.strict, UINT64_MAX);
    const std::string out = render(session, table, options.format);
    if (options.output == "-") {
        std::fwrite(out.data(), 1, out.size(), stdout);
    } else {
        write_file_atomically(options.output, out, "-o");
        if (!context.options.quiet) {
            std::fprintf(stderr, "journeyctl: wrote %llu member%s to %s\n",
                         static_cast<unsigned long long>(table.members), table.members == 1 ? "" : "s",
                         options.output.c_str());
        }
    }
    return k_exit_ok;
}

}  // namespace

void register_show(CLI::App& command, Context& context) {
    auto options = std::make_shared<ShowOptions>();
    command.add_option("NAME", options->name, "The segment")->required();
    command.add_option("--limit", options->limit, "Show at most N members (default 20)")->option_text("N");
    // One value per --fields, split here: CLI11's own splitting took
    // `--fields --limit 1` as the fields "--limit" and "1".
    command.add_option("--fields", options->field_lists, "Profile fields to show after the key (default: those the segment reads)")
        ->expected(0, 1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->option_text("A,B,...");
    command.add_option("--format", options->format, "Output: text (a table), json, jsonl or csv")
        ->check(CLI::IsMember({"text", "json", "jsonl", "csv"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Stop at the first bad data row or expression error (exit 3)");
    command.callback([options, &context] { context.exit_code = run_show(*options, context); });
}

void register_export(CLI::App& command, Context& context) {
    auto options = std::make_shared<ExportOptions>();
    command.add_option("NAME", options->name, "The segment")->required();
    command.add_option("-o,--output", options->output, "Write to FILE (replaced whole); - or absent: stdout")
        ->option_text("FILE");
    command.add_option("--format", options->format, "Output: csv (the default) or jsonl")
        ->check(CLI::IsMember({"csv", "jsonl"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Stop at the first bad data row or expression error (exit 3)");
    command.add_flag("--force", options->force, "Write FILE even when the workspace reads it (its data, files, state)");
    command.callback([options, &context] { context.exit_code = run_export(*options, context); });
}

}  // namespace journeyctl::cmd::segment
