// The segment engine's setup: the environment segments are compiled in
// (expressions.md: profile, events, now, inSegment), compiling the segments
// a command needs and those they reach through inSegment("..."), and the
// Population view of a loaded Dataset. Evaluation is in worker.cpp,
// explain in explain.cpp, the fields a program reads in fields.cpp.
#include <algorithm>
#include <map>

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

namespace {

// One inSegment("name") of a segment's where: the segment it names and where.
struct SegmentCall {
    size_t target;
    expr::SourceSpan span;
};

// A segment that uses itself, directly or through others, has no members
// to compute: each such inSegment call that closes a circle is a problem
// (the runtime check in the worker would only count every profile out).
// Depth-first search without recursion, so a long chain of segments
// cannot exhaust the stack.
void report_cycles(const Engine::Impl& impl, const std::map<size_t, std::vector<SegmentCall>>& calls,
                   std::vector<CompileProblem>& problems) {
    enum class Mark : uint8_t { New, Open, Done };
    std::map<size_t, Mark> marks;
    struct Frame {
        size_t segment;
        size_t next = 0;
    };
    std::vector<Frame> path;
    for (const auto& [start, unused] : calls) {
        if (marks[start] != Mark::New) continue;
        path.push_back({start});
        marks[start] = Mark::Open;
        while (!path.empty()) {
            Frame& frame = path.back();
            const auto it = calls.find(frame.segment);
            if (it == calls.end() || frame.next >= it->second.size()) {
                marks[frame.segment] = Mark::Done;
                path.pop_back();
                continue;
            }
            const SegmentCall& call = it->second[frame.next++];
            const Mark mark = marks[call.target];
            if (mark == Mark::New) {
                marks[call.target] = Mark::Open;
                path.push_back({call.target});
            } else if (mark == Mark::Open) {
                const std::string& name = impl.defs[frame.segment].name;
                std::string message;
                if (call.target == frame.segment) {
                    message = "segment '" + name + "' uses itself through inSegment";
                } else {
                    std::string names;
                    for (auto f = path.rbegin(); f != path.rend(); ++f) {
                        names = "'" + impl.defs[f->segment].name + "'" + (names.empty() ? "" : ", ") + names;
                        if (f->segment == call.target) break;
                    }
                    message = "segments " + names + " use each other through inSegment, so none of them can be computed";
                }
                problems.push_back({name, call.span, std::move(message), "segment-cycle"});
            }
        }
    }
}

}  // namespace

std::vector<CompileProblem> Engine::prepare(std::span<const size_t> targets) {
    Impl& impl = *m_impl;
    std::vector<CompileProblem> problems;
    std::vector<size_t> pending(targets.begin(), targets.end());
    std::map<size_t, std::vector<SegmentCall>> calls;  // of each segment compiled now
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
            if (!d.is_warning) problems.push_back({def.name, d.span, d.message, {}});
        }
        if (!compiled.ok()) continue;
        impl.programs[segment] = compiled.program;
        std::vector<const expr::Node*> called;
        segment_calls(compiled.program->root(), called);
        for (const expr::Node* literal : called) {
            const std::string_view name = literal->literal.as_string();
            if (auto other = impl.find(name)) {
                pending.push_back(*other);
                calls[segment].push_back({*other, literal->span});
            } else {
                problems.push_back({def.name, literal->span, "there is no segment '" + std::string(name) + "'", {}});
            }
        }
    }
    report_cycles(impl, calls, problems);
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
