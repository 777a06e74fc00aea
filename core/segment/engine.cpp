// The segment engine's setup: the environment segments are compiled in
// (expressions.md: profile, events, now, inSegment), compiling the segments
// a command needs and those they reach through inSegment("..."), and the
// Population view of a loaded Dataset. Evaluation is in worker.cpp,
// explain in explain.cpp, the fields a program reads in fields.cpp.
#include <algorithm>

#include "core/data/dataset.hpp"
#include "core/expr/ast.hpp"
#include "core/segment/engine_internal.hpp"

namespace journeyctl::core::segment {

using expr::Type;
using expr::TypeKind;
using expr::Value;

namespace {

expr::FunctionDecl in_segment_function() {
    expr::FunctionDecl decl;
    decl.name = "inSegment";
    decl.parameters = {Type::of(TypeKind::String)};
    decl.result = Type::of(TypeKind::Bool);
    decl.implementation = [](std::span<const Value> args, const expr::Activation& activation) -> Value {
        auto* worker = static_cast<Worker*>(const_cast<void*>(activation.host()));
        if (worker == nullptr) return Value::error("inSegment is not available here");
        if (args.size() != 1 || args[0].kind() != Value::Kind::String) {
            return Value::error("inSegment takes a segment name");
        }
        return worker->in_segment(args[0].as_string());
    };
    return decl;
}

// The name literals of inSegment("name") calls in a tree.
void segment_calls(const expr::Node& node, std::vector<const expr::Node*>& out) {
    if (node.kind == expr::NodeKind::Call && !node.has_target && node.name == "inSegment" &&
        node.children.size() == 1 && node.children[0]->kind == expr::NodeKind::Literal &&
        node.children[0]->literal.kind() == Value::Kind::String) {
        out.push_back(node.children[0].get());
    }
    for (const auto& child : node.children) segment_calls(*child, out);
}

}  // namespace

Population population_of(const data::Dataset& dataset) {
    Population population;
    population.profiles = &dataset.profiles();
    population.events = &dataset.events();
    population.profile_count = dataset.profiles().row_count();
    population.event_begin = [&dataset](uint32_t profile) { return dataset.event_begin(profile); };
    population.events_time_field = dataset.event_time_field();  // events are grouped, then sorted by time
    return population;
}

std::optional<size_t> Engine::Impl::find(std::string_view name) const {
    auto it = index.find(std::string(name));
    if (it == index.end()) return std::nullopt;
    return it->second;
}

Engine::Engine(std::vector<SegmentDef> segments, Type profile_type) : m_impl(std::make_unique<Impl>()) {
    Impl& impl = *m_impl;
    impl.defs = std::move(segments);
    for (size_t i = 0; i < impl.defs.size(); ++i) impl.index.emplace(impl.defs[i].name, i);
    impl.env = expr::Environment::standard();
    impl.now_slot = *impl.env.slot_of("now");
    impl.profile_slot = impl.env.declare("profile", std::move(profile_type));
    impl.events_slot = impl.env.declare("events", Type::list(Type::map(Type::of(TypeKind::String), Type::dyn())));
    impl.env.add_function(in_segment_function());
    impl.programs.resize(impl.defs.size());
    impl.attempted.resize(impl.defs.size(), false);
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

const std::vector<SegmentDef>& Engine::segments() const { return m_impl->defs; }
std::optional<size_t> Engine::find(std::string_view name) const { return m_impl->find(name); }
const expr::Environment& Engine::environment() const { return m_impl->env; }
int Engine::profile_slot() const { return m_impl->profile_slot; }
int Engine::events_slot() const { return m_impl->events_slot; }

std::shared_ptr<const expr::Program> Engine::program(size_t segment) const {
    return segment < m_impl->programs.size() ? m_impl->programs[segment] : nullptr;
}

std::vector<CompileProblem> Engine::prepare(std::span<const size_t> targets) {
    Impl& impl = *m_impl;
    std::vector<CompileProblem> problems;
    std::vector<size_t> pending(targets.begin(), targets.end());
    expr::CompileOptions options;
    options.expect_bool = true;
    while (!pending.empty()) {
        const size_t segment = pending.back();
        pending.pop_back();
        if (segment >= impl.defs.size() || impl.attempted[segment]) continue;
        impl.attempted[segment] = true;
        const SegmentDef& def = impl.defs[segment];
        expr::CompileResult compiled = expr::compile(def.where, impl.env, options);
        for (const expr::ExprDiagnostic& d : compiled.diagnostics) {
            if (!d.is_warning) problems.push_back({def.name, d.span, d.message});
        }
        if (!compiled.ok()) continue;
        impl.programs[segment] = compiled.program;
        std::vector<const expr::Node*> called;
        segment_calls(compiled.program->root(), called);
        for (const expr::Node* literal : called) {
            const std::string_view name = literal->literal.as_string();
            if (auto other = impl.find(name)) {
                pending.push_back(*other);
            } else {
                problems.push_back({def.name, literal->span, "there is no segment '" + std::string(name) + "'"});
            }
        }
    }
    return problems;
}

FieldUse Engine::field_use() const {
    FieldUse use;
    for (const auto& program : m_impl->programs) {
        if (program) use.merge(field_use_of(*program, m_impl->profile_slot, m_impl->events_slot));
    }
    return use;
}

}  // namespace journeyctl::core::segment
