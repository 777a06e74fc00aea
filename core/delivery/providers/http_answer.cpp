// Shared reading of HTTP answers (see http_answer.hpp).
#include "core/delivery/providers/http_answer.hpp"

namespace journeyctl::core::delivery::providers {

Classification classify_http_status(const Response& response) {
    Classification out;
    out.provider_status = std::to_string(response.status);
    const long status = response.status;
    if (status >= 200 && status < 300) {
        out.disposition = Disposition::Sent;
    } else if (status == 408 || status == 429 || status == 503) {
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

nlohmann::json parse_answer(std::string_view body) {
    return nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
}

std::string json_text(const nlohmann::json& object, std::string_view key) {
    if (!object.is_object()) return {};
    const auto found = object.find(key);
    if (found == object.end()) return {};
    if (found->is_string()) return found->get<std::string>();
    if (found->is_number_integer()) return std::to_string(found->get<long long>());
    return {};
}

}  // namespace journeyctl::core::delivery::providers
