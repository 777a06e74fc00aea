// Evaluating segments over rows: a Worker per thread binds `profile` and
// `events` to views of one profile's rows (no copy, no allocation) and
// evaluates with a per-profile memo for inSegment; Engine::run splits the
// profiles into one contiguous range per thread and merges the counts.
#include <algorithm>
#include <atomic>
#include <thread>

#include "core/segment/engine_internal.hpp"
#include "core/segment/event_scan.hpp"

namespace journeyctl::core::segment {

using expr::Value;

namespace {

constexpr uint32_t k_rows_per_thread_minimum = 4096;  // fewer rows: not worth a thread
constexpr uint32_t k_progress_every = 8192;

void record_error(SegmentStats& stats, uint32_t row, const Value& result, uint64_t& total) {
    ++total;
    ++stats.errors;
    if (row < stats.first_error_row) {
        stats.first_error_row = row;
        stats.first_error = result.is_error()
                                ? std::string(result.as_string())
                                : "the condition gave " + std::string(result.type_name()) + ", not bool";
    }
}

void merge(SegmentStats& into, const SegmentStats& from) {
    into.evaluated = into.evaluated || from.evaluated;
    into.members += from.members;
    into.errors += from.errors;
    if (from.first_error_row < into.first_error_row) {
        into.first_error_row = from.first_error_row;
        into.first_error = from.first_error;
    }
}

}  // namespace

Worker::Worker(const Engine::Impl& engine, const Population& population, expr::Timestamp now,
               const expr::Environment* env)
    : m_engine(engine), m_population(population), m_now(Value::timestamp(now)),
      m_activation(env != nullptr ? *env : engine.env), m_evaluators(engine.defs.size()),
      m_compiled(engine.defs.size()), m_state(engine.defs.size(), State::Unknown),
      m_state_row(engine.defs.size(), UINT32_MAX),
      m_stats(engine.defs.size()) {
    m_activation.set(engine.now_slot, m_now);
    m_activation.set_host(this);
}

void Worker::set(int slot, Value value) {
    if (slot == m_engine.now_slot) {
        // The segment evaluators hold `now` as a constant: rebuild them.
        m_now = value;
        for (auto& compiled : m_compiled) compiled.reset();
        for (auto& evaluator : m_evaluators) evaluator.reset();
    }
    m_activation.set(slot, std::move(value));
}

void Worker::bind(uint32_t row) {
    m_row = row;
    m_activation.set(m_engine.profile_slot, Value::record(m_population.profiles, row));
    if (m_population.events != nullptr) {
        m_activation.set(m_engine.events_slot, Value::record_list(m_population.events, m_population.event_begin(row),
                                                                  m_population.events_end(row)));
    } else {
        m_activation.set(m_engine.events_slot, Value::list(expr::ListValue{}));
    }
}

bool Worker::member(size_t segment) {
    if (m_state_row[segment] == m_row) {
        if (m_state[segment] == State::True) return true;
        if (m_state[segment] == State::False) return false;
    }
    const auto& program = m_engine.programs[segment];
    SegmentStats& stats = m_stats[segment];
    stats.evaluated = true;
    if (!program) {
        record_error(stats, m_row, Value::error("segment '" + m_engine.defs[segment].name + "' did not compile"),
                     m_errors);
        return false;
    }
    auto& evaluator = m_evaluators[segment];
    if (!evaluator) {
        const std::pair<int, Value> constants[] = {{m_engine.now_slot, m_now}};
        evaluator.emplace(program, constants);
        install_event_scans(*evaluator, *program,
                            {m_engine.events_slot, m_population.events, m_population.events_time_field,
                             m_engine.profile_slot});
        m_compiled[segment] = CompiledWhere::compile(*evaluator, *program, m_engine.profile_slot);
    }
    m_state_row[segment] = m_row;
    m_state[segment] = State::Running;
    const std::optional<bool> tested = m_compiled[segment] ? m_compiled[segment]->test(m_activation) : std::nullopt;
    const Value result = tested ? Value::boolean(*tested) : evaluator->evaluate(m_activation);
    const bool in = result.kind() == Value::Kind::Bool && result.as_bool();
    if (result.kind() != Value::Kind::Bool) record_error(stats, m_row, result, m_errors);
    m_state[segment] = in ? State::True : State::False;
    return in;
}

Value Worker::in_segment(std::string_view name) {
    auto segment = m_engine.find(name);
    if (!segment) return Value::error("there is no segment '" + std::string(name) + "'");
    if (m_state_row[*segment] == m_row && m_state[*segment] == State::Running) {
        return Value::error("segment '" + std::string(name) + "' uses itself through inSegment");
    }
    if (m_nesting >= k_max_segment_nesting) {
        return Value::error("inSegment(\"" + std::string(name) + "\") nests too deeply (more than " +
                            std::to_string(k_max_segment_nesting) + " segments inside each other)");
    }
    ++m_nesting;
    const bool in = member(*segment);
    --m_nesting;
    return Value::boolean(in);
}

Value Worker::evaluate(const std::shared_ptr<const expr::Program>& program) {
    expr::Evaluator evaluator(program);
    return evaluator.evaluate(m_activation);
}

RunResult Engine::run(const Population& population, std::span<const size_t> targets, const RunOptions& options) const {
    const Impl& impl = *m_impl;
    const uint32_t count = population.profile_count;
    RunResult result;
    result.members.assign(targets.size(), std::vector<uint8_t>(count, 0));
    result.stats.resize(impl.defs.size());

    unsigned threads = std::max(1u, options.threads);
    threads = std::min<unsigned>(threads, std::max<uint32_t>(1, count / k_rows_per_thread_minimum));
    // Strict mode: the lowest row known to have an error; a thread stops
    // once it passes that row (rows below it may still hide an earlier one).
    std::atomic<uint32_t> first_error_row{UINT32_MAX};
    std::atomic<uint64_t> done{0};
    std::vector<std::vector<SegmentStats>> stats(threads);

    auto work = [&](unsigned index, uint32_t begin, uint32_t end) {
        Worker worker(impl, population, options.now);
        uint32_t since_progress = 0;
        for (uint32_t row = begin; row < end; ++row) {
            if (options.strict && first_error_row.load(std::memory_order_relaxed) < row) break;
            worker.bind(row);
            for (size_t t = 0; t < targets.size(); ++t) {
                result.members[t][row] = worker.member(targets[t]) ? 1 : 0;
            }
            if (options.strict && worker.error_count() > 0) {
                uint32_t seen = first_error_row.load();
                while (row < seen && !first_error_row.compare_exchange_weak(seen, row)) {
                }
                break;
            }
            if (++since_progress == k_progress_every) {
                since_progress = 0;
                const uint64_t total_done = done.fetch_add(k_progress_every) + k_progress_every;
                if (index == 0 && options.progress) options.progress(total_done, count);
            }
        }
        stats[index] = std::move(worker.stats());
    };

    if (threads == 1) {
        work(0, 0, count);
    } else {
        std::vector<std::thread> pool;
        const uint32_t step = count / threads;
        for (unsigned i = 0; i < threads; ++i) {
            const uint32_t begin = i * step;
            const uint32_t end = i + 1 == threads ? count : begin + step;
            pool.emplace_back(work, i, begin, end);
        }
        for (auto& thread : pool) thread.join();
    }
    for (const auto& thread_stats : stats) {
        for (size_t s = 0; s < thread_stats.size(); ++s) merge(result.stats[s], thread_stats[s]);
    }
    for (size_t t = 0; t < targets.size(); ++t) {
        const auto& members = result.members[t];
        result.stats[targets[t]].members = static_cast<uint64_t>(std::count(members.begin(), members.end(), 1));
    }
    if (options.strict) {
        uint32_t lowest = UINT32_MAX;
        for (size_t s = 0; s < result.stats.size(); ++s) {
            if (result.stats[s].errors > 0 && result.stats[s].first_error_row < lowest) {
                lowest = result.stats[s].first_error_row;
                result.stopped_at = s;
            }
        }
    }
    if (options.progress) options.progress(count, count);
    return result;
}

}  // namespace journeyctl::core::segment
