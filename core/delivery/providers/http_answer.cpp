// Shared reading of HTTP answers (see http_answer.hpp).
#include "core/delivery/providers/http_answer.hpp"

namespace journeyctl::core::delivery {

Classification classify_http_status(const Response& response) {
    Classification out;
    out.provider_status = std::to_string(response.status);
    const long status = response.status;
    if (status >= 200 && status < 300) {
        out.disposition = Disposition::Sent;
    } else if (status == 408 || status == 429) {
        out.disposition = Disposition::Retry;
    } else if (status == 0 || (status >= 500 && status < 600)) {
        out.disposition = Disposition::Ambiguous;
    } else {
        out.disposition = Disposition::Permanent;
    }
    if (out.disposition == Disposition::Retry || out.disposition == Disposition::Ambiguous) {
        out.retry_after_seconds = response.retry_after_seconds;
    }
    return out;
}

std::optional<nlohmann::json> parse_json_body(std::string_view body) {
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
}

std::string json_string(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return {};
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string()) return {};
    return found->get<std::string>();
}

}  // namespace journeyctl::core::delivery
