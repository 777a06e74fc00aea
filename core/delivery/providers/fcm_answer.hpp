// FCM HTTP v1's answers read into a Classification. Errors are a
// google.rpc.Status, {"error": {"code", "message", "status", "details":
// [{"@type": "...FcmError", "errorCode": "UNREGISTERED"}, ...]}}, whose
// FcmError code is more precise than `status`; a 502 may be a Google HTML
// page. Codes: firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode,
// classes: shared/reference/providers.md Part 2. Where neither the code
// nor Google's retry advice decides, the status rule does
// (http_answer.hpp).
#pragma once

#include <string>
#include <vector>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery::providers {

struct FcmOutcome {
    Classification classification;
    // 401 UNAUTHENTICATED: FCM did not accept the OAuth2 access token
    // (expired or revoked). Classified Permanent here; a provider that can
    // fetch a new token makes it a Retry (core/delivery/providers/fcm.cpp).
    bool access_token_refused = false;
};

FcmOutcome classify_fcm_answer(const Response& response, const std::vector<std::string>& secrets);

}  // namespace journeyctl::core::delivery::providers
