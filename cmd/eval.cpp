// `journeyctl eval [EXPR]`: evaluate expressions of the expression language
// (journeyctl-expressions(7)) and print each result as a CEL literal, or as
// {"type": ..., "value": ...} with --format json. Without EXPR it reads one
// expression per line of standard input and prints one result per line, so
// scripts can feed it thousands. An expression that fails to compile or
// evaluates to an error is a result like any other (exit 0); only usage
// errors exit 2. With --profile KEY, `profile` and `events` are that
// profile's row and events from the workspace's data (and inSegment works),
// as segments and journeys see them; an unknown key exits 2.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "cmd/commands.hpp"
#include "cmd/exit_codes.hpp"
#include "cmd/profile_binding.hpp"
#include "core/diag/diagnostic.hpp"
#include "core/diag/errors.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/json_value.hpp"

namespace journeyctl::cmd {
namespace {

namespace expr = core::expr;

struct EvalOptions {
    std::string expression;
    std::string format = "text";
    std::vector<std::string> variables;  // NAME=JSON
    std::string profile;                 // --profile KEY
    bool strict = false;                 // --strict: the first rejected data row stops
};

struct Bindings {
    expr::Environment environment = expr::Environment::standard();
    std::vector<std::pair<int, expr::Value>> values;
};

Bindings bind_variables(const EvalOptions& options, const Context& context, const ProfileBinding& profile) {
    Bindings bindings;
    if (profile.session) bindings.environment = profile.session->engine().environment();
    bindings.values.emplace_back(*bindings.environment.slot_of("now"), expr::Value::timestamp(context.now()));
    for (const std::string& binding : options.variables) {
        size_t equals = binding.find('=');
        if (equals == std::string::npos || equals == 0) {
            throw core::UsageError(fmt::format("--var '{}': expected NAME=JSON, e.g. --var 'age=42'", binding));
        }
        std::string name = binding.substr(0, equals);
        nlohmann::json json = nlohmann::json::parse(binding.substr(equals + 1), nullptr, false);
        if (json.is_discarded()) {
            throw core::UsageError(fmt::format(
                "--var {}: the value is not valid JSON (strings need quotes: --var '{}=\"text\"')", name, name));
        }
        expr::Value value;
        try {
            value = expr::value_from_json(json);
        } catch (const expr::JsonTooDeep& e) {
            throw core::UsageError(fmt::format("--var {}: {}", name, e.what()));
        }
        int slot = bindings.environment.declare(name, expr::type_of_json(json));
        bindings.values.emplace_back(slot, std::move(value));
    }
    return bindings;
}

std::string_view json_type_name(const expr::Value& value) {
    using Kind = expr::Value::Kind;
    switch (value.kind()) {
    case Kind::Null: return "null";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Uint: return "uint";
    case Kind::Double: return "double";
    case Kind::String: return "string";
    case Kind::Bytes: return "bytes";
    case Kind::List:
    case Kind::RecordList: return "list";
    case Kind::Map:
    case Kind::Record: return "map";
    case Kind::Timestamp: return "timestamp";
    case Kind::Duration: return "duration";
    case Kind::Type: return "type";
    case Kind::Error: return "error";
    }
    return "error";
}

// `line` is the line of the input (stdin's line in batch mode), as the
// diagnostic on stderr says; 0 when no position is known.
std::string json_error(std::string_view message, uint32_t line = 0, uint32_t column = 0) {
    nlohmann::json object = {{"type", "error"}, {"message", message}};
    if (line != 0) {
        object["line"] = line;
        object["column"] = column;
    }
    return object.dump();
}

class ExpressionPrinter {
public:
    ExpressionPrinter(const EvalOptions& options, const Context& context, ProfileBinding profile)
        : m_json(options.format == "json"), m_profile(std::move(profile)),
          m_bindings(bind_variables(options, context, m_profile)), m_color(context.color_for(STDERR_FILENO)),
          m_now(context.now()) {}

