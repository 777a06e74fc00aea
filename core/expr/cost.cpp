// The checker's worst-case cost estimate (see cost.hpp for the units). One
// recursive pass over the checked tree (its depth is bounded by the
// parser), computing for every node what evaluating it may cost and how
// big its value may be. A size is a Shape: the value's own size (elements,
// entries or bytes), then its elements' size, and so on down nested lists;
// a level the text does not fix counts as 1, as do values from data.
#include "core/expr/cost.hpp"

#include <algorithm>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

namespace journeyctl::core::expr {
namespace {

using Shape = std::vector<uint64_t>;

constexpr uint64_t k_saturated = std::numeric_limits<uint64_t>::max();

uint64_t add(uint64_t a, uint64_t b) { return a > k_saturated - b ? k_saturated : a + b; }
uint64_t mul(uint64_t a, uint64_t b) { return a != 0 && b > k_saturated / a ? k_saturated : a * b; }

uint64_t level(const Shape& s, size_t i) { return i < s.size() ? s[i] : 1; }

// The shape of the elements of a list (or keys of a map) of shape s.
Shape elements(const Shape& s) { return s.size() > 1 ? Shape(s.begin() + 1, s.end()) : Shape{}; }

// Level by level, the larger of two shapes (a value that is either).
Shape widest(const Shape& a, const Shape& b) {
    Shape out(std::max(a.size(), b.size()));
    for (size_t i = 0; i < out.size(); ++i) out[i] = std::max(level(a, i), level(b, i));
    return out;
}

Shape prepend(uint64_t size, const Shape& rest) {
    Shape out{size};
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

bool is_string_kind(TypeKind k) { return k == TypeKind::String || k == TypeKind::Bytes; }
bool may_be_container(const Type& t) {
    return t.is_dyn() || t.kind() == TypeKind::List || t.kind() == TypeKind::Map;
}

struct Estimate {
    uint64_t cost = 0;
    Shape shape;
};

class Estimator {
public:
    explicit Estimator(uint64_t limit) : m_limit(limit) {}

    CostEstimate run(const Node& root) {
        Estimate e = visit(root);
        return {e.cost, m_culprit != nullptr ? m_culprit : &root};
    }

private:
    uint64_t m_limit;
    const Node* m_culprit = nullptr;
    size_t m_culprit_depth = 0;
    size_t m_depth = 0;  // comprehensions around the node being visited
    // Macro variables in scope, innermost last: their slot and shape.
    std::vector<std::pair<int32_t, Shape>> m_variables;

    uint64_t children_cost(const Node& n, std::vector<Estimate>& out) {
        uint64_t cost = 0;
        for (const NodePtr& child : n.children) {
            out.push_back(visit(*child));
            cost = add(cost, out.back().cost);
        }
        return cost;
    }

    Estimate visit(const Node& n) {
        switch (n.kind) {
            case NodeKind::Literal:
                if (n.literal.kind() == Value::Kind::String || n.literal.kind() == Value::Kind::Bytes) {
                    return {0, {n.literal.as_string().size()}};
                }
                return {};
            case NodeKind::Ident:
                for (auto it = m_variables.rbegin(); it != m_variables.rend(); ++it) {
                    if (it->first == n.slot) return {0, it->second};
                }
                return {};  // a variable of the environment: data
            case NodeKind::Macro: return macro(n);
            default: break;
        }
        std::vector<Estimate> kids;
        uint64_t cost = children_cost(n, kids);
        switch (n.kind) {
            case NodeKind::Index:
                if (n.children[0]->type.kind() == TypeKind::List) return {cost, elements(kids[0].shape)};
                return {cost, {}};
            case NodeKind::List: {
                Shape element;
                for (const Estimate& k : kids) element = widest(element, k.shape);
                return {add(cost, kids.size()), prepend(kids.size(), element)};
            }
            case NodeKind::Map: {
                Shape key;
                for (size_t i = 0; i < kids.size(); i += 2) key = widest(key, kids[i].shape);
                return {add(cost, kids.size() / 2), prepend(kids.size() / 2, key)};
            }
            case NodeKind::Conditional:
                // The condition, then the dearer branch.
                return {add(kids[0].cost, std::max(kids[1].cost, kids[2].cost)), widest(kids[1].shape, kids[2].shape)};
            case NodeKind::Coalesce: return {cost, widest(kids[0].shape, kids[1].shape)};
            case NodeKind::Binary: return binary(n, cost, kids);
            case NodeKind::Call: return call(n, cost, kids);
            default: return {cost, {}};
        }
    }

    static Estimate binary(const Node& n, uint64_t cost, const std::vector<Estimate>& kids) {
        const Shape& a = kids[0].shape;
        const Shape& b = kids[1].shape;
        switch (n.op) {
            case BinaryOp::Add: {
                uint64_t size = add(level(a, 0), level(b, 0));
                if (is_string_kind(n.type.kind())) return {add(cost, string_cost(size)), {size}};
                if (!may_be_container(n.type)) return {cost, {}};
                return {add(cost, size), prepend(size, widest(elements(a), elements(b)))};
            }
            case BinaryOp::In:
                if (!may_be_container(n.children[1]->type)) return {cost, {}};
                return {add(cost, level(b, 0)), {}};
            case BinaryOp::Eq:
            case BinaryOp::Ne:
                if (!may_be_container(n.children[0]->type) && !may_be_container(n.children[1]->type)) return {cost, {}};
                return {add(cost, std::min(level(a, 0), level(b, 0))), {}};
            default: return {cost, {}};
        }
    }

    static Estimate call(const Node& n, uint64_t cost, const std::vector<Estimate>& kids) {
        if (kids.empty()) return {cost, {}};
        const std::string_view name = n.name;
        const Shape& first = kids[0].shape;
        if (name == "contains" || name == "startsWith" || name == "endsWith" || name == "matches") {
            return {add(cost, string_cost(level(first, 0))), {}};
        }
        if (name == "lowerAscii" || name == "upperAscii" || name == "trim") {
            return {add(cost, string_cost(level(first, 0))), first};
        }
        if (name == "string" || name == "bytes") {
            if (!is_string_kind(n.children[0]->type.kind())) return {cost, {}};
            return {add(cost, string_cost(level(first, 0))), first};
        }
        if (name == "sum" || name == "min" || name == "max") return {add(cost, level(first, 0)), {}};
        return {cost, {}};
    }

    Estimate macro(const Node& n) {
        Estimate range = visit(*n.children[0]);
        const uint64_t count = level(range.shape, 0);
        const Shape element = elements(range.shape);
        m_variables.emplace_back(n.slot, element);
        ++m_depth;
        // Every iteration: one unit, the predicate and the transform.
        uint64_t per_iteration = 1;
        Shape transform;
        for (size_t i = 1; i < n.children.size(); ++i) {
            Estimate e = visit(*n.children[i]);
            per_iteration = add(per_iteration, e.cost);
            transform = std::move(e.shape);
        }
        m_variables.pop_back();
        --m_depth;
        const bool builds = n.macro == MacroKind::Filter || n.macro == MacroKind::Map || n.macro == MacroKind::MapFilter;
        if (builds) per_iteration = add(per_iteration, 1);  // the element it adds
        Estimate out{add(range.cost, mul(count, per_iteration)), {}};
        if (n.macro == MacroKind::Filter) out.shape = prepend(count, element);
        if (n.macro == MacroKind::Map || n.macro == MacroKind::MapFilter) out.shape = prepend(count, transform);
        // The outermost comprehension over the limit (the first of them in
        // the text): visited after the ones inside it, so it replaces them.
        if (out.cost > m_limit && (m_culprit == nullptr || m_depth < m_culprit_depth)) {
            m_culprit = &n;
            m_culprit_depth = m_depth;
        }
        return out;
    }
};

}  // namespace

std::string cost_limit_message(uint64_t limit) {
    return "expression exceeded its cost limit of " + std::to_string(limit);
}

CostEstimate estimate_cost(const Node& root, uint64_t limit) { return Estimator(limit).run(root); }

}  // namespace journeyctl::core::expr
