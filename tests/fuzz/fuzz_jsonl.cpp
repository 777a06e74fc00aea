// Fuzzes JSON Lines loading: the input is an events file for two fixed
// profiles; each line is parsed by simdjson's stream path or the
// line-by-line fallback, and every loaded cell is read back. Any crash or
// sanitizer report is a bug; bad lines must only be rejected rows.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

#include "core/data/dataset.hpp"
#include "core/data/jsonl.hpp"

namespace data = journeyctl::core::data;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(bytes), size);
    if (auto value = data::parse_json_value(text)) (void)value->to_cel_literal();
    static const std::filesystem::path root = [] {
        auto dir = std::filesystem::temp_directory_path() / ("journeyctl-fuzz-jsonl-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "p.csv") << "customer_id,tier\nc1,gold\nc2,silver\n";
        return dir;
    }();
    std::ofstream(root / "e.jsonl", std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(size));
    data::DataSources sources;
    sources.profiles = data::DataSource{.file = "p.csv", .key = "customer_id"};
    sources.events = data::DataSource{.file = "e.jsonl", .key = "customer_id"};
    try {
        const data::Dataset d = data::load_dataset(sources, root);
        const data::Table& events = d.events();
        for (uint32_t f = 0; f < events.field_count(); ++f) {
            journeyctl::core::expr::Value v;
            for (uint32_t r = 0; r < events.row_count(); ++r) {
                if (events.get(f, r, v)) (void)v.to_cel_literal();
            }
        }
    } catch (const std::exception&) {
    }
    return 0;
}
