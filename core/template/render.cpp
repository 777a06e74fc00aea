// Rendering a parsed template: a walk over the node tree with the Mustache
// context stack (spec rules for names: the first segment is looked up from
// the top of the stack down, the rest strictly inside what was found) and
// one Activation for expression tags, whose `it` slot #each rebinds.
// Nothing here throws on bad data: failures become RenderProblems.
#include <charconv>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "core/expr/time.hpp"
#include "core/template/template.hpp"

namespace journeyctl::core::tmpl {

namespace {

constexpr int k_max_partial_depth = 100;

using expr::Value;
using Kind = expr::Value::Kind;

// JavaScript truthiness, as mustache.js decides sections.
bool truthy(const Value& v) {
    switch (v.kind()) {
    case Kind::Null:
    case Kind::Error:
        return false;
    case Kind::Bool:
        return v.as_bool();
    case Kind::Int:
        return v.as_int() != 0;
    case Kind::Uint:
        return v.as_uint() != 0;
    case Kind::Double:
        return v.as_double() != 0 && !std::isnan(v.as_double());
    case Kind::String:
    case Kind::Bytes:
        return !v.as_string().empty();
    case Kind::List:
        return !v.as_list().empty();
    case Kind::RecordList:
        return v.as_record().end > v.as_record().begin;
    default:
        return true;
    }
}

// One segment of a dotted name inside a value: a map key, or a list index.
std::optional<Value> member(const Value& original, const std::string& segment) {
    // Rows of loaded data (Record, RecordList) are looked into as the map
    // or list they stand for.
    const Value v = original.kind() == Kind::Record || original.kind() == Kind::RecordList
                        ? original.materialize()
                        : original;
    if (v.kind() == Kind::Map) {
        if (const Value* found = v.as_map().find(std::string_view(segment))) return *found;
        return std::nullopt;
    }
    if (v.kind() == Kind::List && !segment.empty() && segment[0] >= '0' && segment[0] <= '9') {
        size_t index = 0;
        auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
        if (ec == std::errc() && end == segment.data() + segment.size() && index < v.as_list().size())
            return v.as_list()[index];
    }
    return std::nullopt;
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
}

void append_uri_escaped(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
}

void append_value_text(std::string& out, const Value& value) {
    char buffer[64];
    switch (value.kind()) {
    case Kind::Null:
    case Kind::Error:
        return;
    case Kind::Bool:
        out += value.as_bool() ? "true" : "false";
        return;
    case Kind::Int:
        out += std::to_string(value.as_int());
        return;
    case Kind::Uint:
        out += std::to_string(value.as_uint());
        return;
    case Kind::Double: {
        double d = value.as_double();
        if (std::isnan(d)) {
            out += "NaN";
        } else if (std::isinf(d)) {
            out += d > 0 ? "Infinity" : "-Infinity";
        } else {
            auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
            out.append(buffer, ec == std::errc() ? end : buffer);
        }
        return;
    }
    case Kind::String:
    case Kind::Bytes:
    case Kind::Type:
        out += value.as_string();
        return;
    case Kind::Timestamp:
        out += expr::time::format_timestamp(value.as_timestamp());
        return;
    case Kind::Duration:
        out += expr::time::format_duration(value.as_duration());
        return;
    case Kind::List:
    case Kind::Map:
    case Kind::Record:
    case Kind::RecordList:
        out += value.to_json();
        return;
    }
}

struct Renderer::Impl {
    explicit Impl(const Template& t) : tmpl(t), activation(t.render_environment()) {}

    const Template& tmpl;
    expr::Activation activation;
    std::unordered_map<const expr::Program*, expr::Evaluator> evaluators;

    // State of one render call.
    std::string* out = nullptr;
    std::vector<RenderProblem>* problems = nullptr;
    std::vector<Value> stack;
    const PartialResolver* partials = nullptr;
    const Template* current = nullptr;
    std::string partial_name;
    int depth = 0;    // partials inside each other
    int nesting = 0;  // blocks and partials inside each other, across partials

    void problem(const Position& position, std::string message) {
        problems->push_back(RenderProblem{partial_name, position, std::move(message)});
    }

    // The value a tag names; nullopt when absent or when its expression
    // failed (then reported).
    std::optional<Value> resolve(const Ref& ref, const Position& position) {
        if (ref.implicit) return stack.back();
        if (ref.program) {
            auto it = evaluators.find(ref.program.get());
            if (it == evaluators.end()) it = evaluators.emplace(ref.program.get(), expr::Evaluator(ref.program)).first;
            Value v = it->second.evaluate(activation);
            if (v.is_error()) {
                problem(position, fmt::format("'{}': {}", ref.text, v.as_string()));
                return std::nullopt;
            }
            // Sections and #each walk plain lists and maps; rows of loaded
            // data become them here, once per tag.
            if (v.kind() == Kind::Record || v.kind() == Kind::RecordList) return v.materialize();
            return v;
        }
        std::optional<Value> found;
        for (auto frame = stack.rbegin(); frame != stack.rend() && !found; ++frame) found = member(*frame, ref.path[0]);
        for (size_t i = 1; i < ref.path.size() && found; ++i) found = member(*found, ref.path[i]);
        return found;
    }

    void render_nodes(const std::vector<Node>& nodes) {
        for (const Node& node : nodes) render_node(node);
    }

    // One more level of blocks or partials for the duration of a node.
    struct Level {
        int& nesting;
        explicit Level(int& n) : nesting(n) { ++nesting; }
        ~Level() { --nesting; }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;
    };

