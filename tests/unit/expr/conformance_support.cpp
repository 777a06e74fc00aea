// Runs one conformance row: compile, evaluate with a fixed `now`, and compare
// the outcome with the row's expectation (grammar in conformance_support.hpp).
#include "tests/unit/expr/conformance_support.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <string>

#include <catch2/catch.hpp>

namespace journeyctl::tests::conformance {

using core::expr::Activation;
using core::expr::CompileResult;
using core::expr::Environment;
using core::expr::Evaluator;
using core::expr::Timestamp;
using core::expr::Value;

namespace {

const Environment& standard_environment() {
    static const Environment env = Environment::standard();
    return env;
}

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
    return lowered(haystack).find(lowered(needle)) != std::string::npos;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// Splits "KIND[@COL][: text]" after the KIND word has been recognised.
struct ErrorSpec {
    uint32_t column = 0;
    std::string_view text;
};

ErrorSpec parse_error_spec(std::string_view rest) {
    ErrorSpec spec;
    if (!rest.empty() && rest.front() == '@') {
        rest.remove_prefix(1);
        while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
            spec.column = spec.column * 10 + static_cast<uint32_t>(rest.front() - '0');
            rest.remove_prefix(1);
        }
    }
    if (starts_with(rest, ":")) {
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        spec.text = rest;
    }
    return spec;
}

const char* kind_word(Outcome::Kind kind) {
    switch (kind) {
        case Outcome::Kind::Value: return "a value";
        case Outcome::Kind::RuntimeError: return "a runtime error";
        case Outcome::Kind::CompileError: return "a compile error";
        case Outcome::Kind::Threw: return "an exception";
    }
    return "?";
}

}  // namespace

std::string Outcome::describe() const {
    switch (kind) {
        case Kind::Value: return text;
        case Kind::RuntimeError: return "error: " + text;
        case Kind::CompileError: return "compile error@" + std::to_string(column) + ": " + text;
        case Kind::Threw: return "threw: " + text;
    }
    return text;
}

Outcome run(std::string_view source) {
    return run(source, standard_environment(), {});
}

Outcome run(std::string_view source, const Environment& env, const Binder& bind) {
    Outcome out;
    try {
        CompileResult compiled = core::expr::compile(source, env);
        if (!compiled.ok()) {
            out.kind = Outcome::Kind::CompileError;
            for (const auto& diagnostic : compiled.diagnostics) {
                if (diagnostic.is_warning) continue;
                out.text = diagnostic.message;
                out.column = diagnostic.span.column;
                break;
            }
            if (out.text.empty()) out.text = "(no error diagnostic)";
            return out;
        }
        Activation activation(env);
        if (auto now_slot = env.slot_of("now")) {
            activation.set(*now_slot, Value::timestamp(Timestamp{k_now_seconds, 0}));
        }
        if (bind) bind(activation);
        Evaluator evaluator(compiled.program);
        const Value value = evaluator.evaluate(activation);
        if (value.is_error()) {
            out.kind = Outcome::Kind::RuntimeError;
            out.text = std::string(value.as_string());
        } else {
            out.kind = Outcome::Kind::Value;
            out.text = value.to_cel_literal();
        }
    } catch (const std::exception& e) {
        out.kind = Outcome::Kind::Threw;
        out.text = e.what();
    } catch (...) {
        out.kind = Outcome::Kind::Threw;
        out.text = "unknown exception";
    }
    return out;
}

std::string eval_to_literal(std::string_view source) {
    const Outcome out = run(source);
    switch (out.kind) {
        case Outcome::Kind::Value: return out.text;
        case Outcome::Kind::RuntimeError: return "error: " + out.text;
        case Outcome::Kind::CompileError: return "compile error: " + out.text;
        case Outcome::Kind::Threw: return "threw: " + out.text;
    }
    return out.text;
}

namespace {

std::string mismatch_one(const Outcome& outcome, std::string_view expected) {
    const std::string got = "got " + outcome.describe();
    auto check_error = [&](bool kind_ok, std::string_view rest) -> std::string {
        if (!kind_ok) return std::string("expected ").append(expected) + ", " + got + " (" + kind_word(outcome.kind) + ")";
        const ErrorSpec spec = parse_error_spec(rest);
        if (spec.column != 0 && outcome.kind == Outcome::Kind::CompileError && outcome.column != spec.column) {
            return "expected the error at column " + std::to_string(spec.column) + ", " + got;
        }
        if (!spec.text.empty() && !contains_folded(outcome.text, spec.text)) {
            return std::string("expected an error mentioning '").append(spec.text) + "', " + got;
        }
        return {};
    };
    if (starts_with(expected, "compile error")) {
        return check_error(outcome.kind == Outcome::Kind::CompileError, expected.substr(13));
    }
    if (starts_with(expected, "error") && (expected.size() == 5 || expected[5] == ':')) {
        return check_error(outcome.kind == Outcome::Kind::RuntimeError, expected.substr(5));
    }
    if (starts_with(expected, "fails")) {
        const bool failed = outcome.kind == Outcome::Kind::RuntimeError || outcome.kind == Outcome::Kind::CompileError;
        return check_error(failed, expected.substr(5));
    }
    if (outcome.kind != Outcome::Kind::Value || outcome.text != expected) {
        return std::string("expected ").append(expected) + ", " + got;
    }
    return {};
}

}  // namespace

std::string mismatch(const Outcome& outcome, std::string_view expected) {
    // "0 | error": any one of the alternatives will do.
    std::string first_problem;
    size_t start = 0;
    while (true) {
        const size_t bar = expected.find(" | ", start);
        const std::string_view alternative = expected.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
        std::string problem = mismatch_one(outcome, alternative);
        if (problem.empty()) return {};
        if (first_problem.empty()) first_problem = std::move(problem);
        if (bar == std::string_view::npos) break;
        start = bar + 3;
    }
    if (expected.find(" | ") != std::string_view::npos) {
        return std::string("expected one of ").append(expected) + ", got " + outcome.describe();
    }
    return first_problem;
}

void check_cases(std::span<const Case> cases) {
    check_cases(cases, standard_environment(), {});
}

void check_cases(std::span<const Case> cases, const Environment& env, const Binder& bind) {
    for (const Case& row : cases) {
        INFO("expression: " << row.expr);
        const std::string problem = mismatch(run(row.expr, env, bind), row.expected);
        CHECK(problem == "");
    }
}

}  // namespace journeyctl::tests::conformance
