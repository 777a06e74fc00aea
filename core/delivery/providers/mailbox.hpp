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

}  // namespace journeyctl::core::delivery::providers
