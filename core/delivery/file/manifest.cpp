#include "core/delivery/file/manifest.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

namespace journeyctl::core::delivery::file {

std::string manifest_text(const PartManifest& manifest) {
    const nlohmann::ordered_json out = {
        {"format", k_manifest_format}, {"batch", manifest.batch},     {"part", manifest.part},
        {"file", manifest.file},       {"count", manifest.count},     {"bytes", manifest.bytes},
        {"sha256", manifest.sha256},   {"columns", manifest.columns},
    };
    // Any byte sequence a batch id or a column name holds is kept readable:
    // invalid UTF-8 becomes U+FFFD rather than an exception.
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<PartManifest> parse_manifest(std::string_view text) {
    const nlohmann::json in = nlohmann::json::parse(text, nullptr, false);
    if (in.is_discarded() || !in.is_object() || in.value("format", "") != k_manifest_format) return std::nullopt;
    // nlohmann converts a negative number to an unsigned one without a
    // word: the numbers are checked to be whole and not negative first.
    for (const char* key : {"part", "count", "bytes"}) {
        if (!in.contains(key) || !in.at(key).is_number_unsigned()) return std::nullopt;
    }
    if (in.at("part").get<uint64_t>() > UINT32_MAX) return std::nullopt;
    try {
        PartManifest manifest;
        manifest.batch = in.at("batch").get<std::string>();
        manifest.part = in.at("part").get<uint32_t>();
        manifest.file = in.at("file").get<std::string>();
        manifest.count = in.at("count").get<uint64_t>();
        manifest.bytes = in.at("bytes").get<uint64_t>();
        manifest.sha256 = in.at("sha256").get<std::string>();
        manifest.columns = in.at("columns").get<std::vector<std::string>>();
        return manifest;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

}  // namespace journeyctl::core::delivery::file
