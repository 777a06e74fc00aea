#include "core/delivery/file/part_names.hpp"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "core/delivery/encoding.hpp"

namespace journeyctl::core::delivery::file {

namespace {

constexpr std::string_view k_part = ".part-";
constexpr std::string_view k_csv = ".csv";
constexpr std::string_view k_manifest = ".manifest.json";
constexpr std::string_view k_staging_suffix = ".tmp";

bool keeps_in_stem(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '@' || c == '-' || c == '.'; }

// The part number and what follows it in `rest` ("0001.csv"), or nullopt.
std::optional<std::pair<uint32_t, std::string_view>> part_number(std::string_view rest) {
    size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits])) != 0) ++digits;
    // Written with at least four digits, and no zero beyond those.
    if (digits < 4 || (digits > 4 && rest[0] == '0')) return std::nullopt;
    uint32_t part = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + digits, part);
    if (ec != std::errc() || part == 0) return std::nullopt;
    return std::make_pair(part, rest.substr(digits));
}

}  // namespace

std::string batch_stem(std::string_view batch) {
    std::string out = percent_encode(batch, keeps_in_stem);
    // A leading '.' would hide the files (and "." or ".." name folders).
    if (out.starts_with('.')) out.replace(0, 1, "%2E");
    return out;
}

std::string part_csv_name(std::string_view stem, uint32_t part) {
    return fmt::format("{}.part-{:04d}.csv", stem, part);
}

std::string part_manifest_name(std::string_view stem, uint32_t part) {
    return fmt::format("{}.part-{:04d}.manifest.json", stem, part);
}

std::string staging_name(std::string_view name) { return "." + std::string(name) + std::string(k_staging_suffix); }

std::optional<BatchFile> batch_file_of(std::string_view name, std::string_view stem) {
    BatchFile file;
    if (name.starts_with('.') && name.ends_with(k_staging_suffix)) {
        file.kind = BatchFileKind::Staging;
        name = name.substr(1, name.size() - 1 - k_staging_suffix.size());
    }
    if (!name.starts_with(stem) || !name.substr(stem.size()).starts_with(k_part)) return std::nullopt;
    const auto number = part_number(name.substr(stem.size() + k_part.size()));
    if (!number) return std::nullopt;
    file.part = number->first;
    if (number->second == k_manifest) {
        if (file.kind != BatchFileKind::Staging) file.kind = BatchFileKind::Manifest;
    } else if (number->second != k_csv) {
        return std::nullopt;
    }
    return file;
}

}  // namespace journeyctl::core::delivery::file
