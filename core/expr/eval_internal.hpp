// Internals of the tree-walking evaluator (eval*.cpp). At construction the
// checked syntax tree is mirrored once into a tree of Code nodes that carry
// what evaluation would otherwise recompute every time: which built-in a
// call names, compiled regular expressions for literal `matches` patterns,
// and the error values for a missing key or an unset variable (so that a
// sparse profile does not allocate an error message per evaluation), and
// for a field selected from a Record (a row of loaded data) the field's
// index in the record's source, found once rather than once per row.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/expr/ast.hpp"
#include "core/expr/cost.hpp"
#include "core/expr/expression.hpp"
#include "core/expr/record.hpp"
#include "core/expr/time.hpp"
#include "core/expr/value.hpp"

namespace journeyctl::core::expr {

namespace detail {

enum class Builtin : uint8_t {
    None,
    Host,     // Environment::functions()[Code::host]
    Unknown,  // no such function: Code::fixed_error
    Size, Contains, StartsWith, EndsWith, Matches,
    ToInt, ToUint, ToDouble, ToString, ToBool, ToBytes, TypeOf, Dyn, ToTimestamp, ToDuration,
    TimeField, LowerAscii, UpperAscii, Trim, Sum, Min, Max,
};

struct Code {
    const Node* node = nullptr;
    std::vector<Code> kids;
    Builtin builtin = Builtin::None;
    time::Field field = time::Field::FullYear;
    int host = -1;
    std::unique_ptr<RE2> regex;  // `matches` with a literal pattern
    // Select: "no such key: 'f'"; Ident: "variable 'x' has no value";
    // Matches: a literal pattern that does not compile; Unknown: no function.
    Value fixed_error;
    // A subtree without variables or host calls is evaluated once, when the
    // Evaluator is built (a list literal, timestamp('...') - duration('1h')).
    bool folded = false;
    Value folded_value;
    // Select on a Record: the field's index in the source last seen (the
    // same source row after row). Each Evaluator owns its Codes, so
    // caching during evaluation is thread-safe.
    mutable const RecordSource* record_source = nullptr;
    mutable std::optional<uint32_t> record_field;
    // The host's way to evaluate this node (Evaluator::set_shortcut).
    Evaluator::Shortcut shortcut;
};

// Operators and functions on evaluated operands (no errors among them:
// callers propagate errors first).
Value apply_binary(BinaryOp op, const Value& a, const Value& b);
Value negate(const Value& v);
Value index_value(const Value& container, const Value& key);
Value no_such_key(const Value& key);
Value convert(Builtin conversion, const Value& v);
Value call_builtin(Builtin fn, time::Field field, std::string_view name, std::span<const Value> args);

// "no matching overload for '<' applied to (int, string)", as the checker says it
Value no_overload(std::string_view name, std::span<const Value> args);

// Turns a time.hpp result into a Value.
template <typename T, typename Make>
Value from_time_result(const time::TimeResult<T>& r, Make make) {
    if (const auto* err = std::get_if<time::TimeError>(&r)) return Value::error(err->message);
    return make(std::get<T>(r));
}

}  // namespace detail

struct Evaluator::Impl {
    Impl(std::shared_ptr<const Program> program, std::span<const std::pair<int, Value>> constants);
    Value run(const Activation& activation);
    // The Code mirroring `node` (null if it is not part of the program).
    detail::Code* code_of(const Node& node) { return find_code(m_root, node); }
    // One node's value for the activation (Evaluator::Part).
    Value evaluate_part(const detail::Code& code, const Activation& activation);

private:
    detail::Code build(const Node& node);
    void resolve_call(detail::Code& code);
    void fold_constant(detail::Code& code);
    static detail::Code* find_code(detail::Code& code, const Node& node);

    // Evaluates into a reference that stays valid until the next
    // evaluation step: to a literal, an activation slot, a map entry or
    // `scratch`. Saves copying values that are only inspected.
    const Value& eval(const detail::Code& code, Value& scratch);
    const Value& eval_ident(const detail::Code& code);
    const Value& eval_select(const detail::Code& code, Value& scratch);
    Value eval_has(const detail::Code& code);
    Value eval_and_or(const detail::Code& code, bool is_and);
    Value eval_list(const detail::Code& code);
    Value eval_map(const detail::Code& code);
    Value eval_call(const detail::Code& code);
    Value eval_macro(const detail::Code& code);
    // Adds units of work (cost.hpp) to this evaluation's count; false once
    // the count is over the program's limit (then return m_over_limit).
    bool charge(uint64_t units) {
        m_cost += units;
        return m_cost <= m_cost_limit;
    }
    bool over_limit() const { return m_cost > m_cost_limit; }
    // size() of a filter(): counts the matches without building the list.
    Value eval_filter_count(const detail::Code& filter);
    // The Select node's field of a Record into `out`; false when absent.
    bool select_record(const detail::Code& code, const Value& record, Value& out);
    Value call_matches(const detail::Code& code, std::span<const Value> args);

    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    std::shared_ptr<const Program> m_program;
    detail::Code m_root;
    std::vector<Value> m_frame;  // macro variables by slot
    // Values of the constant variables by slot (none: not constant); only
    // read while building the Code tree.
    std::vector<std::optional<Value>> m_constants;
    int m_variable_count = 0;
    const Activation* m_activation = nullptr;
    // Work done by the current evaluation (reset by run), its limit, and
    // the error that ends an evaluation over it.
    uint64_t m_cost = 0;
    uint64_t m_cost_limit = 0;
    Value m_over_limit;
    bool m_running = false;  // inside run(): a Part adds to its count
    // Patterns of `matches` that are not literals, compiled on first use.
    std::unordered_map<std::string, std::unique_ptr<RE2>, StringHash, std::equal_to<>> m_regex_cache;
};

}  // namespace journeyctl::core::expr
