// Scans of a profile's events for the segment engine (see event_scan.hpp):
// compiling a macro's predicate into a flat list of tests, and running it
// over the rows of the `events` RecordList, narrowed to its time bounds.
#include "core/segment/event_scan.hpp"

#include <cmath>
#include <compare>
#include <memory>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"

namespace journeyctl::core::segment {

using expr::BinaryOp;
using expr::MacroKind;
using expr::Node;
using expr::NodeKind;
using expr::Value;

namespace {

enum class Tri : uint8_t { False, True, Error };

// One field of event rows, read straight from its column when the source
// is a loaded table (no virtual call per row), else through the source.
class FieldReader {
public:
    explicit FieldReader(std::string name) : m_name(std::move(name)) {}

    // The cell into `out`; false when the row does not have the field.
    bool get(const expr::RecordSource* source, uint32_t row, Value& out) {
        if (source != m_source) bind(source);
        if (m_column != nullptr) {
            if (!m_column->present(row)) return false;
            out = m_column->value(row);
            return true;
        }
        return m_index && source->get(*m_index, row, out);
    }

    // Whether this field is the source's field `index` (or an alias of it).
    bool reads(const expr::RecordSource* source, uint32_t index) {
        if (source != m_source) bind(source);
        if (!m_index) return false;
        if (*m_index == index) return true;
        const auto* table = dynamic_cast<const data::Table*>(source);
        return table != nullptr && index < table->field_count() && m_column == &table->field_column(index);
    }

private:
    void bind(const expr::RecordSource* source) {
        m_source = source;
        m_index = source->field_index(m_name);
        const auto* table = dynamic_cast<const data::Table*>(source);
        m_column = table != nullptr && m_index ? &table->field_column(*m_index) : nullptr;
    }

    std::string m_name;
    const expr::RecordSource* m_source = nullptr;  // the source last seen (the same, row after row)
    std::optional<uint32_t> m_index;
    const data::Column* m_column = nullptr;
};

// Where a test reads in an event: a field of the row, then keys of the
// maps below it (`e.properties.amount`: field "properties", key "amount").
struct Path {
    FieldReader field;
    std::vector<std::string> keys;
};

enum class Read : uint8_t { Ok, Absent, Error };  // Absent: the last step is missing

struct Test {
    enum class Kind : uint8_t { And, Or, Not, Compare, In, Has, Truth, Constant } kind = Kind::Constant;
    uint32_t left = 0;   // And, Or, Not: operand tests
    uint32_t right = 0;
    uint32_t path = 0;   // Compare, In, Has, Truth
    BinaryOp op = BinaryOp::Eq;
    bool field_first = true;  // Compare: `e.f op c` (else `c op e.f`)
    Value constant;           // Compare: c; In: the list
    std::vector<std::string_view> strings;  // In: the list's strings (views into `constant`)
    Tri fixed = Tri::Error;   // Constant
};

Tri compare(BinaryOp op, const Value& field, const Value& constant, bool field_first) {
    if (field.kind() != constant.kind()) return Tri::Error;  // CEL's mixed rules: left to the evaluator
    const Value& a = field_first ? field : constant;
    const Value& b = field_first ? constant : field;
    if (a.kind() == Value::Kind::String && (op == BinaryOp::Eq || op == BinaryOp::Ne)) {
        return (a.as_string() == b.as_string()) == (op == BinaryOp::Eq) ? Tri::True : Tri::False;
    }
    std::partial_ordering order = std::partial_ordering::unordered;
    switch (a.kind()) {
        case Value::Kind::String: order = a.as_string() <=> b.as_string(); break;
        case Value::Kind::Timestamp: order = a.as_timestamp() <=> b.as_timestamp(); break;
        case Value::Kind::Duration: order = a.as_duration() <=> b.as_duration(); break;
        case Value::Kind::Int: order = a.as_int() <=> b.as_int(); break;
        case Value::Kind::Uint: order = a.as_uint() <=> b.as_uint(); break;
        case Value::Kind::Bool: order = a.as_bool() <=> b.as_bool(); break;
        case Value::Kind::Double:
            if (std::isnan(a.as_double()) || std::isnan(b.as_double())) return Tri::Error;
            order = a.as_double() <=> b.as_double();
            break;
        default: return Tri::Error;
    }
    bool result = false;
    switch (op) {
        case BinaryOp::Eq: result = order == 0; break;
        case BinaryOp::Ne: result = order != 0; break;
        case BinaryOp::Lt: result = order < 0; break;
        case BinaryOp::Le: result = order <= 0; break;
        case BinaryOp::Gt: result = order > 0; break;
        case BinaryOp::Ge: result = order >= 0; break;
        default: return Tri::Error;
    }
    return result ? Tri::True : Tri::False;
}

BinaryOp mirrored(BinaryOp op) {
    switch (op) {
        case BinaryOp::Lt: return BinaryOp::Gt;
        case BinaryOp::Le: return BinaryOp::Ge;
        case BinaryOp::Gt: return BinaryOp::Lt;
        case BinaryOp::Ge: return BinaryOp::Le;
        default: return op;
    }
}

// A compiled predicate over one event row.
class Predicate {
public:
    // A test `e.f op T` (T a timestamp, op <, <=, > or >=) that the whole
    // predicate needs true: where it is false, so is the predicate.
    struct Bound {
        uint32_t path;
        BinaryOp op;  // with the field first
        expr::Timestamp at;
    };

