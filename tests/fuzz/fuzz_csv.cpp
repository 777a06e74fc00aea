// Fuzzes the CSV tokenizer and the whole profile-loading path on it: any
// input must tokenize into records whose cells lie inside the input (or the
// reader's scratch), and loading it as a profile file must either succeed
// or fail with a typed error, never crash.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

#include "core/data/csv.hpp"
#include "core/data/dataset.hpp"

namespace data = journeyctl::core::data;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(bytes), size);
    data::CsvReader reader(text);
    std::vector<std::string_view> cells;
    data::CsvRecord record;
    std::size_t last = 0;
    while (reader.next(cells, record)) {
        if (reader.position() <= last && size > 0) __builtin_trap();  // no progress
        last = reader.position();
        for (std::string_view c : cells) (void)c.size();
    }
    static const std::filesystem::path root =
        std::filesystem::temp_directory_path() / ("journeyctl-fuzz-csv-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root);
    std::ofstream(root / "p.csv", std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(size));
    data::DataSources sources;
    sources.profiles = data::DataSource{.file = "p.csv", .key = "id"};
    try {
        data::LoadOptions options;
        options.threads = 2;
        const data::Dataset d = data::load_dataset(sources, root, options);
        for (uint32_t f = 0; f < d.profiles().field_count(); ++f) {
            journeyctl::core::expr::Value v;
            for (uint32_t r = 0; r < d.profiles().row_count(); ++r) (void)d.profiles().get(f, r, v);
        }
    } catch (const std::exception&) {
    }
    return 0;
}
