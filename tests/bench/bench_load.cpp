// Times load_dataset on gen_data.py output (shared/bench/gen_data.py) with
// only the reference segment's fields, as the segment command would load
// them. Not a Google Benchmark: one load of a big file is the measurement.
//   bench_load DIR [THREADS]      (peak memory: /usr/bin/time -v bench_load DIR)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "core/data/dataset.hpp"

namespace data = journeyctl::core::data;
namespace workspace = journeyctl::core::workspace;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_load DIR [THREADS]\n");
        return 2;
    }
    workspace::WorkspaceConfig config;
    config.profiles.present = true;
    config.profiles.file.value = "profiles.csv";
    config.profiles.key.value = "customer_id";
    config.events.present = true;
    config.events.file.value = "events.jsonl";
    config.events.key.value = "customer_id";
    config.events.type_field = workspace::Text{"event", {}, {}, {}};
    config.events.time_field = workspace::Text{"ts", {}, {}, {}};
    data::LoadOptions options;
    options.profile_fields = std::vector<std::string>{"customer_id", "tier", "country", "email_opt_in", "age"};
    options.event_fields = std::vector<std::string>{"customer_id", "event", "ts"};
    options.threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 0;
    try {
        const auto start = std::chrono::steady_clock::now();
        const data::Dataset dataset = data::load_dataset(config, argv[1], options);
        const auto end = std::chrono::steady_clock::now();
        const auto& report = dataset.report();
        std::printf("profiles %u events %u rejected %llu  load %.3f s\n", dataset.profiles().row_count(),
                    dataset.events().row_count(), static_cast<unsigned long long>(report.rejected_total()),
                    std::chrono::duration<double>(end - start).count());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_load: %s\n", e.what());
        return 1;
    }
    return 0;
}
