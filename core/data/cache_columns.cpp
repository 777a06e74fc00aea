// One column to and from the column cache (see cache_codec.hpp). A column
// is its present bitmap and whichever arrays its type fills (ints, nanos,
// doubles, dictionary codes), each a section; a string array is two
// sections, the bytes and the offsets where each string starts. Reading
// checks that the arrays hold together (sizes, offsets, codes), so that a
// damaged or crafted file cannot make a read go out of bounds.
#include <algorithm>
#include <thread>

#include "core/data/cache_codec.hpp"
#include "core/data/jsonl.hpp"

namespace journeyctl::core::data {

namespace {

template <typename T>
nlohmann::json write_array(CacheFileWriter& writer, const std::vector<T>& items) {
    return to_json(writer.write(std::span<const T>(items)));
}

nlohmann::json write_strings(CacheFileWriter& writer, const std::vector<std::string_view>& strings) {
    std::vector<uint64_t> offsets;
    offsets.reserve(strings.size() + 1);
    writer.begin_section();
    uint64_t at = 0;
    for (const std::string_view s : strings) {
        offsets.push_back(at);
        writer.append(s.data(), s.size());
        at += s.size();
    }
    offsets.push_back(at);
    const Section data = writer.end_section();
    return {{"bytes", to_json(data)}, {"offsets", write_array(writer, offsets)}};
}

template <typename T>
std::vector<T> read_array(const MappedCache& cache, const nlohmann::json& entry, const char* name,
                          std::size_t expected_or_zero) {
    const std::span<const T> items = cache.array<T>(section_from_json(entry.at(name)));
    if (!items.empty() && expected_or_zero != 0 && items.size() != expected_or_zero) {
        throw CacheDamaged(std::string("a column's ") + name + " do not match its rows");
    }
    return {items.begin(), items.end()};
}

std::vector<std::string_view> read_strings(const MappedCache& cache, const nlohmann::json& entry) {
    const std::string_view bytes = cache.bytes(section_from_json(entry.at("bytes")));
    const std::span<const uint64_t> offsets = cache.array<uint64_t>(section_from_json(entry.at("offsets")));
    if (offsets.empty() || offsets.back() != bytes.size()) throw CacheDamaged("a string array's offsets are broken");
    std::vector<std::string_view> strings(offsets.size() - 1);
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        if (offsets[i] > offsets[i + 1]) throw CacheDamaged("a string array's offsets are broken");
        strings[i] = bytes.substr(offsets[i], offsets[i + 1] - offsets[i]);
    }
    return strings;
}

}  // namespace

nlohmann::json ColumnCodec::write(CacheFileWriter& writer, const Column& c) {
    nlohmann::json entry = {{"name", c.m_name},
                            {"type", static_cast<int>(c.m_type)},
                            {"declared", c.m_declared},
                            {"rows", c.m_rows}};
    if (c.m_group_keys != nullptr) {
        entry["group_key"] = true;
        return entry;
    }
    entry["present"] = write_array(writer, c.m_present);
    entry["ints"] = write_array(writer, c.m_ints);
    entry["nanos"] = write_array(writer, c.m_nanos);
    entry["doubles"] = write_array(writer, c.m_doubles);
    entry["codes"] = write_array(writer, c.m_codes);
    entry["strings"] = write_strings(writer, c.m_strings);
    entry["dictionary"] = write_strings(writer, c.m_dictionary);
    entry["json"] = write_strings(writer, c.m_json);
    return entry;
}

bool ColumnCodec::is_group_key(const nlohmann::json& entry) {
    return entry.value("group_key", false);
}

Column ColumnCodec::read(const MappedCache& cache, const nlohmann::json& entry) {
    Column c;
    c.m_name = entry.at("name").get<std::string>();
    const int type = entry.at("type").get<int>();
    if (type < 0 || type > static_cast<int>(ColumnType::Dyn)) throw CacheDamaged("a column has an unknown type");
    c.m_type = static_cast<ColumnType>(type);
    c.m_declared = entry.at("declared").get<bool>();
    c.m_rows = entry.at("rows").get<uint32_t>();
    if (is_group_key(entry)) return c;
    const std::size_t rows = c.m_rows;
    c.m_present = read_array<uint64_t>(cache, entry, "present", 0);
    if (c.m_present.size() != (rows + 63) / 64) throw CacheDamaged("a column's bitmap does not match its rows");
    c.m_ints = read_array<int64_t>(cache, entry, "ints", rows);
    c.m_nanos = read_array<int32_t>(cache, entry, "nanos", rows);
    c.m_doubles = read_array<double>(cache, entry, "doubles", rows);
    c.m_codes = read_array<uint32_t>(cache, entry, "codes", rows);
    c.m_strings = read_strings(cache, entry.at("strings"));
    c.m_dictionary = read_strings(cache, entry.at("dictionary"));
    c.m_json = read_strings(cache, entry.at("json"));
    // What Column::value reads for its type must be there for every row.
    auto need = [&](std::size_t size) {
        if (size != rows) throw CacheDamaged("a column lacks the cells its type reads");
    };
    switch (c.m_type) {
        case ColumnType::Int:
        case ColumnType::Bool:
        case ColumnType::Timestamp: need(c.m_ints.size()); break;
        case ColumnType::Double: need(c.m_doubles.size()); break;
        case ColumnType::String: need(c.m_codes.empty() ? c.m_strings.size() : c.m_codes.size()); break;
        case ColumnType::Dyn: need(c.m_json.size()); break;
    }
    if (!c.m_strings.empty() && c.m_strings.size() != rows) throw CacheDamaged("a column's strings do not match its rows");
    // An absent cell's code is 0 even when the dictionary is empty: only
    // the present cells' codes are read.
    const auto dictionary = static_cast<uint32_t>(c.m_dictionary.size());
    for (std::size_t r = 0; r < c.m_codes.size(); ++r) {
        const bool present = (c.m_present[r >> 6] >> (r & 63)) & 1;
        if (present && c.m_codes[r] >= dictionary) throw CacheDamaged("a column's codes point outside its dictionary");
    }
    return c;
}

Column ColumnCodec::absent(std::string name, ColumnType type, uint32_t rows) {
    ColumnBuilder builder(std::move(name), type, false, type == ColumnType::String);
    builder.reserve(rows);
    for (uint32_t r = 0; r < rows; ++r) builder.append_absent();
    return builder.take();
}

void ColumnCodec::cut_to_keys(Column& c, const FieldSlot& slot, std::vector<std::unique_ptr<char[]>>& storage,
                              unsigned threads) {
    if (c.m_type != ColumnType::Dyn) return;
    // Each thread cuts a range of rows into its own arena: the cells are
    // independent, and parsing them is most of a warm load that reads
    // object keys.
    const std::size_t rows = c.m_json.size();
    const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(threads, rows / 4096));
    std::vector<Arena> arenas(parts);
    auto cut_range = [&](std::size_t part) {
        std::string cut;
        for (std::size_t r = rows * part / parts; r < rows * (part + 1) / parts; ++r) {
            std::string_view& text = c.m_json[r];
            if (!text.empty()) text = arenas[part].copy(cut_json_object(text, slot, cut));
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t part = 1; part < parts; ++part) pool.emplace_back(cut_range, part);
    cut_range(0);
    for (std::thread& t : pool) t.join();
    for (Arena& arena : arenas) arena.move_into(storage);
}

}  // namespace journeyctl::core::data
