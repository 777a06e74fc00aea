// Whole-column operations of the loader: joining the parts that loading
// threads built (freeing each part as soon as it is copied, so the peak is
// one column plus one part), reordering rows and dropping rows.
#include <algorithm>
#include <type_traits>
#include <unordered_map>

#include "core/data/column_builder.hpp"

namespace journeyctl::core::data {

namespace {

void append_bits(std::vector<uint64_t>& dst, uint32_t dst_rows, const std::vector<uint64_t>& src, uint32_t src_rows) {
    if (src_rows == 0) return;
    dst.resize((static_cast<std::size_t>(dst_rows) + src_rows + 63) / 64, 0);
    const uint32_t shift = dst_rows & 63;
    const std::size_t base = dst_rows >> 6;
    const std::size_t words = (src_rows + 63) / 64;
    for (std::size_t w = 0; w < words; ++w) {
        uint64_t word = src[w];
        if (w == words - 1 && (src_rows & 63) != 0) word &= (uint64_t{1} << (src_rows & 63)) - 1;
        dst[base + w] |= word << shift;
        if (shift != 0 && base + w + 1 < dst.size()) dst[base + w + 1] |= word >> (64 - shift);
    }
}

bool bit(const std::vector<uint64_t>& bits, uint32_t i) {
    return (bits[i >> 6] >> (i & 63)) & 1;
}

template <typename T>
void append_and_free(std::vector<T>& dst, std::vector<T>& src) {
    dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
    std::vector<T>().swap(src);
}

template <typename T>
void gather_vector(std::vector<T>& v, std::span<const uint32_t> order) {
    if (v.empty()) return;
    std::vector<T> out;
    out.reserve(order.size());
    for (uint32_t i : order) out.push_back(v[i]);
    v = std::move(out);
}

template <typename T>
void permute_vector(std::vector<T>& v, uint32_t begin, std::span<const uint32_t> order) {
    if (v.empty()) return;
    // Called once per profile: keep the scratch between calls.
    thread_local std::vector<T> scratch;
    scratch.assign(std::make_move_iterator(v.begin() + begin),
                   std::make_move_iterator(v.begin() + begin + static_cast<std::ptrdiff_t>(order.size())));
    for (std::size_t i = 0; i < order.size(); ++i) v[begin + i] = std::move(scratch[order[i]]);
    if constexpr (!std::is_trivially_copyable_v<T>) scratch.clear();
}

template <typename T>
void keep_vector(std::vector<T>& v, const std::vector<uint8_t>& keep) {
    if (v.empty()) return;
    std::size_t out = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (keep[i]) v[out++] = std::move(v[i]);
    }
    v.resize(out);
}

std::vector<uint64_t> pick_bits(const std::vector<uint64_t>& bits, std::span<const uint32_t> rows) {
    std::vector<uint64_t> out((rows.size() + 63) / 64, 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (bit(bits, rows[i])) out[i >> 6] |= uint64_t{1} << (i & 63);
    }
    return out;
}

// Plain views for a dictionary-encoded part (absent cells: empty views).
std::vector<std::string_view> plain_strings(const std::vector<uint32_t>& codes,
                                            const std::vector<std::string_view>& dictionary,
                                            const std::vector<uint64_t>& present) {
    std::vector<std::string_view> out(codes.size());
    for (uint32_t row = 0; row < codes.size(); ++row) {
        if (bit(present, row)) out[row] = dictionary[codes[row]];
    }
    return out;
}

}  // namespace

