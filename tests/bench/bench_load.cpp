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

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_load DIR [THREADS]\n");
        return 2;
    }
    data::DataSources sources;
    sources.profiles = data::DataSource{.file = "profiles.csv", .key = "customer_id"};
    sources.events = data::DataSource{.file = "events.jsonl", .key = "customer_id", .type_field = "event", .time_field = "ts"};
    data::LoadOptions options;
    options.profile_fields = std::vector<std::string>{"customer_id", "tier", "country", "email_opt_in", "age"};
    options.event_fields = std::vector<std::string>{"customer_id", "event", "ts"};
    options.threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 0;
    try {
        const auto start = std::chrono::steady_clock::now();
        const data::Dataset dataset = data::load_dataset(sources, argv[1], options);
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
