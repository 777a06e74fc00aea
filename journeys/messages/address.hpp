// The one rule every channel's address follows, shared by the policy
// checks (the invalid_address outcome), `render` and the eml writer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace journeyctl::journeys {

// How messages name a byte that is not allowed somewhere: "a line feed
// (LF)", "a space", "a comma", "a control character (\x1b)", "a non-ASCII
// byte (\xc3)", "'<'".
std::string byte_name(unsigned char c);

// Why an address (any channel's `to`: an email address, a phone number, a
// device token, a webhook id) cannot be used, or nothing when it can. A
// control character, CR, LF and NUL included, is refused: in an email it
// would end the To header and start another ("Bcc: ..."), and no phone
// number, token or id holds one. The message ends as invalid_address.
// Says which character and where: "a line feed (LF) at byte 14".
std::optional<std::string> address_problem(std::string_view address);

// For an email channel (`to` and `from`), also: the address is one
// mailbox, `local@domain` or `Display Name <local@domain>`. A space or one
// of RFC 5322's specials in the address itself is refused, since a comma
// or semicolon would add a recipient and a bracket or quote would change
// which address is used; quoted local parts ("john doe"@example.com) are
// refused with them (rare, and no provider needs them). The display name
// may hold anything but a control character: the eml writer quotes or
// encodes it. Non-ASCII is allowed (SMTPUTF8 addresses).
std::optional<std::string> email_address_problem(std::string_view address);

}  // namespace journeyctl::journeys