    // Compiles `node` (the predicate of a macro whose variable has slot
    // `var`); false when some part of it is not a test a scan can run.
    bool compile(const Node& node, int var, const expr::Evaluator& evaluator) {
        m_var = var;
        m_evaluator = &evaluator;
        auto root = add(node);
        if (!root) return false;
        m_root = *root;
        collect_bounds(m_root);
        return true;
    }

    Tri test(const expr::RecordSource* source, uint32_t row) { return run(m_root, source, row); }
    const std::vector<Bound>& bounds() const { return m_bounds; }
    FieldReader& field(uint32_t path) { return m_paths[path].field; }

private:
    std::optional<uint32_t> add(const Node& n) {
        Test t;
        if (const Value* folded = m_evaluator->folded_value(n)) {
            t.kind = Test::Kind::Constant;
            t.fixed = folded->kind() != Value::Kind::Bool ? Tri::Error : folded->as_bool() ? Tri::True : Tri::False;
            return push(std::move(t));
        }
        switch (n.kind) {
            case NodeKind::And:
            case NodeKind::Or: {
                auto left = add(*n.children[0]);
                auto right = left ? add(*n.children[1]) : std::nullopt;
                if (!right) return std::nullopt;
                t.kind = n.kind == NodeKind::And ? Test::Kind::And : Test::Kind::Or;
                t.left = *left;
                t.right = *right;
                return push(std::move(t));
            }
            case NodeKind::Not: {
                auto operand = add(*n.children[0]);
                if (!operand) return std::nullopt;
                t.kind = Test::Kind::Not;
                t.left = *operand;
                return push(std::move(t));
            }
            case NodeKind::Select: {
                if (n.test_only) {  // has(e.f), has(e.f.key)
                    auto path = add_path(*n.children[0], n.name);
                    if (!path) return std::nullopt;
                    t.kind = Test::Kind::Has;
                    t.path = *path;
                    return push(std::move(t));
                }
                auto path = add_path(n, {});
                if (!path) return std::nullopt;
                t.kind = Test::Kind::Truth;
                t.path = *path;
                return push(std::move(t));
            }
            case NodeKind::Binary: return add_binary(n);
            default: return std::nullopt;
        }
    }

