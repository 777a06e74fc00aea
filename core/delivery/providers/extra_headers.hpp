// The extra email headers of a message (OutgoingMessage::headers:
// List-Unsubscribe and List-Unsubscribe-Post, RFC 8058) made safe for
// every provider, and added to an RFC 5322 message for those that take
// one (SMTP, SES raw). A header is one line: a line break in a value
// would let the value start a header of its own ("Bcc: ..."), so control
// characters become spaces, as in the eml writer. A name that is not a
// header name (empty, a colon, a blank, non-ASCII) is a caller's mistake,
// not the provider's or the recipient's: std::invalid_argument.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace journeyctl::core::delivery::providers {

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

// The headers, names checked and values on one line.
HeaderFields checked_email_headers(const HeaderFields& headers);

// `message` (RFC 5322, CRLF line ends) with each of `headers` appended to
// its header block, unless the message already has a header of that name
// (compared without case): the message's own header wins. Long values are
// folded at their blanks to stay within 78 characters a line where they
// can (RFC 5322 2.1.1).
std::string with_email_headers(std::string_view message, const HeaderFields& headers);

}  // namespace journeyctl::core::delivery::providers