Column ColumnBuilder::concat(std::vector<Column>& parts) {
    Column out;
    if (parts.empty()) return out;
    out.m_name = parts[0].m_name;
    out.m_declared = parts[0].m_declared;
    out.m_type = parts[0].m_type;
    std::size_t rows = 0;
    bool any_double = false, any_plain = false, any_nanos = false;
    for (const Column& p : parts) {
        rows += p.m_rows;
        any_double = any_double || p.m_type == ColumnType::Double;
        any_plain = any_plain || !p.m_strings.empty();
        any_nanos = any_nanos || !p.m_nanos.empty();
    }
    if (any_double && out.m_type == ColumnType::Int) out.m_type = ColumnType::Double;

    std::unordered_map<std::string_view, uint32_t> dictionary_index;
    const bool dictionary = out.m_type == ColumnType::String && !any_plain;
    for (Column& p : parts) {
        if (out.m_type == ColumnType::Double && p.m_type == ColumnType::Int) {
            for (int64_t v : p.m_ints) p.m_doubles.push_back(static_cast<double>(v));
            std::vector<int64_t>().swap(p.m_ints);
        }
        if (out.m_type == ColumnType::String && !dictionary && !p.m_codes.empty()) {
            p.m_strings = plain_strings(p.m_codes, p.m_dictionary, p.m_present);
            std::vector<uint32_t>().swap(p.m_codes);
        }
        if (dictionary) {
            std::vector<uint32_t> remap(p.m_dictionary.size());
            for (std::size_t i = 0; i < p.m_dictionary.size(); ++i) {
                auto [it, inserted] =
                    dictionary_index.emplace(p.m_dictionary[i], static_cast<uint32_t>(out.m_dictionary.size()));
                if (inserted) out.m_dictionary.push_back(p.m_dictionary[i]);
                remap[i] = it->second;
            }
            for (uint32_t row = 0; row < p.m_codes.size(); ++row) {
                p.m_codes[row] = bit(p.m_present, row) ? remap[p.m_codes[row]] : 0;
            }
        }
        if (any_nanos && out.m_type == ColumnType::Timestamp && p.m_nanos.empty()) p.m_nanos.assign(p.m_ints.size(), 0);
    }
    // Reserve, then copy part by part, freeing each part as it goes.
    switch (out.m_type) {
        case ColumnType::Int:
        case ColumnType::Bool:
        case ColumnType::Timestamp:
            out.m_ints.reserve(rows);
            if (any_nanos) out.m_nanos.reserve(rows);
            break;
        case ColumnType::Double: out.m_doubles.reserve(rows); break;
        case ColumnType::String:
            if (dictionary) {
                out.m_codes.reserve(rows);
            } else {
                out.m_strings.reserve(rows);
            }
            break;
        case ColumnType::Dyn: out.m_json.reserve(rows); break;
    }
    for (Column& p : parts) {
        append_bits(out.m_present, out.m_rows, p.m_present, p.m_rows);
        out.m_rows += p.m_rows;
        append_and_free(out.m_ints, p.m_ints);
        append_and_free(out.m_nanos, p.m_nanos);
        append_and_free(out.m_doubles, p.m_doubles);
        append_and_free(out.m_strings, p.m_strings);
        append_and_free(out.m_codes, p.m_codes);
        append_and_free(out.m_json, p.m_json);
        std::vector<uint64_t>().swap(p.m_present);
    }
    return out;
}

void ColumnBuilder::gather(Column& column, std::span<const uint32_t> order) {
    column.m_present = pick_bits(column.m_present, order);
    gather_vector(column.m_ints, order);
    gather_vector(column.m_nanos, order);
    gather_vector(column.m_doubles, order);
    gather_vector(column.m_strings, order);
    gather_vector(column.m_codes, order);
    gather_vector(column.m_json, order);
    column.m_rows = static_cast<uint32_t>(order.size());
}

void ColumnBuilder::permute_range(Column& column, uint32_t begin, std::span<const uint32_t> order) {
    if (column.m_group_keys != nullptr) return;
    thread_local std::vector<uint8_t> present;
    present.resize(order.size());
    bool all = true;
    for (std::size_t i = 0; i < order.size(); ++i) {
        present[i] = bit(column.m_present, begin + order[i]) ? 1 : 0;
        all = all && present[i];
    }
    for (std::size_t i = 0; i < order.size() && !all; ++i) {
        const uint32_t row = begin + static_cast<uint32_t>(i);
        const uint64_t mask = uint64_t{1} << (row & 63);
        column.m_present[row >> 6] = present[i] ? (column.m_present[row >> 6] | mask) : (column.m_present[row >> 6] & ~mask);
    }
    permute_vector(column.m_ints, begin, order);
    permute_vector(column.m_nanos, begin, order);
    permute_vector(column.m_doubles, begin, order);
    permute_vector(column.m_strings, begin, order);
    permute_vector(column.m_codes, begin, order);
    permute_vector(column.m_json, begin, order);
}

void ColumnBuilder::keep_rows(Column& column, const std::vector<uint8_t>& keep) {
    std::vector<uint32_t> rows;
    for (uint32_t row = 0; row < column.m_rows; ++row) {
        if (keep[row]) rows.push_back(row);
    }
    column.m_present = pick_bits(column.m_present, rows);
    keep_vector(column.m_ints, keep);
    keep_vector(column.m_nanos, keep);
    keep_vector(column.m_doubles, keep);
    keep_vector(column.m_strings, keep);
    keep_vector(column.m_codes, keep);
    keep_vector(column.m_json, keep);
    column.m_rows = static_cast<uint32_t>(rows.size());
}

void ColumnBuilder::make_group_key(Column& column, uint32_t rows, const std::vector<uint32_t>& begin, const Column& keys) {
    std::string name = column.m_name;
    const bool declared = column.m_declared;
    column = Column();
    column.m_name = std::move(name);
    column.m_declared = declared;
    column.m_type = ColumnType::String;
    column.m_rows = rows;
    column.m_group_begin = begin.data();
    column.m_group_count = static_cast<uint32_t>(begin.size() - 1);
    column.m_group_keys = &keys;
}

}  // namespace journeyctl::core::data