    // Compiles and evaluates one expression and prints its result line.
    // `origin` names where the text came from for diagnostics on stderr.
    void print(std::string_view text, std::string_view origin, uint32_t first_line) {
        expr::CompileResult compiled = expr::compile(text, m_bindings.environment);
        if (!compiled.ok()) {
            print_compile_errors(text, compiled.diagnostics, origin, first_line);
            return;
        }
        expr::Value result;
        if (m_profile.session) {
            result = m_profile.session->engine().evaluate(*compiled.program, m_bindings.environment,
                                                          m_profile.session->population(), m_profile.row, m_now,
                                                          m_bindings.values);
        } else {
            expr::Evaluator evaluator(compiled.program);
            expr::Activation activation(m_bindings.environment);
            for (const auto& [slot, value] : m_bindings.values) {
                activation.set(slot, value);
            }
            result = evaluator.evaluate(activation);
        }
        if (!m_json) {
            emit(result.to_cel_literal());
        } else if (result.is_error()) {
            emit(json_error(result.as_string()));
        } else {
            emit(fmt::format("{{\"type\":\"{}\",\"value\":{}}}", json_type_name(result), result.to_json()));
        }
    }

private:
    void print_compile_errors(std::string_view text, const std::vector<expr::ExprDiagnostic>& diagnostics,
                              std::string_view origin, uint32_t first_line) {
        const expr::ExprDiagnostic* first = nullptr;
        for (const expr::ExprDiagnostic& d : diagnostics) {
            if (d.is_warning) {
                continue;
            }
            first = first == nullptr ? &d : first;
            core::diag::Diagnostic shown{std::string(origin), first_line + d.span.line - 1, d.span.column,
                                         std::max<uint32_t>(d.span.length, 1), core::diag::Severity::Error,
                                         d.message, ""};
            if (d.note) {
                shown.notes.push_back({std::string(origin), first_line + d.note->span.line - 1, d.note->span.column,
                                       std::max<uint32_t>(d.note->span.length, 1), core::diag::Severity::Note,
                                       d.note->message, ""});
            }
            const auto source_line = [&](const core::diag::Diagnostic& at) {
                return core::diag::line_of(text, at.line - first_line + 1);
            };
            std::fputs(core::diag::render_text(shown, source_line, {m_color}).c_str(), stderr);
        }
        std::string message = first != nullptr ? first->message : "invalid expression";
        if (!m_json) {
            emit("error: " + message);
        } else if (first != nullptr) {
            emit(json_error(message, first_line + first->span.line - 1, first->span.column));
        } else {
            emit(json_error(message));
        }
    }

    static void emit(const std::string& line) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fputc('\n', stdout);
        // Scripts may talk to `eval` line by line through a pipe.
        std::fflush(stdout);
    }

    bool m_json;
    ProfileBinding m_profile;
    Bindings m_bindings;
    bool m_color;
    expr::Timestamp m_now;
};

int run_eval(const EvalOptions& options, const Context& context, bool has_expression) {
    ExpressionPrinter printer(options, context, bind_profile(context, options.profile, options.strict));
    if (has_expression) {
        printer.print(options.expression, "<expr>", 1);
        return k_exit_ok;
    }
    std::string line;
    uint32_t line_number = 0;
    while (std::getline(std::cin, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        printer.print(line, "<stdin>", line_number);
        // Standard output is gone (a full disk): stop reading; run_app
        // reports it.
        if (std::ferror(stdout) != 0) break;
    }
    spdlog::info("eval: answered {} expressions from standard input", line_number);
    return k_exit_ok;
}

}  // namespace

void register_eval(CLI::App& command, Context& context) {
    auto options = std::make_shared<EvalOptions>();
    CLI::Option* expression =
        command.add_option("EXPR", options->expression, "The expression (journeyctl-expressions(7))");
    command.add_option("--format", options->format, "Output: text (CEL literals) or json (one object a line)")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("FORMAT");
    command.add_option("--var", options->variables, "Bind variable NAME to a JSON value (repeatable)")
        ->option_text("NAME=JSON")
        ->allow_extra_args(false);
    CLI::Option* profile = command.add_option("--profile", options->profile,
                                              "Bind profile and events to this profile of the workspace's data")
                               ->option_text("KEY");
    command.add_flag("--strict", options->strict, "With --profile: stop at the first rejected data row (exit 3)")
        ->needs(profile);
    command.callback([options, expression, &context] {
        context.exit_code = run_eval(*options, context, expression->count() > 0);
    });
}

}  // namespace journeyctl::cmd
