// Which data fields a checked expression reads, so that loading can skip
// the rest of a wide file: `profile.NAME`, `profile["NAME"]`, and NAME in
// `e.NAME` where `e` is an event (a variable of a macro over `events` or
// over `events.filter(...)`, or `events[i]`). Any other use of the whole
// profile or of an event (printing it, comparing it, `events.map(e, e)`)
// needs every field, and says so. An event field read only as
// `e.NAME.KEY` keeps the keys, so that loading can drop the rest of a JSON
// object (an event's `properties`) too.
#include <algorithm>
#include <map>
#include <set>

#include "core/expr/ast.hpp"
#include "core/segment/engine.hpp"

namespace journeyctl::core::segment {

using expr::Node;
using expr::NodeKind;

namespace {

class Walker {
public:
    Walker(int profile_slot, int events_slot) : m_profile_slot(profile_slot), m_events_slot(events_slot) {}
    FieldUse use;

    // The fields read through keys only, once the whole tree is visited.
    void finish() {
        for (auto& [field, keys] : m_keys) {
            if (!m_whole.contains(field)) use.event_field_keys[field] = std::move(keys);
        }
    }

    void visit(const Node& n) {
        switch (n.kind) {
            case NodeKind::Select: {
                const Node& base = *n.children[0];
                if (is_profile(base)) {
                    use.profile_fields.insert(n.name);
                } else if (is_event(base)) {
                    // e.f itself: whole, unless has(e.f) only asks whether it is there.
                    use.event_fields.insert(n.name);
                    if (n.test_only) {
                        m_keys[n.name];
                    } else {
                        m_whole.insert(n.name);
                    }
                    visit_event(base);
                } else if (base.kind == NodeKind::Select && !base.test_only && is_event(*base.children[0])) {
                    // e.f.key (or has(e.f.key)): one key of the field.
                    use.event_fields.insert(base.name);
                    m_keys[base.name].insert(n.name);
                    visit_event(*base.children[0]);
                } else {
                    visit(base);
                }
                return;
            }
            case NodeKind::Index: {
                const Node& base = *n.children[0];
                const Node& key = *n.children[1];
                const bool literal_key = key.kind == NodeKind::Literal && key.literal.kind() == expr::Value::Kind::String;
                if (literal_key && is_profile(base)) {
                    use.profile_fields.insert(std::string(key.literal.as_string()));
                    return;
                }
                if (literal_key && is_event(base)) {
                    use.event_fields.insert(std::string(key.literal.as_string()));
                    m_whole.insert(std::string(key.literal.as_string()));
                    visit_event(base);
                    return;
                }
                break;
            }
            case NodeKind::Ident:
                if (is_profile(n)) use.all_profile_fields = true;
                if (is_event_list(n) || is_event(n)) {
                    use.uses_events = true;
                    use.all_event_fields = true;
                }
                return;
            case NodeKind::Macro:
                if (is_event_list(*n.children[0])) {
                    visit_event_list(*n.children[0]);
                    m_event_vars.push_back(n.slot);
                    for (size_t i = 1; i < n.children.size(); ++i) visit(*n.children[i]);
                    m_event_vars.pop_back();
                    return;
                }
                break;
            case NodeKind::Call:
                // size(events), events.size(), size(events.filter(...)): no field.
                if (n.name == "size" && n.children.size() == 1 && is_event_list(*n.children[0])) {
                    visit_event_list(*n.children[0]);
                    return;
                }
                break;
            default: break;
        }
        for (const auto& child : n.children) visit(*child);
    }

private:
    bool is_profile(const Node& n) const { return n.kind == NodeKind::Ident && n.slot >= 0 && n.slot == m_profile_slot; }

    bool is_event_list(const Node& n) const {
        if (n.kind == NodeKind::Ident) return n.slot >= 0 && n.slot == m_events_slot;
        return n.kind == NodeKind::Macro && n.macro == expr::MacroKind::Filter && is_event_list(*n.children[0]);
    }

    bool is_event(const Node& n) const {
        if (n.kind == NodeKind::Ident) {
            return n.slot >= 0 && std::find(m_event_vars.begin(), m_event_vars.end(), n.slot) != m_event_vars.end();
        }
        return n.kind == NodeKind::Index && is_event_list(*n.children[0]);
    }

    // The parts of an event expression other than the event itself (the
    // list and index of events[i]).
    void visit_event(const Node& n) {
        if (n.kind != NodeKind::Index) return;
        visit_event_list(*n.children[0]);
        visit(*n.children[1]);
    }

    // A list of events, used for its elements' selected fields only.
    void visit_event_list(const Node& n) {
        use.uses_events = true;
        if (n.kind != NodeKind::Macro) return;
        visit_event_list(*n.children[0]);
        m_event_vars.push_back(n.slot);
        visit(*n.children[1]);
        m_event_vars.pop_back();
    }

    int m_profile_slot;
    int m_events_slot;
    std::vector<int> m_event_vars;
    std::map<std::string, std::set<std::string>> m_keys;  // event field -> keys read
    std::set<std::string> m_whole;                        // event fields read whole
};

}  // namespace

void FieldUse::merge(const FieldUse& other) {
    // A field read through keys on both sides keeps the union of the keys;
    // read whole on either side, it is whole.
    auto whole = [](const FieldUse& use, const std::string& field) {
        return use.event_fields.contains(field) && !use.event_field_keys.contains(field);
    };
    std::map<std::string, std::set<std::string>> keys;
    for (const FieldUse* side : {static_cast<const FieldUse*>(this), &other}) {
        for (const auto& [field, names] : side->event_field_keys) {
            if (!whole(*this, field) && !whole(other, field)) keys[field].insert(names.begin(), names.end());
        }
    }
    event_field_keys = std::move(keys);
    profile_fields.insert(other.profile_fields.begin(), other.profile_fields.end());
    event_fields.insert(other.event_fields.begin(), other.event_fields.end());
    all_profile_fields = all_profile_fields || other.all_profile_fields;
    all_event_fields = all_event_fields || other.all_event_fields;
    uses_events = uses_events || other.uses_events;
}

FieldUse field_use_of(const expr::Program& program, int profile_slot, int events_slot) {
    Walker walker(profile_slot, events_slot);
    walker.visit(program.root());
    walker.finish();
    return std::move(walker.use);
}

}  // namespace journeyctl::core::segment
