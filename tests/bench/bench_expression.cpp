// ns per evaluation of the profile part of the reference segment
// (shared/bench/README.md, "lapsed_vip"), compiled once and evaluated over
// a rotating set of profiles, against two profile representations: a map
// built from JSON-like data, and the same with a typed record declaration.
// Also: the cost of compiling it, to show that evaluation does no parsing.
#include <benchmark/benchmark.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/expr/expression.hpp"

namespace expr = journeyctl::core::expr;

namespace {

constexpr const char* k_profile_part =
    R"(profile.tier in ["gold", "platinum"] && profile.country in ["FR", "DE", "ES"])"
    R"( && profile.email_opt_in && profile.age >= 25 && profile.age <= 54)";

std::vector<expr::Value> make_profiles() {
    static const std::array<const char*, 4> tiers{"bronze", "silver", "gold", "platinum"};
    static const std::array<const char*, 6> countries{"FR", "DE", "ES", "IT", "US", "GB"};
    std::vector<expr::Value> profiles;
    for (int i = 0; i < 1024; ++i) {
        auto map = std::make_shared<expr::MapValue>();
        map->insert(expr::Value::borrowed_string("customer_id"), expr::Value::string("c" + std::to_string(i)));
        map->insert(expr::Value::borrowed_string("tier"), expr::Value::borrowed_string(tiers[i % 4]));
        map->insert(expr::Value::borrowed_string("country"), expr::Value::borrowed_string(countries[i % 6]));
        map->insert(expr::Value::borrowed_string("email_opt_in"), expr::Value::boolean(i % 3 != 0));
        map->insert(expr::Value::borrowed_string("age"), expr::Value::integer(18 + (i * 7) % 60));
        profiles.push_back(expr::Value::map(map));
    }
    return profiles;
}

void run(benchmark::State& state, const expr::Type& profile_type) {
    expr::Environment env = expr::Environment::standard();
    int slot = env.declare("profile", profile_type);
    expr::CompileResult compiled = expr::compile(k_profile_part, env);
    if (!compiled.ok()) {
        state.SkipWithError(compiled.diagnostics.front().message.c_str());
        return;
    }
    std::vector<expr::Value> profiles = make_profiles();
    expr::Evaluator evaluator(compiled.program);
    expr::Activation activation(env);
    size_t i = 0;
    int64_t members = 0;
    for (auto _ : state) {
        activation.set(slot, profiles[i++ & 1023]);
        expr::Value result = evaluator.evaluate(activation);
        members += result.kind() == expr::Value::Kind::Bool && result.as_bool();
    }
    state.counters["members"] = static_cast<double>(members);
    state.SetItemsProcessed(state.iterations());
}

void BM_profile_part_dyn(benchmark::State& state) {
    run(state, expr::Type::dyn());
}

void BM_profile_part_record(benchmark::State& state) {
    using K = expr::TypeKind;
    run(state, expr::Type::record("profile", {{"customer_id", expr::Type::of(K::String)},
                                              {"tier", expr::Type::of(K::String)},
                                              {"country", expr::Type::of(K::String)},
                                              {"email_opt_in", expr::Type::of(K::Bool)},
                                              {"age", expr::Type::of(K::Int)}}));
}

void BM_compile_profile_part(benchmark::State& state) {
    expr::Environment env = expr::Environment::standard();
    env.declare("profile", expr::Type::dyn());
    for (auto _ : state) {
        benchmark::DoNotOptimize(expr::compile(k_profile_part, env));
    }
}

}  // namespace

BENCHMARK(BM_profile_part_dyn);
BENCHMARK(BM_profile_part_record);
BENCHMARK(BM_compile_profile_part);
BENCHMARK_MAIN();