    void render_node(const Node& node) {
        if (node.kind == NodeKind::Text) {
            out->append(node.text);
            return;
        }
        Level level(nesting);
        switch (node.kind) {
        case NodeKind::Text:
            return;
        case NodeKind::Variable: {
            std::optional<Value> v = resolve(node.ref, node.position);
            if (!v) return;
            if (node.escape && current->escaping() != Escaping::None) {
                std::string text;
                append_value_text(text, *v);
                if (current->escaping() == Escaping::Html) append_html_escaped(*out, text);
                else append_uri_escaped(*out, text);
            } else {
                append_value_text(*out, *v);
            }
            return;
        }
        case NodeKind::Section: {
            std::optional<Value> v = resolve(node.ref, node.position);
            if (!v) return;
            if (v->kind() == Kind::List) {
                for (const Value& item : v->as_list()) push_and_render(item, node.children);
            } else if (truthy(*v)) {
                push_and_render(*v, node.children);
            }
            return;
        }
        case NodeKind::Inverted: {
            std::optional<Value> v = resolve(node.ref, node.position);
            if (!v || !truthy(*v)) render_nodes(node.children);
            return;
        }
        case NodeKind::If:
            render_nodes(condition(node) ? node.children : node.else_children);
            return;
        case NodeKind::Each:
            render_each(node);
            return;
        case NodeKind::Partial:
            render_partial(node);
            return;
        }
    }

    void push_and_render(const Value& context, const std::vector<Node>& nodes) {
        stack.push_back(context);
        render_nodes(nodes);
        stack.pop_back();
    }

    bool condition(const Node& node) {
        std::optional<Value> v = resolve(node.ref, node.position);
        if (!v) return false;
        if (!node.ref.program) return truthy(*v);
        if (v->kind() == Kind::Bool) return v->as_bool();
        problem(node.position, fmt::format("'{{{{#if}}}}' condition '{}' is {}, not bool", node.ref.text, v->type_name()));
        return false;
    }

    void render_each(const Node& node) {
        std::optional<Value> v = resolve(node.ref, node.position);
        if (!v || v->is_null()) {
            render_nodes(node.else_children);
            return;
        }
        if (v->kind() != Kind::List) {
            problem(node.position, fmt::format("'{{{{#each}}}}' needs a list, '{}' is {}", node.ref.text, v->type_name()));
            render_nodes(node.else_children);
            return;
        }
        if (v->as_list().empty()) {
            render_nodes(node.else_children);
            return;
        }
        int slot = current->it_slot();
        Value saved = activation.get(slot);
        for (const Value& item : v->as_list()) {
            activation.set(slot, item);
            push_and_render(item, node.children);
        }
        activation.set(slot, saved);
    }

    void render_partial(const Node& node) {
        const Template* partial = partials ? partials->find(node.text, node.indent) : nullptr;
        if (!partial) {
            bool exists = partials && partials->has(node.text);
            problem(node.position, exists ? fmt::format("partial '{}' does not parse", node.text)
                                          : fmt::format("unknown partial '{}'", node.text));
            return;
        }
        if (depth >= k_max_partial_depth) {
            problem(node.position, fmt::format("partials nested more than {} deep at '{}'", k_max_partial_depth, node.text));
            return;
        }
        // Each template is at most k_max_nesting deep on its own, but
        // partials stack their depths: stop before the walk gets too deep.
        if (nesting > k_max_nesting) {
            problem(node.position, fmt::format("partial '{}' nests too deeply (more than {} levels of blocks and partials)",
                                               node.text, k_max_nesting));
            return;
        }
        if (partial->render_environment().variable_count() != tmpl.render_environment().variable_count()) {
            problem(node.position, fmt::format("partial '{}' was parsed for another environment", node.text));
            return;
        }
        const Template* saved_template = current;
        std::string saved_name = std::move(partial_name);
        partial_name = node.text;
        current = partial;
        ++depth;
        render_nodes(partial->nodes());
        --depth;
        current = saved_template;
        partial_name = std::move(saved_name);
    }
};

Renderer::Renderer(const Template& tmpl) : m_impl(std::make_unique<Impl>(tmpl)) {}
Renderer::~Renderer() = default;
Renderer::Renderer(Renderer&&) noexcept = default;

RenderResult Renderer::render(const RenderContext& context) {
    Impl& impl = *m_impl;
    const expr::Environment& env = impl.tmpl.render_environment();
    for (int slot = 0; slot < impl.tmpl.base_variable_count(); ++slot) {
        if (context.activation && context.activation->has(slot)) {
            impl.activation.set(slot, context.activation->get(slot));
        } else {
            impl.activation.set(slot, Value::error(fmt::format("variable '{}' has no value", env.name_of(slot))));
        }
    }
    // Host functions (inSegment) reach the caller's context through it.
    impl.activation.set_host(context.activation ? context.activation->host() : nullptr);
    if (impl.tmpl.it_slot() >= impl.tmpl.base_variable_count())
        impl.activation.set(impl.tmpl.it_slot(), Value::error("'it' has a value only inside '{{#each}}'"));

    RenderResult result;
    impl.out = &result.text;
    impl.problems = &result.problems;
    impl.partials = context.partials;
    impl.current = &impl.tmpl;
    impl.partial_name.clear();
    impl.depth = 0;
    impl.nesting = 0;
    impl.stack.clear();
    impl.stack.push_back(context.data);
    impl.render_nodes(impl.tmpl.nodes());
    impl.stack.clear();
    return result;
}

RenderResult render(const Template& tmpl, const RenderContext& context) {
    Renderer renderer(tmpl);
    return renderer.render(context);
}

}  // namespace journeyctl::core::tmpl
