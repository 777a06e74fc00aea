// Internals of the segment engine shared by engine.cpp (compiling),
// worker.cpp (evaluating over rows) and explain.cpp.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/segment/compiled_where.hpp"
#include "core/segment/engine.hpp"

namespace journeyctl::core::segment {

struct Engine::Impl {
    std::vector<SegmentDef> defs;
    std::unordered_map<std::string, size_t> index;  // name -> position in defs
    expr::Environment env;
    int profile_slot = -1;
    int events_slot = -1;
    int now_slot = -1;
    std::vector<std::shared_ptr<const expr::Program>> programs;  // null: not compiled (or failed)
    std::vector<bool> attempted;
    std::optional<size_t> find(std::string_view name) const;
};

// What one thread needs to evaluate segments for one profile at a time:
// an Activation bound to the profile's row, an Evaluator per segment (made
// on first use, with `now` as a constant and the `events` macros it can
// run as scans, see event_scan.hpp; and the where as tests on the profile's
// columns when it has some, see compiled_where.hpp) and the per-profile
// memo that inSegment reads. The inSegment host function reaches the Worker through
// Activation::host().
class Worker {
public:
    // env: the environment the programs evaluated here are compiled in,
    // when it extends the engine's (null: the engine's).
    Worker(const Engine::Impl& engine, const Population& population, expr::Timestamp now,
           const expr::Environment* env = nullptr);
    void set(int slot, expr::Value value);
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void bind(uint32_t row);
    uint32_t row() const { return m_row; }
    const expr::Activation& activation() const { return m_activation; }
    // Whether the bound profile is in the segment (errors count as false
    // and are recorded in stats()).
    bool member(size_t segment);
    // inSegment("name"): bool, or an error for an unknown name or a cycle.
    expr::Value in_segment(std::string_view name);
    std::vector<SegmentStats>& stats() { return m_stats; }
    uint64_t error_count() const { return m_errors; }
    // Evaluates any program compiled in the engine's environment for the
    // bound profile (explain's clauses).
    expr::Value evaluate(const std::shared_ptr<const expr::Program>& program);

private:
    enum class State : uint8_t { Unknown, Running, True, False };
    const Engine::Impl& m_engine;
    const Population& m_population;
    expr::Value m_now;  // the segment evaluators' constant `now`
    expr::Activation m_activation;
    std::vector<std::optional<expr::Evaluator>> m_evaluators;
    std::vector<std::unique_ptr<CompiledWhere>> m_compiled;  // per segment, with its evaluator
    std::vector<State> m_state;
    std::vector<uint32_t> m_state_row;  // the row m_state[i] belongs to
    std::vector<SegmentStats> m_stats;
    uint32_t m_row = UINT32_MAX;
    uint64_t m_errors = 0;
    int m_nesting = 0;  // segments being evaluated inside each other
};

}  // namespace journeyctl::core::segment
