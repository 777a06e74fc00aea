// The comprehension macros over a list (its elements) or a map (its keys):
// all/exists absorb errors the way && and || do, exists_one, filter and
// map fail on the first error. The loop variable lives in the evaluator's
// frame at the macro's slot. Over a RecordList (one profile's events) the
// variable is a Record of each row in turn, so a predicate such as
// `e.type == "purchase"` runs without allocating; `filter(...).size()`
// counts the matches without building the filtered list.
// Each iteration and each element added is charged to the evaluation's
// cost (cost.hpp), so a comprehension nested in comprehensions stops at the
// limit instead of filling memory.
#include "core/expr/eval_internal.hpp"
#include "core/expr/value_internal.hpp"

namespace journeyctl::core::expr {

using detail::Code;

namespace {

// Restores a frame slot when a macro ends, so that a nested macro reusing
// the slot leaves the outer loop variable intact.
class SlotGuard {
public:
    explicit SlotGuard(Value& slot) : m_slot(slot), m_saved(std::move(slot)) {}
    ~SlotGuard() { m_slot = std::move(m_saved); }
    SlotGuard(const SlotGuard&) = delete;
    SlotGuard& operator=(const SlotGuard&) = delete;

private:
    Value& m_slot;
    Value m_saved;
};

const char* macro_name(MacroKind kind) {
    switch (kind) {
        case MacroKind::All: return "all";
        case MacroKind::Exists: return "exists";
        case MacroKind::ExistsOne: return "exists_one";
        case MacroKind::Filter: return "filter";
        case MacroKind::Map:
        case MacroKind::MapFilter: return "map";
    }
    return "macro";
}

Value not_bool(MacroKind kind, const Value& v) {
    return Value::error(std::string("predicate of ") + macro_name(kind) +
                        "() must be bool, got " + std::string(v.type_name()));
}

// The field names present in a Record, as a list to iterate like a map's keys.
Value record_keys(const Value& record) {
    ListValue keys;
    detail::for_each_field(record, [&](std::string_view name, const Value&) {
        keys.push_back(Value::borrowed_string(name));
    });
    return Value::list(std::move(keys));
}

}  // namespace

Value Evaluator::Impl::eval_macro(const Code& code) {
    const Node& node = *code.node;
    Value range_scratch;
    const Value& range = eval(code.kids[0], range_scratch);
    if (range.is_error()) return range;
    if (!range.is_map_like() && !range.is_list_like()) {
        return detail::no_overload(macro_name(node.macro), {&range, 1});
    }
    // Keep the range alive while the loop variable points into it. A
    // Record's keys are collected once (its field names are borrowed).
    Value range_holder = range.kind() == Value::Kind::Record ? record_keys(range) : range;
    const Value::Kind range_kind = range_holder.kind();
    const bool is_map = range_kind == Value::Kind::Map;
    const RecordRef rows = range_holder.as_record();
    size_t count = is_map ? range_holder.as_map().size() : detail::list_size(range_holder);
    Value row_scratch;
    auto element = [&](size_t i) -> const Value& {
        if (range_kind == Value::Kind::RecordList) {
            return row_scratch = Value::record(rows.source, rows.begin + static_cast<uint32_t>(i));
        }
        return is_map ? range_holder.as_map().entries()[i].first : range_holder.as_list()[i];
    };

    if (node.slot < 0 || static_cast<size_t>(node.slot) >= m_frame.size()) {
        return Value::error("macro variable '" + node.name + "' has no slot");
    }
    Value& var = m_frame[static_cast<size_t>(node.slot)];
    SlotGuard guard(var);
    const Code& first = code.kids[1];

    switch (node.macro) {
        case MacroKind::All:
        case MacroKind::Exists: {
            const bool decisive = node.macro == MacroKind::Exists;
            Value error;
            for (size_t i = 0; i < count; ++i) {
                if (!charge(1)) return m_over_limit;
                var = element(i);
                Value s;
                const Value& p = eval(first, s);
                if (p.kind() == Value::Kind::Bool) {
                    if (p.as_bool() == decisive) return Value::boolean(decisive);
                } else if (error.is_null()) {
                    error = p.is_error() ? p : not_bool(node.macro, p);
                }
            }
            if (!error.is_null()) return error;
            return Value::boolean(!decisive);
        }
        case MacroKind::ExistsOne: {
            int64_t hits = 0;
            for (size_t i = 0; i < count; ++i) {
                if (!charge(1)) return m_over_limit;
                var = element(i);
                Value s;
                const Value& p = eval(first, s);
                if (p.is_error()) return p;
                if (p.kind() != Value::Kind::Bool) return not_bool(node.macro, p);
                if (p.as_bool()) ++hits;
            }
            return Value::boolean(hits == 1);
        }
        case MacroKind::Filter:
        case MacroKind::Map:
        case MacroKind::MapFilter: {
            ListValue out;
            for (size_t i = 0; i < count; ++i) {
                if (!charge(1)) return m_over_limit;
                var = element(i);
                if (node.macro != MacroKind::Map) {
                    Value s;
                    const Value& p = eval(first, s);
                    if (p.is_error()) return p;
                    if (p.kind() != Value::Kind::Bool) return not_bool(node.macro, p);
                    if (!p.as_bool()) continue;
                    if (node.macro == MacroKind::Filter) {
                        if (!charge(1)) return m_over_limit;
                        out.push_back(element(i));
                        continue;
                    }
                }
                const Code& transform = node.macro == MacroKind::Map ? first : code.kids[2];
                Value s;
                const Value& t = eval(transform, s);
                if (t.is_error()) return t;
                if (!charge(1)) return m_over_limit;
                out.push_back(t);
            }
            return Value::list(std::move(out));
        }
    }
    return Value::error("unsupported macro");
}

Value Evaluator::Impl::eval_filter_count(const Code& code) {
    const Node& node = *code.node;
    Value range_scratch;
    const Value& range = eval(code.kids[0], range_scratch);
    if (range.is_error()) return range;
    if (range.kind() != Value::Kind::RecordList && range.kind() != Value::Kind::List) {
        // Maps and anything else: build the list as filter() would.
        Value list = eval_macro(code);
        if (list.is_error()) return list;
        return Value::integer(static_cast<int64_t>(list.as_list().size()));
    }
    if (node.slot < 0 || static_cast<size_t>(node.slot) >= m_frame.size()) {
        return Value::error("macro variable '" + node.name + "' has no slot");
    }
    Value range_holder = range;
    size_t count = detail::list_size(range_holder);
    Value& var = m_frame[static_cast<size_t>(node.slot)];
    SlotGuard guard(var);
    int64_t hits = 0;
    for (size_t i = 0; i < count; ++i) {
        if (!charge(1)) return m_over_limit;
        var = detail::list_element(range_holder, i);
        Value s;
        const Value& p = eval(code.kids[1], s);
        if (p.is_error()) return p;
        if (p.kind() != Value::Kind::Bool) return not_bool(node.macro, p);
        if (p.as_bool()) ++hits;
    }
    return Value::integer(hits);
}

}  // namespace journeyctl::core::expr
