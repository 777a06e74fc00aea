// Amazon SES v2 SendEmail (providers.md 1a/1b/1d): POST
// {base}/v2/email/outbound-emails, JSON, signed with AWS Signature V4 by
// libcurl (CURLOPT_AWS_SIGV4 "aws:amz:REGION:ses", the access key id and
// secret as user name and password). 200 means accepted; the message id
// is the answer's MessageId.
#pragma once

#include <memory>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: access_key_id, secret_access_key, region (all required; the
// region is letters, digits and '-', since it becomes part of a host
// name). DeliveryConfigError when one is missing or the region is not one.
std::unique_ptr<Provider> make_ses(const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