    std::optional<uint32_t> add_binary(const Node& n) {
        Test t;
        const Node& left = *n.children[0];
        const Node& right = *n.children[1];
        if (n.op == BinaryOp::In) {
            const Value* list = m_evaluator->folded_value(right);
            if (list == nullptr || list->kind() != Value::Kind::List) return std::nullopt;
            auto path = add_path(left, {});
            if (!path) return std::nullopt;
            t.kind = Test::Kind::In;
            t.path = *path;
            t.constant = *list;
            for (const Value& item : t.constant.as_list()) {
                // Other kinds compare unequal to a string without an error,
                // but a field need not be a string: leave them to the evaluator.
                if (item.kind() != Value::Kind::String) return std::nullopt;
                t.strings.push_back(item.as_string());
            }
            return push(std::move(t));
        }
        switch (n.op) {
            case BinaryOp::Eq:
            case BinaryOp::Ne:
            case BinaryOp::Lt:
            case BinaryOp::Le:
            case BinaryOp::Gt:
            case BinaryOp::Ge: break;
            default: return std::nullopt;
        }
        t.kind = Test::Kind::Compare;
        t.op = n.op;
        const Value* on_right = m_evaluator->folded_value(right);
        const Value* on_left = on_right == nullptr ? m_evaluator->folded_value(left) : nullptr;
        if (on_right == nullptr && on_left == nullptr) return std::nullopt;
        auto path = add_path(on_right != nullptr ? left : right, {});
        if (!path) return std::nullopt;
        t.path = *path;
        t.constant = on_right != nullptr ? *on_right : *on_left;
        t.field_first = on_right != nullptr;
        return push(std::move(t));
    }

    // `e.f.k1.k2` (then `last`, the key has() tests) as a Path.
    std::optional<uint32_t> add_path(const Node& n, std::string_view last) {
        std::vector<std::string> names;  // innermost last
        if (!last.empty()) names.emplace_back(last);
        const Node* at = &n;
        while (at->kind == NodeKind::Select && !at->test_only) {
            names.push_back(at->name);
            at = at->children[0].get();
        }
        if (at->kind != NodeKind::Ident || at->slot != m_var || names.empty()) return std::nullopt;
        Path path{FieldReader(names.back()), {}};
        for (auto it = names.rbegin() + 1; it != names.rend(); ++it) path.keys.push_back(*it);
        m_paths.push_back(std::move(path));
        return static_cast<uint32_t>(m_paths.size() - 1);
    }

    uint32_t push(Test t) {
        m_tests.push_back(std::move(t));
        return static_cast<uint32_t>(m_tests.size() - 1);
    }

    // The operands of the &&s at the top of the predicate that compare a
    // field with a timestamp.
    void collect_bounds(uint32_t index) {
        const Test& t = m_tests[index];
        if (t.kind == Test::Kind::And) {
            collect_bounds(t.left);
            collect_bounds(t.right);
            return;
        }
        if (t.kind != Test::Kind::Compare || !m_paths[t.path].keys.empty() ||
            t.constant.kind() != Value::Kind::Timestamp) {
            return;
        }
        const BinaryOp op = t.field_first ? t.op : mirrored(t.op);
        if (op == BinaryOp::Lt || op == BinaryOp::Le || op == BinaryOp::Gt || op == BinaryOp::Ge) {
            m_bounds.push_back({t.path, op, t.constant.as_timestamp()});
        }
    }

    // The value at the path in the row, into m_value.
    Read read(Path& path, const expr::RecordSource* source, uint32_t row) {
        if (!path.field.get(source, row, m_value)) {
            return path.keys.empty() ? Read::Absent : Read::Error;  // selecting from a missing field fails
        }
        for (size_t i = 0; i < path.keys.size(); ++i) {
            if (m_value.kind() != Value::Kind::Map) return Read::Error;  // a Record, or not a map: the evaluator
            const Value* found = m_value.as_map().find(path.keys[i]);
            if (found == nullptr) return i + 1 == path.keys.size() ? Read::Absent : Read::Error;
            Value next = *found;  // before the map it lives in goes
            m_value = std::move(next);
        }
        return Read::Ok;
    }

