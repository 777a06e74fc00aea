// `journeyctl segment explain NAME KEY`: why a profile is (not) in a
// segment. The `where` is split into its clauses (core/segment/explain.cpp)
// and each is shown with its value for that profile: ✓ true, ✗ false,
// ! an error (with its message), = any other value; groups of && and ||
// show their operands indented below them.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/workspace_session.hpp"
#include "core/util/escape.hpp"

namespace journeyctl::cmd::segment {
namespace {

using core::expr::Value;
using core::segment::ExplainNode;

struct ExplainOptions {
    std::string name;
    std::string key;
    std::string format = "text";
    bool strict = false;
};

std::string one_line(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string mark(const Value& v) {
    if (v.kind() == Value::Kind::Bool) return v.as_bool() ? "✓" : "✗";
    return v.is_error() ? "!" : "=";
}

void render_text(const ExplainNode& node, int depth, std::string& out) {
    std::string line = std::string(static_cast<size_t>(depth) * 2, ' ') + mark(node.value) + " ";
    if (node.op == "&&") {
        line += "all of:";
    } else if (node.op == "||") {
        line += "any of:";
    } else if (node.op == "!") {
        line += "not:";
    } else {
        line += one_line(node.text);
    }
    if (node.value.is_error()) {
        line += "  (error: " + std::string(node.value.as_string()) + ")";
    } else if (node.value.kind() != Value::Kind::Bool) {
        line += "  (= " + node.value.to_cel_literal() + ")";
    }
    out += core::util::escape_controls(line) + "\n";
    for (const ExplainNode& child : node.children) render_text(child, depth + 1, out);
}

nlohmann::json to_json(const ExplainNode& node) {
    nlohmann::json out = {{"text", one_line(node.text)}};
    if (node.value.is_error()) {
        out["error"] = std::string(node.value.as_string());
    } else {
        out["value"] = nlohmann::json::parse(node.value.to_json());
    }
    if (!node.op.empty()) {
        out["op"] = node.op;
        out["children"] = nlohmann::json::array();
        for (const ExplainNode& child : node.children) out["children"].push_back(to_json(child));
    }
    return out;
}

int run_explain(const ExplainOptions& options, const Context& context) {
    WorkspaceSession session(context);
    const size_t target = session.resolve({options.name}).front();
    session.prepare({target});
    // --strict as in the other segment commands: a rejected data row stops
    // it (exit 3), since the profile explained may be missing an event.
    session.load(std::vector<std::string>{}, options.strict);
    const uint32_t row = session.profile_row(options.key);
    const ExplainNode tree = session.engine().explain(target, session.population(), row, context.now());
    const bool member = tree.value.kind() == Value::Kind::Bool && tree.value.as_bool();
    std::string out;
    if (options.format == "json") {
        nlohmann::json report = {{"segment", options.name}, {"profile", options.key}, {"member", member},
                                 {"where", to_json(tree)}};
        out = report.dump(2) + "\n";
    } else {
        out = core::util::escape_controls(
                  fmt::format("{} {} in segment '{}'", options.key, member ? "is" : "is not", options.name)) +
              "\n";
        render_text(tree, 0, out);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return k_exit_ok;
}

}  // namespace

void register_explain(CLI::App& command, Context& context) {
    auto options = std::make_shared<ExplainOptions>();
    command.add_option("NAME", options->name, "The segment")->required();
    command.add_option("KEY", options->key, "The profile's key")->required();
    command.add_option("--format", options->format, "Output: text (a tree of clauses) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.add_flag("--strict", options->strict, "Stop at the first rejected data row (exit 3)");
    command.callback([options, &context] { context.exit_code = run_explain(*options, context); });
}

}  // namespace journeyctl::cmd::segment
