#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

const std::string* Response::header(std::string_view lower_name) const {
    for (const Header& h : headers) {
        if (h.name == lower_name) return &h.value;
    }
    return nullptr;
}

std::optional<Request> Provider::token_request(int64_t /*unix_seconds*/) { return std::nullopt; }

void Provider::accept_token(const Response& /*response*/, int64_t /*unix_seconds*/) {}

}  // namespace journeyctl::core::delivery
