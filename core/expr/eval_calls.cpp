// Calls: which built-in or host function a Call node names (decided once,
// when the Evaluator is built), argument evaluation without heap
// allocation, and `matches` with its compiled regular expressions.
#include <array>

#include "core/expr/eval_internal.hpp"

namespace journeyctl::core::expr {

using detail::Builtin;
using detail::Code;

namespace {

struct BuiltinName {
    std::string_view name;
    Builtin builtin;
    time::Field field;
};

constexpr BuiltinName k_builtins[] = {
    {"size", Builtin::Size, {}},
    {"contains", Builtin::Contains, {}},
    {"startsWith", Builtin::StartsWith, {}},
    {"endsWith", Builtin::EndsWith, {}},
    {"matches", Builtin::Matches, {}},
    {"int", Builtin::ToInt, {}},
    {"uint", Builtin::ToUint, {}},
    {"double", Builtin::ToDouble, {}},
    {"string", Builtin::ToString, {}},
    {"bool", Builtin::ToBool, {}},
    {"bytes", Builtin::ToBytes, {}},
    {"type", Builtin::TypeOf, {}},
    {"dyn", Builtin::Dyn, {}},
    {"timestamp", Builtin::ToTimestamp, {}},
    {"duration", Builtin::ToDuration, {}},
    {"getFullYear", Builtin::TimeField, time::Field::FullYear},
    {"getMonth", Builtin::TimeField, time::Field::Month},
    {"getDayOfMonth", Builtin::TimeField, time::Field::DayOfMonth},
    {"getDate", Builtin::TimeField, time::Field::Date},
    {"getDayOfWeek", Builtin::TimeField, time::Field::DayOfWeek},
    {"getDayOfYear", Builtin::TimeField, time::Field::DayOfYear},
    {"getHours", Builtin::TimeField, time::Field::Hours},
    {"getMinutes", Builtin::TimeField, time::Field::Minutes},
    {"getSeconds", Builtin::TimeField, time::Field::Seconds},
    {"getMilliseconds", Builtin::TimeField, time::Field::Milliseconds},
    {"lowerAscii", Builtin::LowerAscii, {}},
    {"upperAscii", Builtin::UpperAscii, {}},
    {"trim", Builtin::Trim, {}},
    {"sum", Builtin::Sum, {}},
    {"min", Builtin::Min, {}},
    {"max", Builtin::Max, {}},
};

constexpr size_t k_inline_args = 6;

std::unique_ptr<RE2> compile_regex(std::string_view pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    return std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
}

Value regex_error(const RE2& re) {
    return Value::error("invalid regular expression '" + re.pattern() + "': " + re.error());
}

// The units (cost.hpp) a built-in costs on its arguments: a string it
// scans or copies, a list it walks. The rest is cheap whatever its input.
uint64_t call_cost(Builtin fn, std::span<const Value> args) {
    if (args.empty()) return 0;
    const Value& first = args[0];
    switch (fn) {
        case Builtin::Contains: case Builtin::StartsWith: case Builtin::EndsWith: case Builtin::Matches:
        case Builtin::LowerAscii: case Builtin::UpperAscii: case Builtin::Trim:
        case Builtin::ToString: case Builtin::ToBytes:
            if (first.kind() != Value::Kind::String && first.kind() != Value::Kind::Bytes) return 0;
            return string_cost(first.as_string().size());
        case Builtin::Sum: case Builtin::Min: case Builtin::Max:
            if (first.kind() == Value::Kind::List) return first.as_list().size();
            if (first.kind() == Value::Kind::RecordList) return first.as_record().end - first.as_record().begin;
            return 0;
        default: return 0;
    }
}

}  // namespace

void Evaluator::Impl::resolve_call(Code& code) {
    const Node& node = *code.node;
    const auto& functions = m_program->environment().functions();
    if (node.overload >= 0 && static_cast<size_t>(node.overload) < functions.size()) {
        code.builtin = Builtin::Host;
        code.host = node.overload;
        return;
    }
    for (const BuiltinName& entry : k_builtins) {
        if (entry.name == node.name) {
            code.builtin = entry.builtin;
            code.field = entry.field;
            break;
        }
    }
    if (code.builtin == Builtin::None) {
        // Not resolved by the checker: a host function of the same name,
        // call style and arity.
        for (size_t i = 0; i < functions.size(); ++i) {
            const FunctionDecl& decl = functions[i];
            if (decl.name == node.name && decl.receiver_style == node.has_target &&
                decl.parameters.size() == node.children.size()) {
                code.builtin = Builtin::Host;
                code.host = static_cast<int>(i);
                return;
            }
        }
        code.builtin = Builtin::Unknown;
        code.fixed_error = Value::error("no such function: " + node.name);
        return;
    }
    // matches(s, re) / s.matches(re) with a literal pattern: compile it now.
    if (code.builtin == Builtin::Matches && node.children.size() == 2) {
        const Node& pattern = *node.children[1];
        if (pattern.kind == NodeKind::Literal && pattern.literal.kind() == Value::Kind::String) {
            code.regex = compile_regex(pattern.literal.as_string());
            if (!code.regex->ok()) code.fixed_error = regex_error(*code.regex);
        }
    }
}

Value Evaluator::Impl::eval_call(const Code& code) {
    if (code.builtin == Builtin::Unknown) return code.fixed_error;
    // `events.filter(e, ...).size()`: count, do not build the list.
    if (code.builtin == Builtin::Size && code.kids.size() == 1) {
        const Code& arg = code.kids[0];
        if (!arg.folded && arg.node->kind == NodeKind::Macro && arg.node->macro == MacroKind::Filter) {
            return eval_filter_count(arg);
        }
    }
    size_t count = code.kids.size();
    // Arguments live on the stack for the usual small arities.
    std::array<Value, k_inline_args> inline_args;
    std::vector<Value> heap_args;
    Value* args = inline_args.data();
    if (count > k_inline_args) {
        heap_args.resize(count);
        args = heap_args.data();
    }
    for (size_t i = 0; i < count; ++i) {
        const Value& arg = eval(code.kids[i], args[i]);
        if (arg.is_error()) return arg;
        if (&arg != &args[i]) args[i] = arg;
    }
    std::span<const Value> span(args, count);
    if (uint64_t units = call_cost(code.builtin, span); units != 0 && !charge(units)) return m_over_limit;
    switch (code.builtin) {
        case Builtin::Host: {
            const FunctionDecl& decl =
                m_program->environment().functions()[static_cast<size_t>(code.host)];
            if (!decl.implementation) return Value::error("function '" + decl.name + "' has no implementation");
            return decl.implementation(span, *m_activation);
        }
        case Builtin::Matches: return call_matches(code, span);
        case Builtin::ToInt:
        case Builtin::ToUint:
        case Builtin::ToDouble:
        case Builtin::ToString:
        case Builtin::ToBool:
        case Builtin::ToBytes:
        case Builtin::TypeOf:
        case Builtin::Dyn:
        case Builtin::ToTimestamp:
        case Builtin::ToDuration:
            if (count != 1) return detail::no_overload(code.node->name, span);
            return detail::convert(code.builtin, args[0]);
        default: return detail::call_builtin(code.builtin, code.field, code.node->name, span);
    }
}

Value Evaluator::Impl::call_matches(const Code& code, std::span<const Value> args) {
    if (args.size() != 2 || args[0].kind() != Value::Kind::String ||
        args[1].kind() != Value::Kind::String) {
        return detail::no_overload("matches", args);
    }
    const RE2* re = code.regex.get();
    if (re != nullptr) {
        if (!re->ok()) return code.fixed_error;
    } else {
        std::string_view pattern = args[1].as_string();
        auto it = m_regex_cache.find(pattern);
        if (it == m_regex_cache.end()) {
            // Bounded: data-driven patterns must not grow memory forever.
            if (m_regex_cache.size() >= 256) m_regex_cache.clear();
            it = m_regex_cache.emplace(std::string(pattern), compile_regex(pattern)).first;
        }
        re = it->second.get();
        if (!re->ok()) return regex_error(*re);
    }
    std::string_view text = args[0].as_string();
    return Value::boolean(RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re));
}

}  // namespace journeyctl::core::expr
