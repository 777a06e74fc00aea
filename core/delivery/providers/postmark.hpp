// Postmark (providers.md 1a/1b): POST {base}/email, JSON, the server token
// in X-Postmark-Server-Token. 200 with ErrorCode 0 means sent; a 200 can
// also carry an ErrorCode, and the batch endpoint answers 200 with one
// result per message, so the body decides, not the status alone.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: server_token (required), message_stream (default: outbound).
// DeliveryConfigError when the token is missing.
std::unique_ptr<Provider> make_postmark(const ChannelConfig& channel);

// The answer of POST /email/batch for `message_count` messages sent in one
// array: one Classification per message, in the request's order. A 2xx's
// array is read entry by entry (ErrorCode 0 sent, 429 and maintenance
// retried, others permanent); an entry without an ErrorCode, one missing
// from a shorter array, or every message of a 2xx that is not an array is
// ambiguous: Postmark may have taken the message. Any other answer (401,
// 422, 429, 5xx) applies to every message. `secrets` are kept out of the
// error texts (redact.hpp's channel_secrets).
std::vector<Classification> classify_postmark_batch(const Response& response, std::size_t message_count,
                                                    const std::vector<std::string>& secrets);

}  // namespace journeyctl::core::delivery