    Tri run(uint32_t index, const expr::RecordSource* source, uint32_t row) {
        Test& t = m_tests[index];
        switch (t.kind) {
            case Test::Kind::And: {
                const Tri a = run(t.left, source, row);
                if (a == Tri::False) return Tri::False;
                const Tri b = run(t.right, source, row);
                if (b == Tri::False) return Tri::False;
                return a == Tri::Error || b == Tri::Error ? Tri::Error : Tri::True;
            }
            case Test::Kind::Or: {
                const Tri a = run(t.left, source, row);
                if (a == Tri::True) return Tri::True;
                const Tri b = run(t.right, source, row);
                if (b == Tri::True) return Tri::True;
                return a == Tri::Error || b == Tri::Error ? Tri::Error : Tri::False;
            }
            case Test::Kind::Not: {
                const Tri a = run(t.left, source, row);
                return a == Tri::Error ? Tri::Error : a == Tri::True ? Tri::False : Tri::True;
            }
            case Test::Kind::Compare:
                if (read(m_paths[t.path], source, row) != Read::Ok) return Tri::Error;
                return compare(t.op, m_value, t.constant, t.field_first);
            case Test::Kind::In: {
                if (read(m_paths[t.path], source, row) != Read::Ok) return Tri::Error;
                if (m_value.kind() != Value::Kind::String) return Tri::Error;
                const std::string_view text = m_value.as_string();
                for (std::string_view s : t.strings) {
                    if (s == text) return Tri::True;
                }
                return Tri::False;
            }
            case Test::Kind::Has:
                switch (read(m_paths[t.path], source, row)) {
                    case Read::Ok: return Tri::True;
                    case Read::Absent: return Tri::False;
                    case Read::Error: return Tri::Error;
                }
                return Tri::Error;
            case Test::Kind::Truth:
                if (read(m_paths[t.path], source, row) != Read::Ok) return Tri::Error;
                if (m_value.kind() != Value::Kind::Bool) return Tri::Error;
                return m_value.as_bool() ? Tri::True : Tri::False;
            case Test::Kind::Constant: return t.fixed;
        }
        return Tri::Error;
    }

    int m_var = -1;
    const expr::Evaluator* m_evaluator = nullptr;
    std::vector<Test> m_tests;
    std::vector<Path> m_paths;
    std::vector<Bound> m_bounds;
    uint32_t m_root = 0;
    Value m_value;  // the field read last
};

enum class Mode : uint8_t { Exists, All, ExistsOne, Count };

// One macro as a scan; its shortcut gives up (returns false) on an error.
class Scan {
public:
    Scan(Mode mode, const EventScanContext& context) : m_mode(mode), m_context(context) {}
    Predicate& predicate() { return m_predicate; }

    bool run(const expr::Activation& activation, Value& out) {
        if (!activation.has(m_context.events_slot)) return false;
        const Value& range = activation.get(m_context.events_slot);
        if (range.kind() != Value::Kind::RecordList) return false;
        const expr::RecordRef rows = range.as_record();
        uint32_t begin = rows.begin;
        uint32_t end = rows.end;
        if (!m_predicate.bounds().empty() && sorted(rows.source)) narrow(rows.source, begin, end);
        // Rows outside [begin, end) make the predicate false.
        const bool outside = begin != rows.begin || end != rows.end;
        if (m_mode == Mode::All && outside) {
            out = Value::boolean(false);
            return true;
        }
        bool error = false;
        int64_t hits = 0;
        for (uint32_t row = begin; row < end; ++row) {
            const Tri t = m_predicate.test(rows.source, row);
            if (t == Tri::Error) {
                // exists/all may still be decided by a later event; the
                // others fail at once: let the evaluator say how.
                if (m_mode == Mode::ExistsOne || m_mode == Mode::Count) return false;
                error = true;
                continue;
            }
            const bool yes = t == Tri::True;
            if ((m_mode == Mode::Exists && yes) || (m_mode == Mode::All && !yes)) {
                out = Value::boolean(yes);  // decided, whatever the other events give
                return true;
            }
            if (yes) ++hits;
        }
        if (error) return false;
        switch (m_mode) {
            case Mode::Exists: out = Value::boolean(false); break;
            case Mode::All: out = Value::boolean(true); break;
            case Mode::ExistsOne: out = Value::boolean(hits == 1); break;
            case Mode::Count: out = Value::integer(hits); break;
        }
        return true;
    }

private:
    // Whether the bounds compare the source's sorted time field.
    bool sorted(const expr::RecordSource* source) {
        if (source == m_sorted_checked) return m_sorted;
        m_sorted_checked = source;
        m_sorted = source == m_context.sorted_source && m_context.time_field;
        for (const Predicate::Bound& b : m_predicate.bounds()) {
            m_sorted = m_sorted && m_predicate.field(b.path).reads(source, *m_context.time_field);
        }
        return m_sorted;
    }

