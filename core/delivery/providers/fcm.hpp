// Firebase Cloud Messaging HTTP v1: one push a request to a device token,
// authorised by an OAuth2 access token that is either given (the
// access_token setting) or obtained from a service account (the
// service_account setting: the key file's JSON, from an environment
// variable) through token_request()/accept_token() and cached until a few
// minutes before it expires. Contract: shared/reference/providers.md 1a-1c.
#pragma once

#include <memory>

#include "core/delivery/provider.hpp"

namespace journeyctl::core::delivery {

// Settings: project_id, and exactly one of access_token and
// service_account. With a service account, the token request goes to the
// key file's token_uri, or to base_url + "/token" when the channel has a
// base_url (a test peer). DeliveryConfigError when a setting is missing or
// malformed (the key file does not parse, its key is not RSA), or when
// both or neither credential is given.
std::unique_ptr<Provider> make_fcm(const ChannelConfig& channel);

}  // namespace journeyctl::core::delivery
