// An email Message as SMTP would carry it: an RFC 5322 message with MIME
// (RFC 2045-2047) — Date, From, To, Subject, Message-ID, the message's
// extra headers (List-Unsubscribe, List-Unsubscribe-Post), MIME-Version,
// then text/plain and text/html parts (multipart/alternative when both
// exist) in UTF-8, quoted-printable. Lines end in CRLF, in the bodies too
// (a text's LF, CRLF or lone CR all become CRLF). No value from a profile
// can start a header of its own: a line break in a header's text becomes
// a space; text with non-ASCII or control characters (or "=?") becomes
// RFC 2047 encoded-words (base64, at most 75 characters each); headers are
// folded at blanks to stay within 78 characters; and an address with a
// control character is refused before it gets here (address_problem in
// address.hpp: the invalid_address outcome; to_eml throws
// std::invalid_argument on one). Everything is deterministic: the Message-ID
// is a hash of the journey, template, profile and instant, and the MIME
// boundary derives from it, so a golden file can hold the output.
#pragma once

#include <string>
#include <string_view>

#include "core/expr/value.hpp"
#include "journeys/messages/message.hpp"

namespace journeyctl::journeys {

struct EmlOptions {
    core::expr::Timestamp now;  // the Date header, and part of the Message-ID
    std::string journey;        // empty outside a journey (`render`)
    std::string template_name;
    std::string profile_key;
};

std::string to_eml(const Message& message, const EmlOptions& options);

// The parts of to_eml, for tests.
// RFC 2045 quoted-printable of UTF-8 text; line breaks (LF, CRLF or a lone
// CR) become CRLF, lines stay within 76 characters through soft breaks.
std::string quoted_printable(std::string_view text);
// A header value (what follows "Name: ", `used` being the columns that
// takes on the first line), folded with CRLF + space: line breaks become
// spaces; plain ASCII is kept and folded at its blanks; anything else (or
// a word too long for a line) becomes RFC 2047 encoded-words. An address
// "Name <a@b>" encodes only the name, keeping <a@b> readable.
std::string encode_header_text(std::string_view text, std::size_t used = 0);
std::string encode_address(std::string_view address, std::size_t used = 0);
// "Sun, 01 Nov 2026 09:00:00 +0000".
std::string rfc5322_date(core::expr::Timestamp time);

}  // namespace journeyctl::journeys
