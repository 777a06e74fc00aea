// The public face of the expression language: declare what an expression
// may see (an Environment), compile its text once (parse + type-check) into
// a Program, then evaluate that program many times against Activations.
//
//   Environment env = Environment::standard();          // declares `now`
//   int profile = env.declare("profile", Type::record("profile", {...}));
//   CompileResult r = compile("profile.age >= 25", env);
//   if (!r.ok()) { for (auto& d : r.diagnostics) ...; }
//   Evaluator ev(*r.program);                            // reusable scratch
//   Activation act(env);
//   act.set(profile, row_value);
//   act.set(env.slot_of("now"), Value::timestamp(now));
//   Value v = ev.evaluate(act);                          // no parsing, no allocation
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expr/ast.hpp"
#include "core/expr/cost.hpp"
#include "core/expr/types.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::expr {

class Activation;

// A function the host adds to the language (e.g. inSegment("vip")). The
// implementation receives the evaluated arguments and the activation (so it
// can reach the current profile through Activation::host()).
struct FunctionDecl {
    std::string name;
    bool receiver_style = false;      // x.f(y) rather than f(x, y)
    std::vector<Type> parameters;     // receiver first when receiver_style
    Type result;
    std::function<Value(std::span<const Value> args, const Activation& activation)> implementation;
};

// What an expression may refer to: variables (each with a slot) and host
// functions. Built-in functions and macros are always there.
class Environment {
public:
    // An empty environment: no variables at all.
    Environment() = default;
    // Declares `now` (timestamp), as every journeyctl expression sees it.
    static Environment standard();

    // Declares a variable; returns its slot. Declaring a name again replaces
    // its type and keeps its slot.
    int declare(std::string name, Type type);
    std::optional<int> slot_of(std::string_view name) const;
    const std::string& name_of(int slot) const { return m_names.at(slot); }
    const Type& type_of(int slot) const { return m_types.at(slot); }
    int variable_count() const { return static_cast<int>(m_names.size()); }

    void add_function(FunctionDecl decl);
    const std::vector<FunctionDecl>& functions() const { return m_functions; }

private:
    std::vector<std::string> m_names;
    std::vector<Type> m_types;
    std::vector<FunctionDecl> m_functions;
};

// One problem found while compiling, positioned inside the expression text.
struct ExprDiagnostic {
    SourceSpan span;
    std::string message;
    bool is_warning = false;
    // The expression type-checks but its worst case is over the cost limit
    // (cost.hpp); validate reports it as expr-cost rather than expr-type.
    bool over_cost_limit = false;
    // A related place: for an unclosed '[', '(' or '{', where it was
    // opened ("'[' opened here").
    struct Note {
        SourceSpan span;
        std::string message;
    };
    std::optional<Note> note;
};

// A parsed and checked expression, ready to evaluate; immutable and safe to
// share between threads (each thread uses its own Evaluator).
class Program {
public:
    const Node& root() const { return *m_root; }
    const Type& result_type() const { return m_root->type; }
    const std::string& source() const { return m_source; }
    // Activation slots plus one per macro variable.
    int frame_size() const { return m_frame_size; }
    const Environment& environment() const { return *m_env; }
    // The most one evaluation may cost (CompileOptions::cost_limit).
    uint64_t cost_limit() const { return m_cost_limit; }

private:
    friend class ProgramBuilder;
    std::string m_source;
    NodePtr m_root;
    int m_frame_size = 0;
    uint64_t m_cost_limit = k_default_cost_limit;
    std::shared_ptr<const Environment> m_env;
};

struct CompileOptions {
    // When true, a condition whose type is neither bool nor dyn is an error
    // ("condition must be bool, got int"); used for where/when/consent.
    bool expect_bool = false;
    // The most an evaluation may cost (units of cost.hpp): an expression
    // whose worst case is estimated above it does not compile, and an
    // evaluation that goes past it ends with an error.
    uint64_t cost_limit = k_default_cost_limit;
};

struct CompileResult {
    std::shared_ptr<const Program> program;  // null when diagnostics has errors
    std::vector<ExprDiagnostic> diagnostics;  // errors and warnings, by position
    bool ok() const { return program != nullptr; }
};

// Parses and type-checks the text. Never throws on bad input.
CompileResult compile(std::string_view source, const Environment& env, CompileOptions options = {});

// The variable values for one evaluation, by slot. Unset slots are an error
// value when read ("variable 'x' has no value").
class Activation {
public:
    explicit Activation(const Environment& env);
    void set(int slot, Value value);
    const Value& get(int slot) const;
    bool has(int slot) const;
    // Opaque host context for FunctionDecl implementations.
    void set_host(const void* host) { m_host = host; }
    const void* host() const { return m_host; }

private:
    std::vector<Value> m_values;
    std::vector<bool> m_set;
    const void* m_host = nullptr;
};

// Evaluates one program; keeps scratch space between calls so that the hot
// path allocates nothing. Not thread-safe: one Evaluator per thread.
class Evaluator {
    struct Impl;

public:
    // constants: (slot, value) of variables that keep one value for every
    // evaluation by this Evaluator (the segment engine's `now`); the
    // activation's value for such a slot is not read. Subexpressions of
    // constants and literals (`now - 90d`) are then computed once, here,
    // rather than once per row or per event.
    explicit Evaluator(std::shared_ptr<const Program> program,
                       std::span<const std::pair<int, Value>> constants = {});
    ~Evaluator();
    Evaluator(Evaluator&&) noexcept;
    Evaluator& operator=(Evaluator&&) noexcept;
    Value evaluate(const Activation& activation);

    // The value a node of the program was computed to once, when the
    // Evaluator was built (literals and subexpressions of constants); null
    // when the node varies between evaluations.
    const Value* folded_value(const Node& node) const;
    // A faster way, found by the host, to evaluate one node of the program
    // (the segment engine runs an `events` macro over its columns): called
    // instead of evaluating the node, it sets `out` and returns true, or
    // returns false to let the evaluator evaluate the node itself. It must
    // give exactly the value the evaluator would.
    using Shortcut = std::function<bool(const Activation& activation, Value& out)>;
    void set_shortcut(const Node& node, Shortcut shortcut);

    // One node of the program, evaluated on demand by a shortcut set on an
    // ancestor that works out the ancestor's value from such parts (shortcuts
    // of the part and below it still apply). Valid while the Evaluator is.
    class Part {
    public:
        Value operator()(const Activation& activation) const;
        explicit operator bool() const { return m_impl != nullptr; }

    private:
        friend class Evaluator;
        Impl* m_impl = nullptr;
        const void* m_code = nullptr;
    };
    // The part for a node (false when the node is not in the program).
    Part part(const Node& node);

private:
    std::unique_ptr<Impl> m_impl;
};

}  // namespace journeyctl::core::expr