    // Narrows [begin, end) to the rows whose time is within every bound
    // (binary search: the rows are in time order). Leaves them as they are
    // if a time cannot be read as a timestamp after all.
    void narrow(const expr::RecordSource* source, uint32_t& begin, uint32_t& end) {
        uint32_t lo = begin;
        uint32_t hi = end;
        for (const Predicate::Bound& b : m_predicate.bounds()) {
            // Rows where the time is below the bound (for >=, <) or at or
            // below it (for >, <=) come first.
            const bool strict_below = b.op == BinaryOp::Ge || b.op == BinaryOp::Lt;
            uint32_t first = lo;
            uint32_t last = hi;
            while (first < last) {
                const uint32_t mid = first + (last - first) / 2;
                if (!m_predicate.field(b.path).get(source, mid, m_time) || m_time.kind() != Value::Kind::Timestamp) {
                    return;
                }
                const expr::Timestamp t = m_time.as_timestamp();
                if (strict_below ? t < b.at : t <= b.at) {
                    first = mid + 1;
                } else {
                    last = mid;
                }
            }
            if (b.op == BinaryOp::Ge || b.op == BinaryOp::Gt) {
                lo = first;
            } else {
                hi = first;
            }
            if (lo >= hi) break;
        }
        begin = lo;
        end = std::max(lo, hi);
    }

    Predicate m_predicate;
    Mode m_mode;
    EventScanContext m_context;
    const expr::RecordSource* m_sorted_checked = nullptr;
    bool m_sorted = false;
    Value m_time;
};

bool is_events(const Node& n, int events_slot) {
    return n.kind == NodeKind::Ident && n.slot >= 0 && n.slot == events_slot;
}

// The scan for a node, if it is a macro over `events` (or the size of a
// filter over `events`) whose predicate compiles.
std::shared_ptr<Scan> scan_of(const Node& n, const EventScanContext& context, const expr::Evaluator& evaluator) {
    const Node* macro = nullptr;
    Mode mode = Mode::Exists;
    if (n.kind == NodeKind::Macro) {
        switch (n.macro) {
            case MacroKind::Exists: mode = Mode::Exists; break;
            case MacroKind::All: mode = Mode::All; break;
            case MacroKind::ExistsOne: mode = Mode::ExistsOne; break;
            default: return nullptr;
        }
        macro = &n;
    } else if (n.kind == NodeKind::Call && n.name == "size" && n.children.size() == 1 &&
               n.children[0]->kind == NodeKind::Macro && n.children[0]->macro == MacroKind::Filter) {
        mode = Mode::Count;
        macro = n.children[0].get();
    } else {
        return nullptr;
    }
    if (macro->children.size() != 2 || !is_events(*macro->children[0], context.events_slot)) return nullptr;
    auto scan = std::make_shared<Scan>(mode, context);
    if (!scan->predicate().compile(*macro->children[1], macro->slot, evaluator)) return nullptr;
    return scan;
}

size_t install(expr::Evaluator& evaluator, const Node& n, const EventScanContext& context) {
    if (auto scan = scan_of(n, context, evaluator)) {
        evaluator.set_shortcut(n, [scan](const expr::Activation& activation, Value& out) {
            return scan->run(activation, out);
        });
        return 1;
    }
    size_t count = 0;
    for (const auto& child : n.children) count += install(evaluator, *child, context);
    return count;
}

}  // namespace

size_t install_event_scans(expr::Evaluator& evaluator, const expr::Program& program, const EventScanContext& context) {
    if (context.events_slot < 0) return 0;
    return install(evaluator, program.root(), context);
}

}  // namespace journeyctl::core::segment
