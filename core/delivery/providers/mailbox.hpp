// An email address as the JSON APIs want it: SendGrid takes {"email",
// "name"}, SMTP's envelope and SES's Destination take the bare address.
// Channel `from` values and profile addresses come as "local@domain" or
// "Display Name <local@domain>" (journeys/messages/address.hpp checked
// them before delivery sees them), so splitting is all that is left.
#pragma once

#include <string>
#include <string_view>

namespace journeyctl::core::delivery::providers {

struct Mailbox {
    std::string name;     // empty when the text has none
    std::string address;  // local@domain
};

// "Ann <ann@example.com>" -> {"Ann", "ann@example.com"}; a quoted name
// loses its quotes and backslash escapes ("\"Doe, Jane\" <j@x>" ->
// "Doe, Jane"); "ann@example.com" -> {"", "ann@example.com"}. Blanks
// around either part are dropped.
Mailbox split_mailbox(std::string_view text);

// For providers that take 7-bit ASCII addresses only (no SMTPUTF8, RFC
// 6531): SendGrid (its spec's `format: email`; its API takes such an
// address and drops the message later, so the refusal must be ours) and
// SES (its documentation: 7-bit ASCII, a domain in punycode). Throws
// std::invalid_argument, which fails that one message, naming the
// provider, the address (`to` or `from`), the first non-ASCII character
// and whether it is in the local part or the domain; returns otherwise.
void require_ascii_addresses(std::string_view provider, std::string_view to, std::string_view from);

}  // namespace journeyctl::core::delivery::providers
