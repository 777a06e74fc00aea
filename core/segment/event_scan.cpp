// Scans of a profile's events for the segment engine (see event_scan.hpp):
// a macro's predicate compiled to tests (predicate.hpp) run over the rows
// of the `events` RecordList, narrowed to its time bounds.
#include "core/segment/event_scan.hpp"

#include <algorithm>
#include <memory>

#include "core/segment/predicate.hpp"

namespace journeyctl::core::segment {

using expr::BinaryOp;
using expr::MacroKind;
using expr::Node;
using expr::NodeKind;
using expr::Value;

namespace {

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
        Rows at;
        at.bind_profile(activation, m_context.profile_slot);
        at.event_source = rows.source;
        for (uint32_t row = begin; row < end; ++row) {
            at.event_row = row;
            const Tri t = m_predicate.test(at);
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
    const Predicate::Scope scope{macro->slot, context.profile_slot, nullptr, nullptr};
    if (!scan->predicate().compile(*macro->children[1], scope, evaluator)) return nullptr;
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
